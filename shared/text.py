"""Comparing what people type: case, spacing and Vietnamese diacritics do not matter."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower case, diacritics removed (đ → d), runs of spaces made one: ``Mã  Đối tượng`` →
    ``ma doi tuong``."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _SPACES.sub(" ", bare).strip().lower()
