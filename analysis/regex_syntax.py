"""The syntax of a regular expression, as far as `matching.start_keys` needs it: which
characters each place of a match may hold, how places repeat, group and branch.

Python publishes no parser of its own regular expressions (`re._parser` is private and moves
between versions), so this reads the part of the syntax that theme patterns and mood cues use:
literals and escapes, character classes, groups (capturing, named, non-capturing, with
inline flags), lookarounds and anchors (they hold no character), alternation and every
quantifier. Anything else (a back-reference, a conditional, an unknown escape) gives None:
the pattern's start cannot be known, and the caller tries it everywhere, which is always
correct. The parser never decides whether a text matches; `re` does.

A node is one of:

- ``("chars", items)``: one character, one of `items`; each item is a lower-case character,
  `SPACE` (a space or a non-word character: it ends a word) or `DIGIT` (any digit); `items`
  is None when the class cannot be listed (`.`, `\\w`, a negated class, a wide range);
- ``("zero",)``: a place that holds no character (`^`, `$`, `\\b`, a lookaround);
- ``("group", seq)``; ``("branch", [seq, ...])``; ``("repeat", low, high, seq)`` (high None:
  no limit).

>>> parse(r"(?:show|shows)\\s+tr[uv]e")[0]
('group', [('branch', [[('chars', ['s']), ('chars', ['h']), ('chars', ['o']), ('chars', ['w'])], \
[('chars', ['s']), ('chars', ['h']), ('chars', ['o']), ('chars', ['w']), ('chars', ['s'])]])])
>>> parse(r"a\\1") is None
True
"""

from __future__ import annotations

from typing import Any

#: An item of a character class that ends a word (`\\s`, `\\W`, a space).
SPACE = None
#: An item standing for any digit (`\\d`): two characters, so no literal is ever taken for it.
DIGIT = "\\d"
#: Ranges wider than this are not listed (the class is then unknown).
MAX_RANGE = 30

Node = tuple[Any, ...]
_ZERO: Node = ("zero",)
_ESCAPED_ZERO = frozenset("bBAZ")
#: A class item that cannot be listed (`\\w`, `\\S`, `\\D`).
_UNLISTED = object()
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v", "a": "\a"}


class _Unknown(Exception):
    """Syntax this reader does not know: the pattern's start cannot be worked out."""


def parse(pattern: str) -> list[Node] | None:
    """The nodes of `pattern`, in order; None when its syntax is beyond this reader."""
    reader = _Reader(pattern)
    try:
        seq = reader.alternation()
        if reader.pos != len(pattern):
            raise _Unknown("unbalanced ')'")
    except (_Unknown, RecursionError):
        return None
    return seq


