"""JSON from outside (comment exports, JSON-LD in saved pages, labels files), read with limits.

The standard parser recurses once per level of nesting and turns every integer literal into
an `int`: "[[[[…" 100,000 deep raises RecursionError wherever it happens to run out of stack,
and a 5,000-digit number raises a ValueError about string conversion. Here both, and nesting
deeper than `MAX_DEPTH`, are one `JsonLimit` (a ValueError) with a plain message, so callers
that already refuse malformed JSON refuse these too.

>>> loads('{"comments": [{"text": "Yes"}]}')
{'comments': [{'text': 'Yes'}]}
>>> loads("[" * 600 + "]" * 600)
Traceback (most recent call last):
...
analysis.jsontext.JsonLimit: JSON nested too deeply (over 200 levels)
"""

from __future__ import annotations

import json
from typing import Any

#: Deeper than any export or JSON-LD block seen (a Reddit thread 40 replies deep is ~170).
MAX_DEPTH = 200
#: Digits of the longest integer read: ids and counts fit with room to spare.
MAX_INT_DIGITS = 40


class JsonLimit(ValueError):
    """JSON that is well formed but beyond what is read: too deep, or a number too long."""


def _int(literal: str) -> int:
    digits = len(literal.lstrip("-"))
    if digits > MAX_INT_DIGITS:
        raise JsonLimit(f"a JSON number {digits:,} digits long (the limit is {MAX_INT_DIGITS})")
    return int(literal)


def _depth(value: Any) -> int:
    """Nesting depth of parsed JSON, without recursion (a list or object is one level)."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            item = item.values()
        elif not isinstance(item, list):
            continue
        depth += 1
        if depth > deepest:
            deepest = depth
            if deepest > MAX_DEPTH:
                break
        stack.extend((child, depth) for child in item if isinstance(child, (dict, list)))
    return deepest


def loads(text: str | bytes) -> Any:
    """`json.loads` with the limits above; raises `json.JSONDecodeError` (a ValueError) for
    malformed JSON and `JsonLimit` for JSON beyond them."""
    try:
        data = json.loads(text, parse_int=_int)
    except RecursionError as exc:
        raise JsonLimit(f"JSON nested too deeply (over {MAX_DEPTH} levels)") from exc
    if _depth(data) > MAX_DEPTH:
        raise JsonLimit(f"JSON nested too deeply (over {MAX_DEPTH} levels)")
    return data
