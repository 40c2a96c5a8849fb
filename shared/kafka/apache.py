"""Apache Kafka's own broker, run from its jars as a child process.

The jars come from Maven Central: ``deploy/kafka/pom.xml`` pins the version (the compose
file's image is the same one) and ``mvn dependency:copy-dependencies`` copies them once into a
cache outside the work tree (``$TDKT_CACHE_DIR``, else ``$XDG_CACHE_HOME/tdkt``, else
``~/.cache/tdkt``). One combined broker and KRaft controller listens on loopback ports, its
log on disk in ``data_dir`` (kept across restarts: a restarted broker has every topic and
record it had), topics are never auto-created and nothing expires. Run
``python -m shared.kafka.apache --help``.

Nobody gets in without credentials. The client listener takes SASL/SCRAM-SHA-512 only, and
every request is authorised by ACL (``StandardAuthorizer``; no ACL means no access): the
super user ``admin`` creates topics, users and ACLs (:mod:`shared.kafka.access`), everyone else
gets exactly what their ACLs say. ``admin``'s SCRAM credential is written into the metadata log
when the storage is formatted (``kafka-storage format --add-scram``, KIP-900), with a random
password kept in ``data_dir/credentials.json`` (mode 0600). The controller listener, which the
broker part uses to reach the KRaft controller, takes SASL/PLAIN with a static JAAS user whose
random password is written into the configuration at each start; it is no way in either.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
import weakref
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Self

from pydantic import SecretStr

from shared.kafka.access import SCRAM_ITERATIONS, scram_salted_password
from shared.kafka.security import KafkaCredentials
from shared.kafka.topics import ensure_topics, reach_broker
from shared.runtime.host import exclusive_file_lock, free_loopback_port

_HOST = "127.0.0.1"
_POLL_S = 0.1
_POM = Path(__file__).resolve().parents[2] / "deploy" / "kafka" / "pom.xml"

#: The super user (SCRAM, client listener) and the controller listener's user (PLAIN).
ADMIN_USER = "admin"
CONTROLLER_USER = "controller"
#: Broker settings that matter to the product; the compose file must agree (a test checks).
PRODUCT_SETTINGS: Mapping[str, str] = {
    "auto.create.topics.enable": "false",
    # Projections are rebuilt from offset zero: no record may ever expire.
    "log.retention.ms": "-1",
    "log.retention.bytes": "-1",
    # Every request is authorised by ACL; what no ACL allows, nobody but a super user may do.
    "authorizer.class.name": "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
    "allow.everyone.if.no.acl.found": "false",
    "super.users": f"User:{ADMIN_USER};User:{CONTROLLER_USER}",
    "sasl.mechanism.inter.broker.protocol": "SCRAM-SHA-512",
    "sasl.mechanism.controller.protocol": "PLAIN",
}
_SINGLE_NODE_SETTINGS: Mapping[str, str] = {
    "offsets.topic.replication.factor": "1",
    "transaction.state.log.replication.factor": "1",
    "transaction.state.log.min.isr": "1",
    "share.coordinator.state.topic.replication.factor": "1",
    "share.coordinator.state.topic.min.isr": "1",
    "group.initial.rebalance.delay.ms": "0",
    "num.partitions": "3",
}
#: The broker's heap is bounded: tests, benchmarks and the local run share a 2-core machine.
JVM_OPTIONS = ("-Xms256m", "-Xmx768m", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20")
#: For a broker that lives minutes (the tests'): the JIT stops at its first tier, which starts
#: the broker with about 40 % less CPU (4.0 s against 6.9 s here) and keeps it idling lighter,
#: for slower code under a long load. Benchmarks and the local run keep :data:`JVM_OPTIONS`.
QUICK_START_JVM_OPTIONS = (*JVM_OPTIONS, "-XX:TieredStopAtLevel=1")
#: ``kafka-storage format`` runs once and exits: only its start-up counts.
_TOOL_JVM_OPTIONS = ("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")


class BrokerStartError(RuntimeError):
    """Java, Maven or the jars are missing, or the broker exited or did not answer in time."""


def kafka_version(pom: Path = _POM) -> str:
    """The Apache Kafka version ``deploy/kafka/pom.xml`` pins."""
    match = re.search(r"<kafka\.version>([^<]+)</kafka\.version>", pom.read_text())
    if match is None:
        raise BrokerStartError(f"{pom} names no kafka.version")
    return match.group(1)


def cache_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """Where downloaded engines are kept between runs (outside the work tree)."""
    if environ.get("TDKT_CACHE_DIR"):
        return Path(environ["TDKT_CACHE_DIR"])
    base = environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "tdkt"


def ensure_jars(version: str | None = None) -> Path:
    """The directory of the broker's jars, copied from Maven Central on first use."""
    version = version or kafka_version()
    libs = cache_dir() / f"kafka-{version}" / "libs"
    if (libs / ".complete").exists():
        return libs
    mvn = shutil.which("mvn")
    if mvn is None:
        raise BrokerStartError("Maven (mvn) is not installed: it fetches Apache Kafka's jars")
    libs.parent.mkdir(parents=True, exist_ok=True)
    with exclusive_file_lock(libs.parent / ".lock"):
        if (libs / ".complete").exists():
            return libs
        staging = Path(tempfile.mkdtemp(prefix="libs-", dir=libs.parent))
        command = [mvn, "-q", "-B", "-f", str(_POM), "dependency:copy-dependencies"]
        command += [f"-Dkafka.version={version}", "-DincludeScope=runtime"]
        command += [f"-DoutputDirectory={staging}"]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            shutil.rmtree(staging, ignore_errors=True)
            raise BrokerStartError(
                f"Maven could not fetch Apache Kafka {version}:\n{result.stdout[-3000:]}"
            )
        (staging / ".complete").touch()
        shutil.rmtree(libs, ignore_errors=True)
        staging.rename(libs)
    return libs


