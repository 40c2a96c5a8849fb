"""The launchers of the real engines: Apache Kafka from its jars, PostgreSQL from its wheel.

Both keep their data on disk: a restart finds what was there. Neither leaves a process behind.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

import asyncpg
import pytest
from aiokafka import AIOKafkaProducer

from shared.database.embedded import EPHEMERAL_SETTINGS, EmbeddedPostgres
from shared.kafka.apache import BrokerStartError, cache_dir, kafka_version
from shared.kafka.security import aiokafka_options
from shared.kafka.topics import ensure_topics, list_topics
from tests.harness.infra import short_lived_kafka
from tests.harness.kafka_reader import read_topic

POM = Path(__file__).resolve().parents[2] / "deploy" / "kafka" / "pom.xml"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


async def test_a_restarted_broker_keeps_every_topic_and_record(tmp_path: Path) -> None:
    kafka = short_lived_kafka(data_dir=tmp_path / "kafka")
    async with kafka:
        admin = kafka.admin_credentials
        await ensure_topics(kafka.bootstrap_servers, ["kept.events"], 2, credentials=admin)
        producer = AIOKafkaProducer(
            bootstrap_servers=kafka.bootstrap_servers, acks="all", **aiokafka_options(admin)
        )
        await producer.start()
        try:
            for number in range(3):
                await producer.send_and_wait("kept.events", f"record {number}".encode())
        finally:
            await producer.stop()
        pid = kafka.pid
    assert pid is not None
    assert not _alive(pid)

    async with short_lived_kafka(data_dir=tmp_path / "kafka") as again:
        assert again.admin_credentials == admin  # the super user is kept with the log
        assert "kept.events" in await list_topics(again.bootstrap_servers, credentials=admin)
        records = await read_topic(
            again.bootstrap_servers, "kept.events", at_least=3, credentials=admin
        )
        assert sorted(record.value for record in records) == [b"record 0", b"record 1", b"record 2"]
    settings = (tmp_path / "kafka" / "server.properties").read_text()
    assert "auto.create.topics.enable=false" in settings
    assert "log.retention.ms=-1" in settings
    assert "allow.everyone.if.no.acl.found=false" in settings
    assert (
        "listener.security.protocol.map=CLIENT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT" in settings
    )
    for secret in ("server.properties", "credentials.json"):
        assert (tmp_path / "kafka" / secret).stat().st_mode & 0o777 == 0o600, secret


async def test_a_log_formatted_without_a_super_user_is_refused(tmp_path: Path) -> None:
    """A data dir from before the broker authenticated has no admin: say what to do."""
    (tmp_path / "kafka" / "log").mkdir(parents=True)
    (tmp_path / "kafka" / "log" / "meta.properties").write_text("version=1\n")
    kafka = short_lived_kafka(data_dir=tmp_path / "kafka")
    with pytest.raises(BrokerStartError, match="before the broker required authentication"):
        await kafka.start()
    await kafka.stop()
    assert kafka.pid is None


async def test_a_broker_without_data_dir_leaves_nothing_behind() -> None:
    kafka = short_lived_kafka()
    await kafka.start()
    data_dir, pid = kafka.data_dir, kafka.pid
    assert data_dir.exists()
    assert pid is not None
    await kafka.stop()
    assert not data_dir.exists()
    assert not _alive(pid)


async def test_a_port_in_use_is_refused() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        kafka = short_lived_kafka(port=taken.getsockname()[1])
        with pytest.raises(BrokerStartError, match="in use"):
            await kafka.start()
        await kafka.stop()


async def test_without_java_the_error_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JAVA_HOME", "/nonexistent/jdk")
    with pytest.raises(BrokerStartError, match="Java"):
        await short_lived_kafka().start()


def test_the_version_and_the_cache_are_those_configured(tmp_path: Path) -> None:
    assert f"<kafka.version>{kafka_version()}</kafka.version>" in POM.read_text()
    assert kafka_version().startswith("4.")
    assert cache_dir({"TDKT_CACHE_DIR": str(tmp_path)}) == tmp_path
    assert cache_dir({"XDG_CACHE_HOME": "/x", "HOME": "/h"}) == Path("/x/tdkt")


async def _tables(url: str) -> list[str]:
    connection = await asyncpg.connect(url)
    try:
        rows = await connection.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        return [row["tablename"] for row in rows]
    finally:
        await connection.close()


async def test_embedded_postgresql_keeps_its_data_and_only_its_starter_stops_it(
    tmp_path: Path,
) -> None:
    data_dir = tmp_path / "postgres"
    owner = EmbeddedPostgres(data_dir, settings=EPHEMERAL_SETTINGS)
    owner.start()
    try:
        url = owner.ensure_database("registry")
        assert owner.ensure_database("registry") == url  # a second call changes nothing
        connection = await asyncpg.connect(url)
        await connection.execute("CREATE TABLE kept (id int)")
        await connection.close()

        attached = EmbeddedPostgres(data_dir)
        attached.start()
        assert (attached.port, attached.owned, owner.owned) == (owner.port, False, True)
        attached.stop()  # not its server: it keeps running
        assert await _tables(url) == ["kept"]
    finally:
        owner.stop()
    with pytest.raises(ConnectionRefusedError):
        await asyncpg.connect(url, timeout=2)

    with EmbeddedPostgres(data_dir, settings=EPHEMERAL_SETTINGS) as restarted:
        assert await _tables(restarted.url("registry")) == ["kept"]
