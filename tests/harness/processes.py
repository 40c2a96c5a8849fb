"""Running a service as production does: its own process, configured by environment."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import httpx

from tests.harness.infra import eventually


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ServiceProcess:
    """``python -m services.<name>`` with ``TDKT_<NAME>_*`` variables; output kept in a file."""

    def __init__(self, name: str, settings: dict[str, str], label: str | None = None) -> None:
        self.name = name
        self.label = label or name  # one process among several of a service
        self.port = free_port()
        prefix = f"TDKT_{name.upper()}_"
        self._env = {
            **os.environ,
            **{prefix + key.upper(): value for key, value in settings.items()},
            prefix + "HTTP_PORT": str(self.port),
        }
        self.log_path = Path(tempfile.mkstemp(prefix=f"tdkt-{self.label}-", suffix=".log")[1])
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int | None:
        return None if self._process is None else self._process.pid

    async def start(self, timeout_s: float = 60.0) -> None:
        self._process = self._spawn()
        await eventually(self._healthy, timeout=timeout_s, message=f"{self.name} not healthy")

    def _spawn(self) -> subprocess.Popen[bytes]:
        with self.log_path.open("wb") as log:
            return subprocess.Popen(
                [sys.executable, "-m", f"services.{self.name}"],
                env=self._env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    async def _healthy(self) -> bool:
        if self._process is not None and self._process.poll() is not None:
            raise RuntimeError(f"{self.name} exited early:\n{self.log_tail()}")
        try:
            async with httpx.AsyncClient() as client:
                response = await client.get(f"{self.url}/healthz", timeout=1.0)
        except httpx.TransportError:
            return False
        return response.status_code == 204

    def stop(self, timeout_s: float = 20.0) -> bool:
        """SIGTERM, then kill after the timeout; whether the shutdown was graceful.

        uvicorn re-raises the signal once its shutdown is complete, so a graceful stop ends
        with -SIGTERM and "Application shutdown complete" in the log.
        """
        if self._process is None:
            return False
        self._process.send_signal(signal.SIGTERM)
        try:
            code = self._process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
            return False
        completed = "Application shutdown complete" in self.log_path.read_text(errors="replace")
        return code in (0, -signal.SIGTERM) and completed

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
