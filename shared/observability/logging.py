"""Log lines as JSON objects (one per line) or as text, each carrying the correlation id.

``configure_logging`` is called once by the process entry point (``shared.runtime.serve``);
uvicorn's loggers then write through the same handler.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any, Literal, TextIO

from shared.observability.correlation import current_correlation_id

LogFormat = Literal["json", "text"]

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(correlation_id)s] %(message)s"
#: Probe and scrape requests would drown every other access log line.
QUIET_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})

_PLAIN_RECORD = logging.LogRecord("", 0, "", 0, "", None, None)
#: What every record has (and uvicorn's ANSI-coloured copy of the message); anything else was
#: passed as ``extra=`` and becomes a field.
_RECORD_ATTRIBUTES = frozenset(vars(_PLAIN_RECORD)) | {
    "message",
    "asctime",
    "correlation_id",
    "color_message",
}
_ACCESS_FIELDS = ("client", "method", "path", "http_version", "status")


class CorrelationIdFilter(logging.Filter):
    """Stamps ``record.correlation_id`` (the current one, ``-`` if none) unless already set."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "correlation_id", None):
            record.correlation_id = current_correlation_id() or "-"
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time, level, logger, message, correlation id, extras."""

    def format(self, record: logging.LogRecord) -> str:
        document: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        correlation_id = getattr(record, "correlation_id", None) or current_correlation_id()
        if correlation_id and correlation_id != "-":
            document["correlation_id"] = correlation_id
        document.update(_extra_fields(record))
        if record.exc_info:
            document["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            document["stack"] = self.formatStack(record.stack_info)
        return json.dumps(document, ensure_ascii=False, default=str)


class QuietProbesFilter(logging.Filter):
    """Drops uvicorn's access lines for ``/healthz``, ``/readyz`` and ``/metrics``."""

    def filter(self, record: logging.LogRecord) -> bool:
        return _access_fields(record).get("path") not in QUIET_PATHS


def log_handler(log_format: LogFormat = "json", stream: TextIO | None = None) -> logging.Handler:
    """A handler writing to ``stream`` (stderr by default) in ``log_format``."""
    handler = logging.StreamHandler(stream)
    handler.addFilter(CorrelationIdFilter())
    text = logging.Formatter(TEXT_FORMAT)
    handler.setFormatter(JsonFormatter() if log_format == "json" else text)
    return handler


def configure_logging(log_format: LogFormat = "json", level: int = logging.INFO) -> None:
    """Send every logger (ours and uvicorn's) to one stderr handler in ``log_format``."""
    root = logging.getLogger()
    root.handlers[:] = [log_handler(log_format)]
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True
    logging.getLogger("uvicorn.access").filters[:] = [QuietProbesFilter()]


def _extra_fields(record: logging.LogRecord) -> dict[str, Any]:
    extras = {key: value for key, value in vars(record).items() if key not in _RECORD_ATTRIBUTES}
    return {**_access_fields(record), **extras}


def _access_fields(record: logging.LogRecord) -> dict[str, Any]:
    """uvicorn's access lines as fields (its record args are client, method, path, version,
    status)."""
    if record.name != "uvicorn.access" or not isinstance(record.args, tuple):
        return {}
    if len(record.args) != len(_ACCESS_FIELDS):
        return {}
    return dict(zip(_ACCESS_FIELDS, record.args, strict=True))
