"""Starting and stopping the command: ephemeral ports, clear failures, and no process left behind."""

import os
import shlex
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from backup_mocks import Harness, HarnessError, find_command
from backup_mocks.process import _group_alive

HERE = Path(__file__).resolve().parent


def test_it_serves_every_vendor_on_ephemeral_ports_and_stop_ends_its_whole_process_group():
    with Harness.start() as mocks:
        ports = {urlsplit(url).port for listeners in mocks.urls["vendors"].values() for url in listeners.values()}
        assert 8443 not in ports and 8400 not in ports
        assert all(port > 1024 for port in ports)
        assert mocks.admin.health() == {"status": "ok"}
        assert _group_alive(mocks.pid)
    assert not mocks.running
    assert not _group_alive(mocks.pid)
    mocks.stop()  # a second stop is harmless


def test_a_server_whose_command_left_a_child_behind_is_stopped_with_it(tmp_path):
    # A wrapper like npx: a shell that starts node and stays. Ending the group ends both.
    real = find_command(HERE)
    wrapper = tmp_path / "wrapper.sh"
    wrapper.write_text(f"#!/bin/sh\n{shlex.join(real)} \"$@\" &\nwait\n")
    wrapper.chmod(0o755)
    mocks = Harness.start([str(wrapper)])
    server_pid = _server_pid(mocks)
    assert server_pid != mocks.pid
    mocks.stop()
    assert not _group_alive(mocks.pid)
    with pytest.raises(ProcessLookupError):
        os.kill(server_pid, 0)


def _server_pid(mocks):
    """The node process's own id: the one that writes the ready file (its `pid`)."""
    import json

    return json.loads(next(mocks._workdir.glob("ready.json")).read_text())["pid"]


def test_a_session_whose_test_fails_still_stops_the_server(pytester, monkeypatch):
    monkeypatch.setenv("BACKUP_MOCKS_COMMAND", shlex.join(find_command(HERE)))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(HERE.parent), os.environ.get("PYTHONPATH", "")]))
    pytester.makepyfile(
        """
        from pathlib import Path

        def test_fails(backup_mocks, backup_mocks_server):
            Path("server.pid").write_text(str(backup_mocks_server.pid))
            backup_mocks.clock.advance("1h")
            assert False, "a test that fails"
        """
    )
    result = pytester.runpytest_subprocess("-p", "backup_mocks.plugin")
    result.assert_outcomes(failed=1)
    pid = int((pytester.path / "server.pid").read_text())
    assert not _group_alive(pid)


def test_a_server_whose_python_process_is_killed_outright_stops_by_itself(tmp_path):
    # No teardown runs after SIGKILL: the command notices that its parent is gone and stops.
    import subprocess
    import time

    pid_file = tmp_path / "pid"
    script = (
        "import sys, time; from backup_mocks import Harness; "
        f"h = Harness.start({find_command(HERE)!r}); open({str(pid_file)!r}, 'w').write(str(h.pid)); time.sleep(60)"
    )
    runner = subprocess.Popen([sys.executable, "-c", script], env={**os.environ, "PYTHONPATH": str(HERE.parent)})
    deadline = time.monotonic() + 30
    while not pid_file.exists() or not pid_file.read_text():
        assert runner.poll() is None and time.monotonic() < deadline, "the runner did not start a server"
        time.sleep(0.02)
    server = int(pid_file.read_text())
    runner.kill()
    runner.wait()
    deadline = time.monotonic() + 10
    while _group_alive(server) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _group_alive(server)


def test_a_scenario_that_does_not_exist_is_reported_with_the_command_s_own_message():
    with pytest.raises(HarnessError, match=r"exited with code 2:\nerror: no scenario file no-such-scenario"):
        Harness.start(scenarios=["no-such-scenario"])


def test_a_command_that_exits_at_once_is_reported_with_its_exit_code():
    with pytest.raises(HarnessError, match="exited with code 3"):
        Harness.start([sys.executable, "-c", "import sys; sys.exit(3)"])


def test_a_command_that_cannot_run_is_reported():
    with pytest.raises(HarnessError, match="cannot run /no/such/backup-mocks"):
        Harness.start(["/no/such/backup-mocks"])


def test_the_command_is_found_in_the_project_s_node_modules_and_backup_mocks_command_wins(tmp_path, monkeypatch):
    script = tmp_path / "node_modules" / "backup-mocks" / "bin" / "backup-mocks.js"
    script.parent.mkdir(parents=True)
    script.write_text("")
    (tmp_path / "tests").mkdir()
    monkeypatch.delenv("BACKUP_MOCKS_COMMAND", raising=False)
    assert find_command(tmp_path / "tests")[1:] == [str(script)]
    monkeypatch.setenv("BACKUP_MOCKS_COMMAND", "npx --no-install backup-mocks")
    assert find_command(tmp_path / "tests") == ["npx", "--no-install", "backup-mocks"]


def test_a_folder_with_a_bin_of_another_package_is_not_taken_for_backup_mocks(tmp_path, monkeypatch):
    monkeypatch.delenv("BACKUP_MOCKS_COMMAND", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "backup-mocks.js").write_text("")
    (tmp_path / "package.json").write_text('{"name": "something-else"}')
    with pytest.raises(HarnessError, match="backup-mocks not found"):
        find_command(tmp_path)


def test_with_backup_mocks_admin_url_the_fixtures_use_that_server_and_leave_it_running(pytester, monkeypatch):
    with Harness.start(find_command(HERE)) as service:
        # As a CI job reaches a service container: by a name of its own, here localhost.
        admin = service.admin_url.replace("127.0.0.1", "localhost")
        monkeypatch.setenv("BACKUP_MOCKS_ADMIN_URL", admin)
        monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(HERE.parent), os.environ.get("PYTHONPATH", "")]))
        pytester.makepyfile(
            """
            import urllib.request

            def test_drives_the_running_server(backup_mocks, backup_mocks_server):
                assert backup_mocks_server.pid is None
                dds = backup_mocks.url("dds")
                assert dds.startswith("http://localhost:")
                opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
                with opener.open(urllib.request.Request(dds + "/v3", headers=backup_mocks.headers)) as res:
                    assert res.status == 200
                backup_mocks.journal.verify(vendor="dds", count=1)
            """
        )
        result = pytester.runpytest_subprocess("-p", "backup_mocks.plugin")
        result.assert_outcomes(passed=1)
        assert service.running
        assert service.admin.journal.count(vendor="dds") == 1
