"""Bytes of any encoding to text: the order a browser would try, and never a UnicodeDecodeError.

1. A byte-order mark (UTF-8, UTF-16, UTF-32) wins: it cannot be there by accident.
2. The charset the server declared (Content-Type), then the one the document declares
   (``<meta charset>``, ``http-equiv`` Content-Type, ``<?xml encoding=?>``), each only if the
   bytes decode under it strictly: UN and Council of Europe pages have been served with
   declarations that do not match their bytes.
3. UTF-16 without a BOM (every other byte NUL), UTF-8, then Windows-1252 (the superset of Latin-1
   that legacy pages really use), which decodes anything.
"""

from __future__ import annotations

import codecs
import re

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECLARED = (
    re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE),
    re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)["']""", re.IGNORECASE),
)
SNIFF_BYTES = 4096


def declared_charset(data: bytes) -> str | None:
    """The charset a document declares about itself in its first few kilobytes, if any."""
    head = data[:SNIFF_BYTES]
    for pattern in _DECLARED:
        match = pattern.search(head)
        if match:
            return match.group(1).decode("ascii", "replace")
    return None


def _strict(data: bytes, encoding: str | None) -> str | None:
    if not encoding:
        return None
    try:
        codec = codecs.lookup(encoding).name
    except LookupError:
        return None  # an unknown charset name: try the next candidate
    if codec in ("utf-16", "utf-32"):
        return None  # without a BOM the byte order is unknown; handled below
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _looks_like_utf16(data: bytes) -> str | None:
    sample = data[:200]
    if len(sample) < 4:
        return None
    odd_nuls = sample[1::2].count(0)
    even_nuls = sample[0::2].count(0)
    half = len(sample) // 2
    if odd_nuls > half * 0.8:
        return "utf-16-le"
    if even_nuls > half * 0.8:
        return "utf-16-be"
    return None


def decode(data: bytes | str, *, declared: str | None = None) -> str:
    """Text from bytes (or text passed through). ``declared`` is the server's charset, if any."""
    if isinstance(data, str):
        return data.lstrip("\ufeff")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    for candidate in (declared, declared_charset(data), _looks_like_utf16(data), "utf-8"):
        text = _strict(data, candidate)
        if text is not None:
            return text
    return data.decode("cp1252", errors="replace")
