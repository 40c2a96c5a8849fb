"""A stored event's Kafka record, rendered by PostgreSQL as it reads the row.

The relay publishes thousands of events a second, and turning each row into Python objects and
back into JSON was most of its work (about 20 µs an event, against 8 µs to produce it). Here the
read renders the record itself: the key, the envelope's JSON and the header values come back as
bytes, byte for byte what :func:`shared.envelope.encode_event` makes of the same row (members in
the contract's order, compact, RFC 3339 times as orjson writes them, the stored payload as it
is). ``tests/integration/test_outbox_reader.py`` holds the two to that.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, LargeBinary, literal_column

from shared.envelope import KAFKA_HEADERS


def _string(column: str) -> str:
    """A text column as a JSON string (PostgreSQL escapes as orjson does)."""
    return f"to_json({column})::text"


def _uuid(column: str) -> str:
    return f"'\"' || {column}::text || '\"'"


def _time(column: str) -> str:
    """As orjson writes an aware UTC datetime: microseconds only when there are any."""
    utc = f"{column} AT TIME ZONE 'UTC'"
    return (
        f"'\"' || to_char({utc}, 'YYYY-MM-DD\"T\"HH24:MI:SS')"
        f" || CASE WHEN mod(extract(microseconds FROM {column})::bigint, 1000000) = 0"
        f" THEN '' ELSE to_char({utc}, '.US') END || '+00:00\"'"
    )


_MEMBERS = (
    ("event_id", _uuid("event_id")),
    ("event_type", _string("event_type")),
    ("schema_version", "schema_version::text"),
    ("agency", _string("agency")),
    ("stream_id", _string("stream_id")),
    ("stream_version", "stream_version::text"),
    ("occurred_at", _time("occurred_at")),
    ("recorded_at", _time("recorded_at")),
    ("actor", _string("actor")),
    ("correlation_id", _uuid("correlation_id")),
    ("causation_id", f"coalesce({_uuid('causation_id')}, 'null')"),
    ("payload", "payload::text"),
)
_HEADER_SQL = {
    "event_type": "event_type",
    "schema_version": "schema_version::text",
    "agency": "agency",
    "event_id": "event_id::text",
    "correlation_id": "correlation_id::text",
}


def _utf8(sql: str, label: str) -> ColumnElement[bytes]:
    """The text's bytes in the client's encoding, which asyncpg always sets to UTF-8.

    ``textsend`` copies the text as the server sends any text (converted only if the server's
    encoding differs); ``convert_to(…, 'UTF8')`` validated every byte again and made the key
    and headers cost half as much more to read.
    """
    return literal_column(f"textsend({sql})", LargeBinary).label(label)


def _envelope_json() -> str:
    members = " || ',' || ".join(f"'\"{name}\":' || {sql}" for name, sql in _MEMBERS)
    return f"'{{' || {members} || '}}'"


#: The record's columns, in this order: key, value, then the value of each header of
#: :data:`shared.envelope.KAFKA_HEADERS`.
RECORD_COLUMNS: tuple[ColumnElement[bytes], ...] = (
    _utf8("stream_id", "record_key"),
    _utf8(_envelope_json(), "record_value"),
    *(_utf8(_HEADER_SQL[name], f"header_{name}") for name in KAFKA_HEADERS),
)
