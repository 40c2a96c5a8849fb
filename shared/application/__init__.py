"""Running commands against event streams: load, decide, append."""

from shared.application.streams import business_time, execute, load_stream

__all__ = ["business_time", "execute", "load_stream"]
