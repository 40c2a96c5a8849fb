"""Running commands against event streams: load, decide, append."""

from shared.application.streams import load_stream
from shared.vietnam_time import business_time

__all__ = ["business_time", "load_stream"]
