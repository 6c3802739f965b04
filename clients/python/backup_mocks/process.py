"""Start the backup-mocks command line on ephemeral ports, and stop it leaving no process behind."""

from __future__ import annotations

import atexit
import json
import os
import shlex
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Iterable, Sequence

from .admin import AdminClient, AdminError

PACKAGE = "backup-mocks"
#: What a wrong guess at the command costs at most before it is reported.
DEFAULT_START_TIMEOUT = 30.0
#: How long `POST /shutdown` may take before the process group is terminated.
STOP_TIMEOUT = 10.0
POLL_SECONDS = 0.02


class HarnessError(RuntimeError):
    """backup-mocks could not be found, did not start, or exited before it was ready."""


def _is_backup_mocks_checkout(folder: Path) -> bool:
    try:
        manifest = json.loads((folder / "package.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(manifest, dict) and manifest.get("name") == PACKAGE


def find_command(start: Path | None = None) -> list[str]:
    """The command that runs backup-mocks, looked for the way a project has it.

    In order: ``$BACKUP_MOCKS_COMMAND`` (split as a shell would); the package in
    ``node_modules/`` of ``start`` or a folder above it (``npm install --save-dev``); a checkout
    of backup-mocks itself (its own ``bin/``); ``backup-mocks`` on ``PATH`` (``npm install -g``).
    """
    given = os.environ.get("BACKUP_MOCKS_COMMAND", "").strip()
    if given:
        return shlex.split(given)
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        for script in (folder / "node_modules" / PACKAGE / "bin" / "backup-mocks.js", folder / "bin" / "backup-mocks.js"):
            if script.is_file() and (script.parent.parent != folder or _is_backup_mocks_checkout(folder)):
                node = shutil.which("node")
                if node is None:
                    raise HarnessError(f"found {script}, but no `node` on PATH to run it (backup-mocks needs Node.js 20 or later)")
                return [node, str(script)]
    on_path = shutil.which(PACKAGE)
    if on_path:
        return [on_path]
    raise HarnessError(
        f"backup-mocks not found from {here}: install it in the project (npm install --save-dev <tarball>), "
        "or set BACKUP_MOCKS_COMMAND (e.g. 'npx backup-mocks')"
    )


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Harness:
    """A running ``backup-mocks serve``: its URLs, an admin client, and :meth:`stop`.

    Use :meth:`start` (or the pytest fixtures). It runs in a process group of its own, so that
    stopping it ends whatever the command started (``npx`` starts a shell, which starts node).
    """

    def __init__(self, process: subprocess.Popen[bytes] | None, urls: dict, workdir: Path | None = None) -> None:
        self.process = process
        self.pid: int | None = process.pid if process else None
        #: ``{"admin": url, "vendors": {vendor: {listener: url}}}``, as the ready file gives them.
        self.urls: dict = urls
        self.admin_url: str = self.urls["admin"]
        self.admin = AdminClient(self.admin_url, urls=self.urls)
        self._workdir = workdir
        self._stopped = False
        if process:
            atexit.register(self.stop)

    @classmethod
    def connect(cls, admin_url: str) -> "Harness":
        """A server started elsewhere (a CI service container): its URLs, on the admin URL's host.
        :meth:`stop` leaves it running."""
        admin = AdminClient(admin_url)
        admin.health()
        return cls(None, admin.served_urls())

    @classmethod
    def start(
        cls,
        command: Sequence[str] | None = None,
        *,
        scenarios: Iterable[str] = (),
        clock: str = "manual",
        args: Iterable[str] = (),
        cwd: str | os.PathLike[str] | None = None,
        env: dict[str, str] | None = None,
        timeout: float = DEFAULT_START_TIMEOUT,
    ) -> "Harness":
        """Start ``serve --port-base 0`` and wait until every listener is up (its ready file).

        ``scenarios`` are files or shipped scenario names (``vcenter-demo``), ``clock`` is
        ``manual`` (the default here: time moves only through the admin client), ``real`` or
        ``xN``, ``args`` any further ``serve`` flags.
        """
        argv = list(command) if command else find_command(Path(cwd) if cwd else None)
        workdir = Path(tempfile.mkdtemp(prefix="backup-mocks-"))
        ready_file = workdir / "ready.json"
        log_path = workdir / "output.log"
        flags = ["serve", "--port-base", "0", "--quiet", "--clock", clock, "--ready-file", str(ready_file)]
        for scenario in scenarios:
            flags += ["--scenario", str(scenario)]
        with open(log_path, "wb") as log:
            try:
                process = subprocess.Popen(
                    [*argv, *flags, *args],
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    cwd=cwd,
                    env=env,
                    start_new_session=os.name == "posix",
                )
            except OSError as e:
                shutil.rmtree(workdir, ignore_errors=True)
                raise HarnessError(f"cannot run {shlex.join(argv)}: {e}") from e
        deadline = time.monotonic() + timeout
        # A real process starting: wait for its ready file (written atomically) or its exit.
        while not ready_file.exists():
            code = process.poll()
            if code is not None or time.monotonic() > deadline:
                output = log_path.read_text(encoding="utf-8", errors="replace").strip()
                _terminate_group(process)
                shutil.rmtree(workdir, ignore_errors=True)
                why = f"exited with code {code}" if code is not None else f"was not ready within {timeout:g} s"
                raise HarnessError(f"{shlex.join([*argv, *flags, *args])} {why}" + (f":\n{output}" if output else ""))
            time.sleep(POLL_SECONDS)
        ready = json.loads(ready_file.read_text(encoding="utf-8"))
        return cls(process, ready["urls"], workdir)

    def url(self, vendor: str, listener: str = "http") -> str:
        """One listener's base URL, e.g. ``url("vcenter", "https")``."""
        try:
            return self.urls["vendors"][vendor][listener]
        except KeyError:
            served = {v: sorted(ls) for v, ls in self.urls["vendors"].items()}
            raise KeyError(f"no listener {vendor}/{listener}; served: {served}") from None

    def client(self, tenant: str | None = None) -> AdminClient:
        """An admin client bound to ``tenant`` (None: the scenario's default tenant)."""
        return self.admin.for_tenant(tenant)

    @property
    def running(self) -> bool:
        return not self._stopped and (self.process is None or self.process.poll() is None)

    def output(self) -> str:
        """What the command printed (with ``--quiet``: errors only)."""
        try:
            return (self._workdir / "output.log").read_text(encoding="utf-8", errors="replace") if self._workdir else ""
        except OSError:
            return ""

    def stop(self) -> None:
        """``POST /shutdown``, then terminate the process group; safe to call more than once.
        A server this harness only connected to is left running."""
        if self._stopped:
            return
        self._stopped = True
        if self.process is None:
            return
        atexit.unregister(self.stop)
        if self.process.poll() is None:
            try:
                self.admin.shutdown()
                self.process.wait(STOP_TIMEOUT)
            except (AdminError, OSError, subprocess.TimeoutExpired):
                pass
        _terminate_group(self.process)
        if self._workdir:
            shutil.rmtree(self._workdir, ignore_errors=True)

    def __enter__(self) -> "Harness":
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _terminate_group(process: subprocess.Popen[bytes]) -> None:
    """End the process and everything in its group: SIGTERM, then SIGKILL for what lingers."""
    if os.name != "posix":
        if process.poll() is None:
            process.kill()
        process.wait()
        return
    pgid = process.pid
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(pgid, sig)
        except ProcessLookupError:
            break
        deadline = time.monotonic() + STOP_TIMEOUT / 2
        while time.monotonic() < deadline:
            process.poll()  # reap the leader, so that it does not linger as a zombie member
            if not _group_alive(pgid):
                break
            time.sleep(POLL_SECONDS)
        if not _group_alive(pgid):
            break
    process.wait()
