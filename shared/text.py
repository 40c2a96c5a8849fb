"""Comparing what people type: case, spacing and Vietnamese diacritics do not matter."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Lower case, diacritics removed (đ → d), runs of spaces made one: ``Mã  Đối tượng`` →
    ``ma doi tuong``. Remembered: an import folds the same few kinds, award names and
    authorities in every row."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _SPACES.sub(" ", bare).strip().lower()
