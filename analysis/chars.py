"""Text from outside made safe to print, encode and store."""

from __future__ import annotations

import re

#: A lone surrogate: no Unicode character.
_SURROGATE = re.compile("[\ud800-\udfff]")


def unicode_text(text: str) -> str:
    """`text` with any lone surrogate (no Unicode character: it cannot be printed, encoded
    or stored) made U+FFFD, the replacement character.

    >>> unicode_text("caf\\udce9 ok")
    'caf� ok'
    """
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text)
    return text
