"""backup-mocks from Python: start the mock servers on ephemeral ports and drive them.

>>> with Harness.start(scenarios=["vcenter-demo"]) as mocks:
...     vcenter = mocks.url("vcenter", "https")
...     mocks.admin.clock.advance("2h")

Under pytest the plugin gives the fixtures ``backup_mocks`` (a client bound to a tenant of the
test's own) and ``backup_mocks_server`` (the :class:`Harness` of the session).
"""

from .admin import TENANT_HEADER, AdminClient, AdminError, VerificationError
from .process import Harness, HarnessError, find_command

__all__ = ["TENANT_HEADER", "AdminClient", "AdminError", "Harness", "HarnessError", "VerificationError", "find_command"]