def _java() -> str:
    java_home = os.environ.get("JAVA_HOME")
    java = str(Path(java_home) / "bin" / "java") if java_home else shutil.which("java")
    if not java or not Path(java).exists():
        raise BrokerStartError("Java (17 or newer) is not installed: Apache Kafka runs on it")
    return java


class ApacheKafka:
    """One Apache Kafka broker (KRaft, combined mode) on loopback, owned by this process.

    ``data_dir`` holds the log, the configuration and the super user's credentials; without
    one, a temporary directory is used and deleted at ``stop()``. Use
    ``async with ApacheKafka() as kafka:`` or call ``start()``/``stop()``. A finaliser stops
    the process if its owner forgets to. Clients authenticate: ``admin_credentials`` is the
    super user, who gives everyone else their users and ACLs (:mod:`shared.kafka.access`).
    """

    def __init__(
        self,
        *,
        data_dir: Path | None = None,
        port: int | None = None,
        startup_timeout_s: float = 90.0,
        stop_timeout_s: float = 20.0,
        jvm_options: Sequence[str] = JVM_OPTIONS,
    ) -> None:
        self._ephemeral = data_dir is None
        self._jvm_options = tuple(jvm_options)
        self._data_dir = data_dir
        self._requested_port = port
        self._startup_timeout_s = startup_timeout_s
        self._stop_timeout_s = stop_timeout_s
        self._process: subprocess.Popen[bytes] | None = None
        self._finalizer: weakref.finalize[..., ApacheKafka] | None = None
        self._port: int | None = None
        self._admin: KafkaCredentials | None = None
        self.version = kafka_version()

    @property
    def bootstrap_servers(self) -> str:
        """``host:port`` to give Kafka clients; only valid while the broker runs."""
        if self._port is None or not self.running:
            raise RuntimeError("the Kafka broker is not running")
        return f"{_HOST}:{self._port}"

    @property
    def admin_credentials(self) -> KafkaCredentials:
        """The super user ``admin`` (SCRAM-SHA-512); known once the broker was started."""
        if self._admin is None:
            raise RuntimeError("the Kafka broker was not started")
        return self._admin

    @property
    def credentials_path(self) -> Path:
        """Where the super user's password is kept (JSON, readable by its owner only)."""
        return self.data_dir / "credentials.json"

    @property
    def data_dir(self) -> Path:
        if self._data_dir is None:
            raise RuntimeError("the Kafka broker was not started")
        return self._data_dir

    @property
    def log_path(self) -> Path:
        return self.data_dir / "broker.log"

    @property
    def pid(self) -> int | None:
        return self._process.pid if self.running and self._process else None

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    async def start(self) -> None:
        """Fetch the jars if needed, format the log once, start, wait until it answers."""
        if self._process is not None:
            raise RuntimeError("the Kafka broker was already started")
        java = _java()
        libs = await asyncio.to_thread(ensure_jars, self.version)
        if self._data_dir is None:
            self._data_dir = Path(tempfile.mkdtemp(prefix="tdkt-kafka-"))
        self._data_dir = self._data_dir.resolve()
        self._data_dir.mkdir(parents=True, exist_ok=True)
        self._port = self._requested_port or free_loopback_port()
        _require_free(self._port)
        self._admin = self._admin_once()
        properties = self._write_config(free_loopback_port())
        await asyncio.to_thread(self._format_once, java, libs, properties)
        self._process = self._spawn(java, libs, properties)
        self._finalizer = weakref.finalize(
            self, _reap, self._process, self._stop_timeout_s, self._ephemeral_dir()
        )
        try:
            await self._wait_until_ready()
        except BaseException:
            await self.stop()
            raise

    async def stop(self) -> None:
        """Stop the broker (SIGTERM: a controlled shutdown; SIGKILL after the timeout)."""
        process, self._process = self._process, None
        if self._finalizer is not None:
            self._finalizer.detach()
        if process is not None and process.poll() is None:
            process.terminate()
            if not await _exited_within(process, self._stop_timeout_s):
                process.kill()
                await _exited_within(process, self._stop_timeout_s)
        ephemeral = self._ephemeral_dir()
        if ephemeral is not None:
            shutil.rmtree(ephemeral, ignore_errors=True)

    def kill(self) -> None:
        """``kill -9`` the broker (for failure tests); ``start()`` may then run again."""
        if self._process is not None:
            self._process.kill()
            self._process.wait()
        self._process = None
        if self._finalizer is not None:
            self._finalizer.detach()

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

    def _ephemeral_dir(self) -> Path | None:
        return self._data_dir if self._ephemeral else None

    def admin_credentials_on_disk(self) -> KafkaCredentials | None:
        """The super user of the log in ``data_dir`` (running or not), if it has one."""
        path = self.credentials_path
        if not path.exists():
            return None
        password = json.loads(path.read_text(encoding="utf-8"))["admin_password"]
        return KafkaCredentials(username=ADMIN_USER, password=SecretStr(password))

    def _admin_once(self) -> KafkaCredentials:
        """The super user's credentials: kept in the data dir, made up for a new log."""
        kept = self.admin_credentials_on_disk()
        if kept is not None:
            return kept
        path = self.credentials_path
        if (self.data_dir / "log" / "meta.properties").exists():
            raise BrokerStartError(
                f"the Kafka log in {self.data_dir} was formatted before the broker required "
                f"authentication, and has no super user: delete {self.data_dir} (each "
                f"service's relay publishes its events again from its store)"
            )
        password = secrets.token_urlsafe(24)
        _write_private(path, json.dumps({"admin_password": password}) + "\n")
        return KafkaCredentials(username=ADMIN_USER, password=SecretStr(password))

    def _write_config(self, controller_port: int) -> Path:
        settings = {
            "process.roles": "broker,controller",
            "node.id": "1",
            "controller.quorum.voters": f"1@{_HOST}:{controller_port}",
            "listeners": f"CLIENT://{_HOST}:{self._port},CONTROLLER://{_HOST}:{controller_port}",
            "advertised.listeners": f"CLIENT://{_HOST}:{self._port}",
            "controller.listener.names": "CONTROLLER",
            "inter.broker.listener.name": "CLIENT",
            "listener.security.protocol.map": "CLIENT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT",
            **security_settings(
                self.admin_credentials.password.get_secret_value(), secrets.token_urlsafe(24)
            ),
            "log.dirs": str(self.data_dir / "log"),
            **_SINGLE_NODE_SETTINGS,
            **PRODUCT_SETTINGS,
        }
        path = self.data_dir / "server.properties"
        _write_private(path, "".join(f"{key}={value}\n" for key, value in settings.items()))
        (self.data_dir / "log4j2.properties").write_text(_LOG4J2.format(log=self.log_path))
        return path

    def _format_once(self, java: str, libs: Path, properties: Path) -> None:
        if (self.data_dir / "log" / "meta.properties").exists():
            return
        admin = scram_bootstrap(ADMIN_USER, self.admin_credentials.password.get_secret_value())
        command = ["format", "-t", new_cluster_id(), "-c", str(properties), "-S", admin]
        _run_tool(java, libs, command)

    def _spawn(self, java: str, libs: Path, properties: Path) -> subprocess.Popen[bytes]:
        command = [java, *self._jvm_options, *self._logging_options(), "-cp", f"{libs}/*"]
        command += ["kafka.Kafka", str(properties)]
        with (self.data_dir / "broker.out").open("ab") as out:
            return subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT
            )

    def _logging_options(self) -> list[str]:
        return [f"-Dlog4j2.configurationFile={self.data_dir / 'log4j2.properties'}"]

    async def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + self._startup_timeout_s
        address = f"{_HOST}:{self._port}"
        last_error = "no answer yet"
        while time.monotonic() < deadline:
            self._raise_if_exited()
            last_error = await _kafka_error(address, self.admin_credentials)
            if not last_error:
                self._raise_if_exited()
                return
            await asyncio.sleep(_POLL_S)
        raise BrokerStartError(
            f"Kafka did not answer on {address} within {self._startup_timeout_s:g} s "
            f"({last_error}); log {self.log_path}:\n{self._log_tail()}"
        )

    def _raise_if_exited(self) -> None:
        code = self._process.poll() if self._process else None
        if code is not None:
            raise BrokerStartError(
                f"Kafka exited with code {code} during start; log {self.log_path}:\n"
                f"{self._log_tail()}"
            )

    def _log_tail(self, lines: int = 30) -> str:
        texts = []
        for path in (self.data_dir / "broker.out", self.log_path):
            if path.exists():
                texts += path.read_text(encoding="utf-8", errors="replace").splitlines()
        return "\n".join(texts[-lines:]) or "(empty log)"


