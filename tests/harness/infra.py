"""Test infrastructure: the Kafka-protocol broker, PostgreSQL databases, polling with a deadline.

Plain functions, so scripts and fixtures share them; ``tests/conftest.py`` wires them up.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import inspect
import secrets
import subprocess
import sys
import time
import uuid
from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import asyncpg
from aiokafka.client import AIOKafkaClient
from pydantic import SecretStr
from sqlalchemy.engine import make_url

from shared.database.embedded import EPHEMERAL_SETTINGS, EmbeddedPostgres, EmbeddedPostgresError
from shared.kafka.access import (
    AccessPlan,
    AdminSession,
    InstanceUsers,
    ServiceUsers,
    provision,
    provision_instance,
)
from shared.kafka.apache import QUICK_START_JVM_OPTIONS, ApacheKafka, BrokerStartError
from shared.kafka.security import KafkaCredentials, aiokafka_options
from shared.kafka.topics import BrokerUnavailable, TopicNames, ensure_topics, wait_for_kafka

T = TypeVar("T")

EXTERNAL_KAFKA_TIMEOUT_S = 30.0


class InfraUnavailable(RuntimeError):
    """A piece of test infrastructure could not be reached or started."""


@dataclass(frozen=True)
class HarnessConfig:
    """What the test run was told about its infrastructure (from the environment)."""

    kafka_bootstrap: str | None
    postgres_url: str | None
    ci: bool
    #: A super user of the external broker (``TDKT_TEST_KAFKA_USERNAME``/``_PASSWORD``).
    kafka_credentials: KafkaCredentials | None = None

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> HarnessConfig:
        """Read ``TDKT_TEST_KAFKA_BOOTSTRAP`` (with ``TDKT_TEST_KAFKA_USERNAME``,
        ``_PASSWORD``, ``_SASL_MECHANISM``, ``_SECURITY_PROTOCOL``), ``TDKT_TEST_POSTGRES_URL``
        and ``CI``."""
        username = environ.get("TDKT_TEST_KAFKA_USERNAME") or None
        credentials = None
        if username is not None:
            credentials = KafkaCredentials.model_validate(
                {
                    "username": username,
                    "password": environ.get("TDKT_TEST_KAFKA_PASSWORD", ""),
                    "mechanism": environ.get("TDKT_TEST_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512"),
                    "security_protocol": environ.get(
                        "TDKT_TEST_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT"
                    ),
                }
            )
        return cls(
            kafka_bootstrap=environ.get("TDKT_TEST_KAFKA_BOOTSTRAP") or None,
            postgres_url=environ.get("TDKT_TEST_POSTGRES_URL") or None,
            ci=environ.get("CI", "").lower() in {"1", "true", "yes"},
            kafka_credentials=credentials,
        )


def unique_hex(length: int = 12) -> str:
    """A short random hex string for names that must not collide between tests."""
    return uuid.uuid4().hex[:length]


async def external_kafka(bootstrap: str, credentials: KafkaCredentials | None = None) -> str:
    """Check that the Kafka named by the environment answers; never fall back silently."""
    try:
        await wait_for_kafka(
            bootstrap, EXTERNAL_KAFKA_TIMEOUT_S, interval_s=2.0, credentials=credentials
        )
    except BrokerUnavailable as error:
        raise InfraUnavailable(f"TDKT_TEST_KAFKA_BOOTSTRAP is set but {error}") from error
    return bootstrap


@dataclass
class KafkaHarness:
    """The session's broker: its super user, and one user per service for this session.

    ``admin`` is ``None`` only for an external broker given without credentials (one that
    does not authenticate); the tests of access control then fail, saying so. The session's
    users are named ``t<hex>-<role>`` (an external broker may hold other tests' users) and get
    ACLs per topic prefix through :meth:`grant`, as the setup gives the real ones; a province's
    instance ``<i>`` has users ``t<hex>-<i>-registry`` and ``t<hex>-<i>-awards``
    (:meth:`grant_instance`).
    """

    bootstrap: str
    admin: KafkaCredentials | None
    session: str = field(default_factory=lambda: f"t{unique_hex(8)}")
    passwords: dict[str, SecretStr] = field(default_factory=dict)

    @property
    def users(self) -> ServiceUsers:
        return ServiceUsers(
            *(f"{self.session}-{role}" for role in ("registry", "awards", "reporting"))
        )

    @property
    def integrator(self) -> str:
        return f"{self.session}-integrator"

    def usernames(self) -> list[str]:
        users = self.users
        return [users.registry, users.awards, users.reporting, self.integrator]

    def require_admin(self) -> KafkaCredentials:
        if self.admin is None:
            raise AssertionError(
                "this test needs a broker that authenticates: set TDKT_TEST_KAFKA_USERNAME and "
                "TDKT_TEST_KAFKA_PASSWORD (a super user) with TDKT_TEST_KAFKA_BOOTSTRAP"
            )
        return self.admin

    async def create_users(self) -> None:
        """Give each session user a random password (nothing to do without a super user)."""
        if self.admin is None:
            return
        self.passwords = {name: SecretStr(secrets.token_urlsafe(18)) for name in self.usernames()}
        async with AdminSession(self.bootstrap, self.admin) as session:
            await session.upsert_users(self.passwords)

    async def delete_users(self) -> None:
        """Remove the session's users and their ACLs (an external broker keeps no litter)."""
        if self.admin is None or not self.passwords:
            return
        async with AdminSession(self.bootstrap, self.admin) as session:
            await session.delete_users(self.passwords)
            for name in self.passwords:
                await session.delete_acls(f"User:{name}")

    def credentials(self, username: str) -> KafkaCredentials:
        """A session user's credentials (``TDKT_TEST_KAFKA_*`` mechanism and protocol)."""
        admin = self.require_admin()
        return KafkaCredentials(
            username=username,
            password=self.passwords[username],
            mechanism=admin.mechanism,
            security_protocol=admin.security_protocol,
        )

    def plan(
        self,
        prefix: str,
        *,
        awards_group: str = "tdkt-awards",
        reporting_group: str = "tdkt-reporting",
        instances: tuple[str, ...] = (),
    ) -> AccessPlan:
        """The production access plan under ``prefix``, for the session's users (with the
        provinces' ``instances``)."""
        return AccessPlan(
            topics=TopicNames(prefix=prefix),
            awards_group=awards_group,
            reporting_group=reporting_group,
            users=self.users,
            integrators=(self.integrator,),
            instances=instances,
            instance_user_prefix=f"{self.session}-",
        )

    async def grant(self, plan: AccessPlan, partitions: int = 3) -> AccessPlan:
        """Create the plan's topics, users and ACLs, as ``python -m shared.kafka.setup`` does
        (users the session has no password for yet get a random one)."""
        admin = self.require_admin()
        self._make_passwords(plan.usernames)
        await provision(self.bootstrap, admin, plan, self.passwords, partitions=partitions)
        return plan

    async def grant_instance(
        self, plan: AccessPlan, instance: str, partitions: int = 3
    ) -> InstanceUsers:
        """Add a province's instance to a granted ``plan`` (its topics, users and ACLs), as
        ``python -m shared.kafka.setup instance <instance>`` does; its users' names
        (:meth:`credentials` gives their credentials)."""
        admin = self.require_admin()
        self._make_passwords(plan.instance_usernames(instance))
        await provision_instance(
            self.bootstrap, admin, plan, instance, self.passwords, partitions=partitions
        )
        return plan.instance_users(instance)

    def _make_passwords(self, usernames: Iterable[str]) -> None:
        for name in usernames:
            self.passwords.setdefault(name, SecretStr(secrets.token_urlsafe(18)))

    def service_settings(self, username: str) -> dict[str, str]:
        """``kafka_username``/``kafka_password`` settings of a service process."""
        credentials = self.credentials(username)
        return {
            "kafka_username": credentials.username,
            "kafka_password": credentials.password.get_secret_value(),
            "kafka_sasl_mechanism": credentials.mechanism,
            "kafka_security_protocol": credentials.security_protocol,
        }


_ANONYMOUS = contextvars.ContextVar("tdkt_anonymous_kafka_clients", default=False)


def authenticate_anonymous_clients(
    bootstrap: str, credentials: KafkaCredentials
) -> Callable[[], None]:
    """Make every aiokafka client of ``bootstrap`` created without credentials authenticate
    as ``credentials``.

    Code under test passes its credentials explicitly; many tests build clients and services
    with only the broker's address, and would otherwise be refused by the authenticating
    broker. Clients of other brokers, and clients created inside
    :func:`anonymous_kafka_clients`, are left alone. Returns the function that undoes this.
    """
    original = AIOKafkaClient.__init__
    options = aiokafka_options(credentials)

    def init(self: AIOKafkaClient, *args: Any, **kwargs: Any) -> None:
        anonymous = kwargs.get("security_protocol", "PLAINTEXT") == "PLAINTEXT"
        ours = kwargs.get("bootstrap_servers") in (bootstrap, [bootstrap])
        if anonymous and ours and not _ANONYMOUS.get():
            kwargs.update(options)
        original(self, *args, **kwargs)

    AIOKafkaClient.__init__ = init

    def undo() -> None:
        AIOKafkaClient.__init__ = original

    return undo


@contextlib.contextmanager
def anonymous_kafka_clients() -> Iterator[None]:
    """Clients created in this block connect without credentials (as an outsider would)."""
    token = _ANONYMOUS.set(True)
    try:
        yield
    finally:
        _ANONYMOUS.reset(token)


def short_lived_kafka(**options: Any) -> ApacheKafka:
    """An Apache Kafka broker for a test (not started): ``options`` as ``ApacheKafka`` takes
    them, its JVM started for a short life (:data:`QUICK_START_JVM_OPTIONS`)."""
    return ApacheKafka(jvm_options=QUICK_START_JVM_OPTIONS, **options)


async def start_kafka() -> ApacheKafka:
    """Start an Apache Kafka broker for the test session (its log in a temporary directory);
    clients authenticate with its ``admin_credentials`` (SASL/SCRAM-SHA-512)."""
    broker = short_lived_kafka()
    try:
        await broker.start()
    except BrokerStartError as error:
        raise InfraUnavailable(f"could not start Apache Kafka: {error}") from error
    return broker


def remove_in_background(directory: Path) -> None:
    """Delete ``directory`` in a process of its own, not waited for: a session's embedded
    PostgreSQL holds a few hundred database copies, some 12 MB each, and deleting them took
    up to half a minute at the end of every test process."""
    subprocess.Popen(
        [sys.executable, "-c", _REMOVE, str(directory)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


_REMOVE = "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)"


def start_postgres(data_dir: Path) -> EmbeddedPostgres:
    """Start a throw-away embedded PostgreSQL for the test session in ``data_dir``."""
    server = EmbeddedPostgres(data_dir, settings=EPHEMERAL_SETTINGS)
    try:
        server.start()
    except (EmbeddedPostgresError, OSError) as error:
        raise InfraUnavailable(f"could not start the embedded PostgreSQL: {error}") from error
    return server


async def create_topics(
    bootstrap: str,
    names: Iterable[str],
    partitions: int = 3,
    *,
    credentials: KafkaCredentials | None = None,
) -> None:
    """Create ``names`` (if missing) with ``partitions`` partitions each."""
    await ensure_topics(bootstrap, names, partitions, credentials=credentials)


def asyncpg_dsn(url: str) -> str:
    """A libpq-style DSN asyncpg accepts, from any PostgreSQL URL (SQLAlchemy form or not)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def sqlalchemy_url(admin_url: str, database: str) -> str:
    """The ``postgresql+asyncpg://`` URL of ``database`` on the server of ``admin_url``."""
    parsed = make_url(admin_url).set(drivername="postgresql+asyncpg", database=database)
    return parsed.render_as_string(hide_password=False)


async def check_postgres(admin_url: str, timeout_s: float = 5.0) -> None:
    """Connect once; raise ``InfraUnavailable`` naming the server if that fails."""
    server = make_url(admin_url).render_as_string(hide_password=True)
    try:
        connection = await asyncpg.connect(asyncpg_dsn(admin_url), timeout=timeout_s)
    except (OSError, TimeoutError, asyncpg.PostgresError) as error:
        raise InfraUnavailable(f"PostgreSQL at {server} unreachable: {error!r}") from error
    await connection.close()


async def create_database(admin_url: str, name: str, template: str | None = None) -> str:
    """Create database ``name`` (empty, or a copy of ``template``); return its
    ``postgresql+asyncpg://`` URL."""
    connection = await asyncpg.connect(asyncpg_dsn(admin_url))
    try:
        copy = f' TEMPLATE "{template}"' if template else ""
        await connection.execute(f'CREATE DATABASE "{name}"{copy}')
    finally:
        await connection.close()
    return sqlalchemy_url(admin_url, name)


async def drop_databases(admin_url: str, names: Iterable[str]) -> None:
    """Drop ``names``, disconnecting whoever still uses them."""
    connection = await asyncpg.connect(asyncpg_dsn(admin_url))
    try:
        for name in names:
            await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await connection.close()


async def eventually(
    predicate: Callable[[], T | Awaitable[T]],
    timeout: float = 10.0,  # noqa: ASYNC109 - the deadline is reported with the last result
    interval: float = 0.05,
    message: str = "condition not met",
) -> T:
    """Poll ``predicate`` until it returns something truthy; return that value.

    A falsy result or an ``AssertionError`` means "not yet"; any other error fails at once.
    After ``timeout`` seconds, raise ``AssertionError`` with ``message`` and the last result.
    """
    deadline = time.monotonic() + timeout
    while True:
        try:
            outcome = predicate()
            result = await outcome if inspect.isawaitable(outcome) else outcome
            if result:
                return result
            last = f"last result: {result!r}"
        except AssertionError as error:
            last = f"last assertion: {error}"
        if time.monotonic() >= deadline:
            raise AssertionError(f"{message} within {timeout:g} s ({last})")
        await asyncio.sleep(interval)
