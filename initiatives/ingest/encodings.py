"""Encoding labels as web servers and documents write them, read the way browsers read them."""

from __future__ import annotations

import codecs

# Labels read as the encoding that browsers use for them (the WHATWG Encoding Standard): servers
# that say GB2312 or Shift_JIS send the larger Windows code pages in practice.
SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "euc-cn": "gb18030",
    "csgb2312": "gb18030",
    "chinese": "gb18030",
    "iso-ir-58": "gb18030",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "ms_kanji": "cp932",
    "csshiftjis": "cp932",
    "windows-31j": "cp932",
    "ms932": "cp932",
    "euc-kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "ksc5601": "cp949",
    "windows-949": "cp949",
    "cseuckr": "cp949",
    "korean": "cp949",
    "big5": "big5hkscs",
    "big5-hkscs": "big5hkscs",
    "cn-big5": "big5hkscs",
    "x-x-big5": "big5hkscs",
    "csbig5": "big5hkscs",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "tis-620": "cp874",
    "iso-8859-11": "cp874",
}
# Python codecs that are no text encoding a web server means (or, UTF-7, one browsers dropped as a risk).
NOT_WEB_ENCODINGS = frozenset(
    {"utf-7", "idna", "punycode", "unicode-escape", "raw-unicode-escape", "undefined", "palmos"}
)


def web_encoding(label: str | None) -> str | None:
    """The Python codec for an encoding label, or None if it names none a web page can be in."""
    if not label or not isinstance(label, str):
        return None
    label = label.strip().strip("\"'").lower()
    label = SUPERSETS.get(label, label)
    try:
        info = codecs.lookup(label)
    except (LookupError, ValueError):  # unknown, or a label with NUL in it
        return None
    if not info._is_text_encoding or info.name in NOT_WEB_ENCODINGS:  # base64, rot13, zlib...
        return None
    return info.name