def security_settings(admin_password: str, controller_password: str) -> dict[str, str]:
    """SCRAM-SHA-512 on the ``CLIENT`` listener, PLAIN on the ``CONTROLLER`` listener.

    The broker authenticates to itself (inter-broker, on ``CLIENT``) as ``admin`` and to the
    KRaft controller as ``controller``, whose only password is the static one given here.
    """
    scram = "org.apache.kafka.common.security.scram.ScramLoginModule"
    plain = "org.apache.kafka.common.security.plain.PlainLoginModule"
    return {
        "listener.name.client.sasl.enabled.mechanisms": "SCRAM-SHA-512",
        "listener.name.client.scram-sha-512.sasl.jaas.config": (
            f'{scram} required username="{ADMIN_USER}" password="{admin_password}";'
        ),
        "listener.name.controller.sasl.enabled.mechanisms": "PLAIN",
        "listener.name.controller.plain.sasl.jaas.config": (
            f'{plain} required username="{CONTROLLER_USER}" password="{controller_password}" '
            f'user_{CONTROLLER_USER}="{controller_password}";'
        ),
    }


def scram_bootstrap(username: str, password: str) -> str:
    """A ``kafka-storage format --add-scram`` value: the user's salted password, not the
    password itself (which would show in the process list)."""
    salt = secrets.token_bytes(32)
    salted = scram_salted_password(password, salt, SCRAM_ITERATIONS)
    encoded = [base64.b64encode(value).decode() for value in (salt, salted)]
    return (
        f"SCRAM-SHA-512=[name={username},iterations={SCRAM_ITERATIONS},"
        f'salt="{encoded[0]}",saltedpassword="{encoded[1]}"]'
    )


