"""Errors raised by the event store."""


class EventStoreError(Exception):
    """Base of the store's errors."""


class ConcurrencyConflict(EventStoreError):
    """Another writer appended to the stream first: nothing was written."""

    def __init__(self, stream_id: str, expected_version: int, actual_version: int) -> None:
        super().__init__(
            f"stream {stream_id!r} is at version {actual_version}, "
            f"not the expected {expected_version}"
        )
        self.stream_id = stream_id
        self.expected_version = expected_version
        self.actual_version = actual_version
