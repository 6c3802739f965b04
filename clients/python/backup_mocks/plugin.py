"""The pytest plugin (entry point ``pytest11``): one backup-mocks server per session, a tenant per test.

Fixtures:

- ``backup_mocks_server`` (session): the running :class:`~backup_mocks.Harness`, started on
  ephemeral ports on first use and stopped at the end of the session, whatever the tests did;
  with ``$BACKUP_MOCKS_ADMIN_URL`` (or ``backup_mocks_url``) set, the server already running
  there (a CI service container), left running.
- ``backup_mocks`` (function): an :class:`~backup_mocks.AdminClient` bound to a tenant of this
  test's own (state, jobs, journal and clock apart from every other test), with the URLs;
  the tenant is reset afterwards.

Settings (``pytest.ini`` / ``[tool.pytest.ini_options]``): ``backup_mocks_url``, ``backup_mocks_command``,
``backup_mocks_scenarios``, ``backup_mocks_clock``, ``backup_mocks_args``.
"""

from __future__ import annotations

import itertools
import os
import re
import shlex
from typing import Iterator

import pytest

from .admin import AdminClient
from .process import Harness

_tenant_numbers = itertools.count(1)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini("backup_mocks_url", "the admin URL of a server already running (a CI service); $BACKUP_MOCKS_ADMIN_URL wins", default="")
    parser.addini("backup_mocks_command", "the command that runs backup-mocks, e.g. 'npx backup-mocks' (default: found from node_modules/)", default="")
    parser.addini("backup_mocks_scenarios", "scenario files (relative to the rootdir) or shipped scenario names", type="linelist", default=[])
    parser.addini("backup_mocks_clock", "the clock: manual (default), real or xN", default="manual")
    parser.addini("backup_mocks_args", "further flags for backup-mocks serve", type="args", default=[])


@pytest.fixture(scope="session")
def backup_mocks_server(pytestconfig: pytest.Config) -> Iterator[Harness]:
    """backup-mocks on ephemeral ports for the whole session; stopped however the session ends."""
    ini = pytestconfig.getini
    running = os.environ.get("BACKUP_MOCKS_ADMIN_URL") or ini("backup_mocks_url")
    if running:
        yield Harness.connect(running)
        return
    command = shlex.split(ini("backup_mocks_command")) or None
    harness = Harness.start(
        command,
        scenarios=ini("backup_mocks_scenarios"),
        clock=ini("backup_mocks_clock") or "manual",
        args=ini("backup_mocks_args"),
        cwd=pytestconfig.rootpath,
    )
    try:
        yield harness
    finally:
        harness.stop()


def _tenant_of(node: pytest.Item) -> str:
    """``t<n>-<test name>``: unique in the session, and readable in the journal and the dashboard."""
    name = re.sub(r"[^A-Za-z0-9_.-]+", "-", node.name).strip("-")[:48]
    return f"t{next(_tenant_numbers)}-{name}"


@pytest.fixture
def backup_mocks(backup_mocks_server: Harness, request: pytest.FixtureRequest) -> Iterator[AdminClient]:
    """An admin client bound to a tenant of this test's own; send ``backup_mocks.headers`` with vendor requests."""
    client = backup_mocks_server.client(_tenant_of(request.node))
    yield client
    if backup_mocks_server.running:
        client.reset()