def _write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path``, readable and writable by this user only."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(text)
    path.chmod(0o600)


_LOG4J2 = """\
status = warn
appender.file.type = File
appender.file.name = file
appender.file.fileName = {log}
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = file
logger.kafka.name = kafka
logger.kafka.level = WARN
logger.apache.name = org.apache.kafka
logger.apache.level = WARN
logger.state.name = state.change.logger
logger.state.level = WARN
logger.started.name = kafka.server.KafkaRaftServer
logger.started.level = INFO
"""


def new_cluster_id() -> str:
    """A cluster id as ``kafka-storage random-uuid`` makes one (Kafka's ``Uuid.randomUuid``:
    a random UUID in URL-safe base64 without padding, never starting with ``-``), without
    starting a JVM for it."""
    while True:
        text = base64.urlsafe_b64encode(uuid.uuid4().bytes).rstrip(b"=").decode()
        if not text.startswith("-"):
            return text


def _run_tool(java: str, libs: Path, arguments: list[str]) -> str:
    command = [java, *_TOOL_JVM_OPTIONS, "-cp", f"{libs}/*", "kafka.tools.StorageTool"]
    command += arguments
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BrokerStartError(f"kafka-storage {arguments[0]} failed:\n{result.stdout}")
    return result.stdout


def _reap(process: subprocess.Popen[bytes], timeout_s: float, ephemeral: Path | None) -> None:
    """Finaliser: stop a broker whose owner never called ``stop()`` (no event loop needed)."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout_s)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout_s)
    if ephemeral is not None:
        shutil.rmtree(ephemeral, ignore_errors=True)


async def _exited_within(process: subprocess.Popen[bytes], timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while process.poll() is None:
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(_POLL_S / 5)
    return True


async def _kafka_error(address: str, credentials: KafkaCredentials) -> str:
    """Why ``address`` does not answer as a Kafka broker yet ("" once it does)."""
    host, _, port = address.rpartition(":")
    # A plain TCP probe first: aiokafka logs an error for every refused connection.
    if not await _port_open(host, int(port)):
        return "connection refused"
    try:
        await reach_broker(address, timeout_s=2.0, credentials=credentials)
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


def _require_free(port: int) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((_HOST, port))
        except OSError as error:
            raise BrokerStartError(f"port {port} on {_HOST} is in use: {error}") from error


async def _serve(data_dir: Path | None, port: int | None, topics: list[str], parts: int) -> None:
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stopping.set)
    async with ApacheKafka(data_dir=data_dir, port=port) as kafka:
        if topics:
            await ensure_topics(
                kafka.bootstrap_servers, topics, parts, credentials=kafka.admin_credentials
            )
        print(f"Apache Kafka {kafka.version} on {kafka.bootstrap_servers}", flush=True)
        print(
            f"SASL/SCRAM-SHA-512; the super user {ADMIN_USER}'s password is in "
            f"{kafka.credentials_path}",
            flush=True,
        )
        print(f"log and data: {kafka.data_dir}; Ctrl-C to stop.", flush=True)
        while kafka.running and not stopping.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stopping.wait(), timeout=0.5)
        if not stopping.is_set():
            raise BrokerStartError(f"Kafka exited unexpectedly; log {kafka.log_path}")


def main(argv: list[str] | None = None) -> int:
    """Run an Apache Kafka broker in the foreground until Ctrl-C (or SIGTERM)."""
    parser = argparse.ArgumentParser(prog="python -m shared.kafka.apache", description=main.__doc__)
    parser.add_argument("--data-dir", type=Path, default=None, help="default: a temporary one")
    parser.add_argument("--port", type=int, default=None, help="port (default: a free one)")
    parser.add_argument("--topics", default="", help="comma-separated topics to create")
    parser.add_argument("--partitions", type=int, default=3, help="partitions per topic")
    args = parser.parse_args(argv)
    topics = [name.strip() for name in args.topics.split(",") if name.strip()]
    try:
        asyncio.run(_serve(args.data_dir, args.port, topics, args.partitions))
    except BrokerStartError as error:
        parser.exit(1, f"error: {error}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
