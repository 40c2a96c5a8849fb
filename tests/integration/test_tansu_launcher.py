"""The Tansu launcher: starts a working broker, stops it without leaving a process behind."""

from __future__ import annotations

import gc
import socket
from pathlib import Path
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from shared.kafka.tansu import BrokerStartError, TansuBroker
from tests.harness import create_topics, eventually

pytestmark = pytest.mark.integration

#: Tansu answers a JoinGroup after about half the session timeout; 6 s is Kafka's minimum.
FAST_GROUP: dict[str, Any] = {"session_timeout_ms": 6000, "heartbeat_interval_ms": 500}


def process_gone(pid: int) -> bool:
    return not Path(f"/proc/{pid}").exists()


async def produce(bootstrap: str, topic: str) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    try:
        await producer.send_and_wait(topic, b"value", key=b"stream-1", headers=[("type", b"T")])
    finally:
        await producer.stop()


async def consume_one(bootstrap: str, topic: str) -> tuple[Any, Any, dict[str, bytes]]:
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id="launcher-test",
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        **FAST_GROUP,
    )
    await consumer.start()
    try:
        record = await consumer.getone()
        await consumer.commit()
    finally:
        await consumer.stop()
    return record.key, record.value, dict(record.headers)


async def test_a_keyed_message_with_headers_goes_through(tmp_path: Path) -> None:
    async with TansuBroker(log_dir=tmp_path) as broker:
        await create_topics(broker.bootstrap_servers, ["launcher.events"])
        await produce(broker.bootstrap_servers, "launcher.events")

        key, value, headers = await consume_one(broker.bootstrap_servers, "launcher.events")

    assert (key, value, headers) == (b"stream-1", b"value", {"type": b"T"})


async def test_stopping_leaves_no_process(tmp_path: Path) -> None:
    broker = TansuBroker(log_dir=tmp_path)
    await broker.start()
    pid = broker.pid
    assert pid is not None

    await broker.stop()
    await broker.stop()

    assert not broker.running
    assert process_gone(pid)
    with pytest.raises(RuntimeError, match="not running"):
        _ = broker.bootstrap_servers


async def test_a_forgotten_broker_is_stopped_by_its_finaliser(tmp_path: Path) -> None:
    broker = TansuBroker(log_dir=tmp_path)
    await broker.start()
    pid = broker.pid
    assert pid is not None

    del broker
    gc.collect()

    await eventually(lambda: process_gone(pid), timeout=10, message="broker still running")


async def test_a_missing_binary_is_a_start_error(tmp_path: Path) -> None:
    broker = TansuBroker(binary=tmp_path / "no-such-tansu")

    with pytest.raises(BrokerStartError, match="cannot run Tansu binary"):
        await broker.start()


async def test_a_binary_that_exits_is_a_start_error_with_its_log(tmp_path: Path) -> None:
    script = tmp_path / "fake-tansu"
    script.write_text("#!/bin/sh\necho 'address in use' >&2\nexit 3\n")
    script.chmod(0o755)

    with pytest.raises(BrokerStartError, match=r"exited with code 3(.|\n)*address in use"):
        await TansuBroker(binary=script, log_dir=tmp_path).start()


async def test_a_binary_that_never_answers_times_out(tmp_path: Path) -> None:
    script = tmp_path / "silent-tansu"
    script.write_text("#!/bin/sh\nexec sleep 30\n")
    script.chmod(0o755)
    broker = TansuBroker(binary=script, startup_timeout_s=0.5, log_dir=tmp_path)

    with pytest.raises(BrokerStartError, match="did not answer"):
        await broker.start()
    assert not broker.running


async def test_a_port_in_use_is_a_start_error(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        broker = TansuBroker(port=taken.getsockname()[1], log_dir=tmp_path)

        with pytest.raises(BrokerStartError, match="in use"):
            await broker.start()