class _Reader:
    def __init__(self, pattern: str) -> None:
        self.p = pattern
        self.pos = 0

    def peek(self, k: int = 0) -> str:
        i = self.pos + k
        return self.p[i] if i < len(self.p) else ""

    def take(self) -> str:
        if self.pos >= len(self.p):
            raise _Unknown("unexpected end")
        ch = self.p[self.pos]
        self.pos += 1
        return ch

    def alternation(self) -> list[Node]:
        branches = [self.sequence()]
        while self.peek() == "|":
            self.pos += 1
            branches.append(self.sequence())
        return branches[0] if len(branches) == 1 else [("branch", branches)]

    def sequence(self) -> list[Node]:
        seq: list[Node] = []
        while self.peek() not in ("", "|", ")"):
            atom = self.atom()
            if atom is None:
                continue  # an inline flag or a comment: nothing in the match
            seq.append(self.quantified(atom))
        return seq

    def quantified(self, atom: Node) -> Node:
        ch = self.peek()
        bounds: tuple[int, int | None] | None = None
        if ch and ch in "?*+":
            self.pos += 1
            bounds = {"?": (0, 1), "*": (0, None), "+": (1, None)}[ch]
        elif ch == "{":
            bounds = self.braces()
        if bounds is None:
            return atom
        if self.peek() in ("?", "+"):
            self.pos += 1  # lazy or possessive: the same places, tried in another order
        if atom == _ZERO:
            return atom
        return ("repeat", bounds[0], bounds[1], [atom])

    def braces(self) -> tuple[int, int | None] | None:
        # "{m}", "{m,}", "{,n}", "{m,n}"; anything else is a literal "{" (as in `re`).
        end = self.p.find("}", self.pos, self.pos + 24)  # bounded: linear in the pattern
        if end < 0:
            return None
        low, comma, high = self.p[self.pos + 1 : end].partition(",")
        if not (low.isdigit() or (comma and not low)) or (high and not high.isdigit()):
            return None
        if not comma and not low:
            return None
        self.pos = end + 1
        lo = int(low) if low else 0
        return lo, (int(high) if high else None) if comma else lo

    def atom(self) -> Node | None:
        ch = self.take()
        if ch == "(":
            return self.group()
        if ch == "[":
            return ("chars", self.char_class())
        if ch == "\\":
            return self.escape()
        if ch in "^$":
            return _ZERO
        if ch == ".":
            return ("chars", None)
        if ch in "*+?":
            raise _Unknown("nothing to repeat")
        return ("chars", [ch.lower()])

    def group(self) -> Node | None:
        if self.peek() != "?":
            return self.closed(("group", self.alternation()))
        self.pos += 1
        kind = self.take()
        if kind == ":":
            return self.closed(("group", self.alternation()))
        if kind in "=!":
            self.alternation()
            return self.closed(_ZERO)
        if kind == "<" and self.peek() in ("=", "!"):
            self.pos += 1
            self.alternation()
            return self.closed(_ZERO)
        if kind == "P" and self.peek() == "<":
            end = self.p.find(">", self.pos)
            if end < 0:
                raise _Unknown("unterminated group name")
            self.pos = end + 1
            return self.closed(("group", self.alternation()))
        if kind == "#":
            end = self.p.find(")", self.pos)
            if end < 0:
                raise _Unknown("unterminated comment")
            self.pos = end + 1
            return None
        if kind in "aiLmsux-":
            # Inline flags: "(?i)" alone, or scoped "(?i:...)".
            while self.peek() and self.peek() in "aiLmsux-":
                self.pos += 1
            nxt = self.take()
            if nxt == ")":
                return None
            if nxt == ":":
                return self.closed(("group", self.alternation()))
        raise _Unknown(f"group (?{kind}")

    def closed(self, node: Node) -> Node:
        if self.take() != ")":
            raise _Unknown("unclosed group")
        return node

    def escape(self) -> Node:
        ch = self.take()
        if ch in _ESCAPED_ZERO:
            return _ZERO
        item = self.class_escape(ch)
        if item is _UNLISTED:
            return ("chars", None)
        return ("chars", [item])

    def class_escape(self, ch: str) -> Any:
        # One escape's item: a character, SPACE, DIGIT, or _UNLISTED.
        if ch in "sW":
            return SPACE
        if ch == "d":
            return DIGIT
        if ch in "wSD":
            return _UNLISTED
        if ch in _SIMPLE_ESCAPES:
            return _SIMPLE_ESCAPES[ch]
        if ch in "xuU":
            width = {"x": 2, "u": 4, "U": 8}[ch]
            digits = self.p[self.pos : self.pos + width]
            if len(digits) != width or any(d not in "0123456789abcdefABCDEF" for d in digits):
                raise _Unknown("bad hex escape")
            self.pos += width
            return chr(int(digits, 16)).lower()
        if ch.isalnum():
            raise _Unknown(f"escape \\{ch}")  # a back-reference, \N{...}, or unknown
        return ch.lower()

    def char_class(self) -> list[Any] | None:
        negated = self.peek() == "^"
        if negated:
            self.pos += 1
        items: list[Any] = []
        listed = True
        first = True
        while True:
            ch = self.take()
            if ch == "]" and not first:
                break
            first = False
            item = self.class_escape(self.take()) if ch == "\\" else ch.lower()
            if self.peek() == "-" and self.peek(1) not in ("]", ""):
                self.pos += 1
                end = self.take()
                high = self.class_escape(self.take()) if end == "\\" else end.lower()
                if not isinstance(item, str) or not isinstance(high, str):
                    raise _Unknown("bad range")
                if ord(high) - ord(item) >= MAX_RANGE:
                    listed = False
                    continue
                items += [chr(x) for x in range(ord(item), ord(high) + 1)]
                continue
            if item is _UNLISTED:
                listed = False
                continue
            items.append(item)
        return items if listed and not negated else None
