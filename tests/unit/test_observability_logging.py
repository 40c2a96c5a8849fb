"""JSON and text log lines carry the correlation id of the request or event being handled."""

from __future__ import annotations

import io
import json
import logging
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from shared.consumer import DeadLetter, IdempotentConsumer, IncomingRecord
from shared.consumer.tables import metadata
from shared.database import create_engine
from shared.events import parse_event
from shared.observability.correlation import (
    bound_correlation_id,
    correlation_id_in,
    shared_correlation_id,
)
from shared.observability.logging import QuietProbesFilter, log_handler


@pytest.fixture
def lines() -> Iterator[tuple[logging.Logger, io.StringIO]]:
    """A logger writing JSON lines to a buffer."""
    stream = io.StringIO()
    logger = logging.getLogger(f"tests.observability.{uuid.uuid4().hex}")
    logger.addHandler(log_handler("json", stream))
    logger.setLevel(logging.INFO)
    logger.propagate = False
    yield logger, stream
    logger.handlers.clear()


def written(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_a_json_line_carries_the_current_correlation_id(
    lines: tuple[logging.Logger, io.StringIO],
) -> None:
    logger, stream = lines
    with bound_correlation_id("corr-1"):
        logger.info("granted %s", "award", extra={"agency": "06"})
    [line] = written(stream)
    assert line["correlation_id"] == "corr-1"
    assert line["message"] == "granted award"
    assert line["level"] == "INFO"
    assert line["agency"] == "06"
    assert line["logger"] == logger.name


def test_a_json_line_without_correlation_id_has_no_such_field(
    lines: tuple[logging.Logger, io.StringIO],
) -> None:
    logger, stream = lines
    logger.info("idle")
    assert "correlation_id" not in written(stream)[0]


def test_a_json_line_keeps_the_traceback(lines: tuple[logging.Logger, io.StringIO]) -> None:
    logger, stream = lines
    try:
        raise ValueError("broken")
    except ValueError:
        logger.exception("failed")
    assert "ValueError: broken" in written(stream)[0]["exception"]


def test_a_text_line_shows_the_correlation_id() -> None:
    stream = io.StringIO()
    handler = log_handler("text", stream)
    record = logging.LogRecord("tdkt", logging.INFO, __file__, 1, "hello", None, None)
    with bound_correlation_id("corr-2"):
        handler.handle(record)
    assert "[corr-2] hello" in stream.getvalue()


def test_probe_requests_are_left_out_of_the_access_log() -> None:
    def access(path: str) -> logging.LogRecord:
        args = ("127.0.0.1:5000", "GET", path, "1.1", 200)
        return logging.LogRecord(
            "uvicorn.access", logging.INFO, "", 1, "%s %s %s %s %d", args, None
        )

    quiet = QuietProbesFilter()
    assert not quiet.filter(access("/readyz"))
    assert quiet.filter(access("/agencies"))


def test_the_correlation_id_of_kafka_records() -> None:
    one = (("event_type", b"X"), ("correlation_id", b"c-1"))
    other = (("correlation_id", b"c-2"),)
    assert correlation_id_in(one) == "c-1"
    assert shared_correlation_id([one, one]) == "c-1"
    assert shared_correlation_id([one, other]) is None
    assert shared_correlation_id([()]) is None


class _Sink:
    async def send(self, letters: list[DeadLetter]) -> None:
        pass


class _Nothing:
    async def apply(self, connection: Any, events: Any) -> None:
        pass


async def test_a_dead_letter_is_logged_with_its_event_correlation_id(
    postgres_database_url: str, lines: tuple[logging.Logger, io.StringIO]
) -> None:
    logger, stream = lines
    consumer_log = logging.getLogger("shared.consumer.idempotent")
    consumer_log.addHandler(logger.handlers[0])
    engine = create_engine(postgres_database_url)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(metadata.create_all)
        consumer: IdempotentConsumer[Any] = IdempotentConsumer(
            name="unit",
            engine=engine,
            parse=parse_event,
            event_id_of=lambda event: event.event_id,
            handler=_Nothing(),
            dead_letters=_Sink(),
        )
        headers = (("correlation_id", b"corr-poison"),)
        await consumer.process([IncomingRecord("t", 0, 7, None, b"not json", headers)])
    finally:
        consumer_log.removeHandler(logger.handlers[0])
        await engine.dispose()
    [line] = written(stream)
    assert line["correlation_id"] == "corr-poison"
    assert "dead-lettered" in line["message"]
