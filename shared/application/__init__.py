"""Running commands against event streams: load, decide, append."""

from shared.application.streams import execute, load_stream
from shared.vietnam_time import business_time

__all__ = ["business_time", "execute", "load_stream"]
