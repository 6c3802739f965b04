# This checkout's own tests: pytester for the tests that run a whole pytest session, and the plugin
# from this folder, unless an installed copy registers itself through its pytest11 entry point
# (registering the one module twice is an error).
from importlib.metadata import entry_points

pytest_plugins = ["pytester"]
if not any(ep.name == "backup_mocks" for ep in entry_points(group="pytest11")):
    pytest_plugins.append("backup_mocks.plugin")
