"""The pattern engine of themes and mood cues: many regular expressions run over a text in
about the time of one pass.

Speed matters: mood and themes together may add at most 30% to VADER's own time per comment.
Python's `re` tries every alternative at every position, so a few hundred patterns run one by
one would cost more than VADER. `PatternIndex` works out, from each pattern's syntax, the words
any match must start with (read by `analysis.regex_syntax`: Python publishes no parser of
its own), finds every place one starts in a single Aho-Corasick pass
(pyahocorasick) over the comment, and runs only those patterns, only there. The mood rules use
the same index for their cues, and the same pass to notice domain words, "but" and laughter.

A user's own `patterns` (from `--themes FILE`) may backtrack without end (`(a|aa)+$` takes
`re` seconds on 40 letters, and `re` cannot be stopped), so they run on the `regex` engine
under a time budget: `USER_PATTERN_BUDGET_S` for all of them on one text. Over it, `BadThemes`
names the pattern. The shipped patterns run on `re` and are kept linear by review and by the
hostile-input tests.
"""

from __future__ import annotations

import contextlib
import functools
import operator
import re
import threading
import time
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import ahocorasick
import regex

from analysis import regex_syntax
from analysis.errors import BadThemes

_KEY_LEN = 3
_MAX_KEYS = 64
#: Seconds all of a user's own theme patterns may take on one text together.
USER_PATTERN_BUDGET_S = 0.5
# When the current text's budget runs out, per thread (the dashboard serves from threads).
_BUDGET = threading.local()


@contextlib.contextmanager
def user_pattern_budget() -> Iterator[None]:
    """Inside: a user's own patterns may take `USER_PATTERN_BUDGET_S` in all on one text."""
    _BUDGET.deadline = time.monotonic() + USER_PATTERN_BUDGET_S
    try:
        yield
    finally:
        _BUDGET.deadline = None


class _GuardedPattern:
    """A user's pattern, compiled by the `regex` engine and run with a timeout: what is left
    of the current text's budget (set by `tag`), else `USER_PATTERN_BUDGET_S` per call."""

    def __init__(self, pattern: str, shown: str) -> None:
        self.pattern = pattern
        self.shown = shown
        self.groups: int = 0
        try:
            self._regex = regex.compile(pattern, regex.IGNORECASE | regex.V0)
        except regex.error as exc:
            raise BadThemes(f"themes: pattern {shown!r} cannot be used ({exc})") from exc
        self.groups = self._regex.groups

    def _run(self, method: Any, text: str, pos: int) -> Any:
        deadline = getattr(_BUDGET, "deadline", None)
        left = USER_PATTERN_BUDGET_S if deadline is None else deadline - time.monotonic()
        try:
            if left <= 0:
                raise TimeoutError
            return method(text, pos, timeout=left)
        except TimeoutError as exc:
            raise BadThemes(
                f"themes: pattern {self.shown!r} ran over its time budget "
                f"({USER_PATTERN_BUDGET_S} s a text): it backtracks (a repeat inside a repeat, "
                "such as (a+)+, or overlapping alternatives, such as (a|aa)+); rewrite it"
            ) from exc

    def match(self, text: str, pos: int = 0) -> Any:
        """As `re.Pattern.match`, within the budget."""
        return self._run(self._regex.match, text, pos)

    def search(self, text: str, pos: int = 0) -> Any:
        """As `re.Pattern.search`, within the budget."""
        return self._run(self._regex.search, text, pos)


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


@dataclass(frozen=True, slots=True)
class StartKeys:
    """How every match of a pattern starts: one of `words` as a whole first word, a first
    word beginning with one of `stems` (each at least three letters), or (`digits`) a word
    beginning with a digit."""

    words: frozenset[str]
    stems: frozenset[str]
    digits: bool = False


#: A state of the walk over a pattern: (its first word so far, how that word ended): ""
#: open, "word" complete, "stem" cut short, "digit" a first word starting with any digit.
_State = tuple[str, str]


def start_keys(pattern: str) -> StartKeys | None:
    """The lower-case first words (or stems) every match of `pattern` starts with; None when
    they cannot be known from its syntax, and the pattern must be tried everywhere.

    >>> k = start_keys(r"(?:show|shows)\\s+true colou?rs|exhaust\\w*")
    >>> sorted(k.words), sorted(k.stems)
    (['show', 'shows'], ['exhaust'])
    """
    nodes = regex_syntax.parse(pattern)
    if nodes is None:
        return None
    result = _walk(nodes, {("", "")})
    if result is None:
        return None
    words = frozenset(p for p, how in result if how in ("", "word"))
    stems = frozenset(p for p, how in result if how == "stem")
    if "" in words or "" in stems:
        return None
    return StartKeys(words, stems, any(how == "digit" for _, how in result))


def _cut(states: set[_State]) -> set[_State] | None:
    """Open states end here without knowing the rest of the word: stems, if long enough."""
    out: set[_State] = set()
    for prefix, how in states:
        if how:
            out.add((prefix, how))
        elif len(prefix) >= _KEY_LEN:
            out.add((prefix, "stem"))
        else:
            return None
    return out


def _walk(seq: Sequence[regex_syntax.Node], states: set[_State]) -> set[_State] | None:
    """The states after `seq`, from `states`; None when the first word cannot be known."""
    for node in seq:
        open_states = {s for s in states if not s[1]}
        if not open_states:
            return states
        done = states - open_states
        kind = node[0]
        if kind == "zero":
            continue
        if kind == "group":
            inner = _walk(node[1], open_states)
        elif kind == "branch":
            inner = _branches(node[1], open_states)
        elif kind == "repeat":
            inner = _repeat(node[1], node[2], node[3], open_states)
        else:
            inner = _chars(node[1], open_states)
        if inner is None:
            return None
        states = done | inner
        if len(states) > _MAX_KEYS:
            return None
    return states


def _branches(
    branches: Sequence[Sequence[regex_syntax.Node]], open_states: set[_State]
) -> set[_State] | None:
    merged: set[_State] = set()
    for branch in branches:
        inner = _walk(branch, open_states)
        if inner is None:
            return None
        merged |= inner
    return merged


def _repeat(
    low: int, high: int | None, sub: Sequence[regex_syntax.Node], open_states: set[_State]
) -> set[_State] | None:
    once = _walk(sub, open_states)
    if once is None:
        return None
    if high == 1:
        return once | (open_states if low == 0 else set())
    # More repeats could follow: what comes next in the word is unknown.
    grown = _cut({s for s in once if s not in open_states})
    if grown is None:
        return None
    if low == 0:
        skipped = _cut(open_states)
        if skipped is None:
            return None
        grown |= skipped
    return grown


def _chars(chars: list[str | None] | None, open_states: set[_State]) -> set[_State] | None:
    if chars is None:
        return _cut(open_states)
    new: set[_State] = set()
    for prefix, _ in open_states:
        for ch in chars:
            if ch == regex_syntax.DIGIT:
                if not prefix:
                    new.add(("#", "digit"))
                    continue
                cut_digit = _cut({(prefix, "")})
                if cut_digit is None:
                    return None
                new |= cut_digit
            elif ch is None or not _is_word_char(ch):
                new.add((prefix, "word"))
            else:
                new.add((prefix + ch, ""))
    return new


# Every ASCII character that is not a word character, as a space: after `translate`, words
# are what `split` returns and each word start is a space followed by the word.
_ASCII_SPACES = bytes(
    b if b < 128 and _is_word_char(chr(b)) else 32 if b < 128 else b for b in range(256)
)
_NOT_WORD = re.compile(r"\W")
_OTHER_DIGIT = re.compile(r"(?![0-9])\d")
_AT_RANK = operator.itemgetter(0, 1)


@functools.lru_cache(maxsize=8)
def spaced_words(text: str) -> tuple[str, list[str]]:
    """`text` lower-cased with every non-word character made a space and a space put before
    and after it (so a word starting at text[i] is " word " at spaced[i]), and its words.

    Plain string methods, not a regex per word: this runs for every comment and must cost far
    less than VADER. Cached for the last few texts: mood and themes read the same comment in
    turn. Do not change the list.
    """
    if text.isascii():
        spaced = " " + text.lower().encode("ascii").translate(_ASCII_SPACES).decode("ascii") + " "
    else:
        spaced = (" " + _NOT_WORD.sub(" ", text) + " ").lower()
        if len(spaced) != len(text) + 2 or "Σ" in text:
            # Lower-casing moved characters ("İ" became two) or depends on context (final
            # sigma): one character for each, so positions still line up.
            spaced = " " + "".join(ch.lower()[0] if _is_word_char(ch) else " " for ch in text)
            spaced += " "
        # Digits `re` reads as `\d` beyond 0-9 ("７０", "٣") become those, one for one.
        spaced = _OTHER_DIGIT.sub(lambda m: str(unicodedata.decimal(m.group())), spaced)
    return spaced, spaced.split()


@dataclass(frozen=True, slots=True)
class _Group:
    """Patterns sharing a start key and an owner, tried together as one alternation."""

    regex: re.Pattern[str] | _GuardedPattern
    ids: tuple[int, ...]
    #: For a group tried everywhere: characters, without case, one of which starts every
    #: match (so a text with none of them is skipped); empty when not known.
    openers: tuple[str, ...] = ()


def _automaton(keys: Mapping[str, tuple[int, int, tuple[_Group, ...], int]]) -> Any:
    """An Aho-Corasick automaton (pyahocorasick) of `keys`, each as `spaced_words` spaces a
    text, with its value; None when there are none (an empty automaton cannot search)."""
    if not keys:
        return None
    automaton = ahocorasick.Automaton()
    for key, value in keys.items():
        automaton.add_word(key, value)
    automaton.make_automaton()
    return automaton


@dataclass(frozen=True, slots=True)
class PatternIndex:
    """Compiled word-bounded patterns, indexed by the first words their matches start with.

    The start keys live in one Aho-Corasick automaton over the text as `spaced_words` spaces
    it: " word " for a whole first word, " stem" for a first word starting with a stem, " 7"
    for one starting with a digit. One pass in C finds every place some pattern may start,
    however many patterns there are; only the patterns of a key found are tried, only there.
    """

    always: tuple[_Group, ...] = ()
    automaton: Any = None

    def scan(self, text: str) -> tuple[list[tuple[int, int, tuple[_Group, ...]]], int]:
        """Where in `text` some patterns may start, and which flags were found.

        First, (position, rank, groups) of each place where a word some patterns can start
        with starts, in order: at one place, the groups of the whole word first, then those
        of its stems, then those of a leading digit. Second, the flags (`build_index`) of
        every flag word found, or-ed together.
        """
        out: list[tuple[int, int, tuple[_Group, ...]]] = []
        found = 0
        if self.automaton is None:
            return out, found
        for end, (back, rank, groups, flags) in self.automaton.iter(spaced_words(text)[0]):
            if groups:
                out.append((end - back, rank, groups))
            found |= flags
        if len(out) > 1:
            out.sort(key=_AT_RANK)
        return out, found

    def finditer(self, text: str) -> Iterator[tuple[int, re.Match[str]]]:
        """(pattern id, match) for the matches of the patterns in `text`.

        A pattern is tried only where a word it can start with starts, and only there. Matches
        come out in order of where they start (those of patterns tried everywhere last) and
        may overlap; where two patterns of one owner match at the same place, the first listed
        wins.
        """
        return iter(self.matches(text))

    def matches(self, text: str) -> list[tuple[int, re.Match[str]]]:
        """What `finditer` yields, as a list (a generator costs more than most texts' work)."""
        return self.scan_matches(text)[0]

    def scan_matches(self, text: str) -> tuple[list[tuple[int, re.Match[str]]], int]:
        """`matches`, and the flags found (`scan`), from one pass over the text."""
        out: list[tuple[int, re.Match[str]]] = []
        starts, found = self.scan(text)
        for at, _, groups in starts:
            for group in groups:
                m = group.regex.match(text, at)
                if m:
                    ids = group.ids
                    out.append((ids[0] if len(ids) == 1 else ids[(m.lastindex or 1) - 1], m))
        for group in self.always:
            if group.openers and not any(ch in text for ch in group.openers):
                continue
            # No leading look-behind in these (it would stop `re` skipping ahead quickly):
            # the word boundary before a match is checked here instead.
            search, pos = group.regex.search, 0
            while (m := search(text, pos)) is not None:
                start = m.start()
                pos = max(m.end(), start + 1)
                if start and _is_word_char(text[start - 1]):
                    pos = start + 1
                    continue
                out.append((_which(group, m), m))
        return out, found


def _which(group: _Group, m: re.Match[str]) -> int:
    return group.ids[0] if len(group.ids) == 1 else group.ids[(m.lastindex or 1) - 1]


def bounded(pattern: str) -> str:
    """`pattern` made to match only whole words: no word character just before or after."""
    return rf"(?<!\w)(?:{pattern})(?!\w)"


def build_index(
    patterns: Sequence[str],
    owners: Sequence[int] | None = None,
    flags: Mapping[str, int] | None = None,
    guarded: frozenset[int] = frozenset(),
) -> PatternIndex:
    """Compile `patterns` (case-insensitive, word-bounded) into a `PatternIndex`.

    `flags` maps words (or phrases) as `spaced_words` spaces them (" burnt out ") to bits
    that `PatternIndex.scan` reports found in a text, from the same pass that finds where the
    patterns may start.

    Patterns with the same start key and owner are joined into one alternation, so a word
    costs one match per owner; `owners` defaults to every pattern being its own owner. A
    pattern with capturing groups stays on its own (they would hide which alternative
    matched). Raises re.error for a bad pattern; callers turn it into their own error.
    The patterns whose ids are in `guarded` (a user's own) stay on their own too, and run on
    the `regex` engine under a time budget (`_GuardedPattern`).
    """
    owner_of = list(owners) if owners is not None else list(range(len(patterns)))
    grouped: dict[tuple[str, str, int], list[int]] = {}
    for pid, p in enumerate(patterns):
        alone = pid in guarded or re.compile(p, re.IGNORECASE).groups
        own = -1 - pid if alone else owner_of[pid]
        start = start_keys(p)
        if start is None:
            grouped.setdefault(("always", "", own), []).append(pid)
            continue
        for word in sorted(start.words):
            grouped.setdefault(("word", word, own), []).append(pid)
        for stem in sorted(start.stems):
            grouped.setdefault(("stem", stem, own), []).append(pid)
        if start.digits:
            grouped.setdefault(("digit", "", own), []).append(pid)

    compiled: dict[tuple[tuple[int, ...], str], _Group] = {}

    def group_of(ids: list[int], lead: str) -> _Group:
        if (tuple(ids), lead) not in compiled:
            if len(ids) == 1 and ids[0] in guarded:
                source = rf"{lead}(?:{patterns[ids[0]]})(?!\w)"
                guard = _GuardedPattern(source, patterns[ids[0]])
                compiled[(tuple(ids), lead)] = _Group(guard, tuple(ids))
                return compiled[(tuple(ids), lead)]
            if len(ids) == 1:
                regex = re.compile(rf"{lead}(?:{patterns[ids[0]]})(?!\w)", re.IGNORECASE)
            else:
                joined = "|".join(f"((?:{patterns[i]})(?!\\w))" for i in ids)
                regex = re.compile(rf"{lead}(?:{joined})", re.IGNORECASE)
            compiled[(tuple(ids), lead)] = _Group(regex, tuple(ids))
        return compiled[(tuple(ids), lead)]

    tables: dict[str, dict[str, list[_Group]]] = {"word": {}, "stem": {}, "digit": {}, "always": {}}
    for (kind, key, _), ids in grouped.items():
        # Patterns tried everywhere check the boundary before a match in `finditer`.
        lead = "" if kind == "always" else r"(?<!\w)"
        tables[kind].setdefault(key, []).append(group_of(ids, lead))
    # At one place: the whole word's groups (rank 0), each stem's in order, a digit's last.
    keys: dict[str, tuple[int, int, tuple[_Group, ...], int]] = {}
    for word, groups in tables["word"].items():
        keys[f" {word} "] = (len(word) + 1, 0, tuple(groups), 0)
    for rank, (stem, groups) in enumerate(tables["stem"].items(), start=1):
        keys[f" {stem}"] = (len(stem), rank, tuple(groups), 0)
    for digit in "0123456789" if tables["digit"] else "":
        keys[f" {digit}"] = (1, len(keys) + 1, tuple(tables["digit"][""]), 0)
    for key, bits in (flags or {}).items():
        back, rank, tried, had = keys.get(key, (len(key) - 1, 0, (), 0))
        keys[key] = (back, rank, tried, had | bits)
    # key (spaced) -> (characters from the key's last one back to the word start, rank at a
    # place with other keys, the groups to try there, its flags): the automaton's values.
    return PatternIndex(
        always=tuple(
            _Group(g.regex, g.ids, _openers([patterns[i] for i in g.ids]))
            for g in tables["always"].get("", [])
        ),
        automaton=_automaton(keys),
    )


def _openers(patterns: Sequence[str]) -> tuple[str, ...]:
    """Characters without case ("/", "#", "🙄") that every match of `patterns` starts with,
    one per pattern; empty when some pattern may start otherwise.

    >>> _openers(["/s", "#sarcasm"]), _openers(["/s", "yeah right"])
    (('/', '#'), ())
    """
    out: list[str] = []
    for p in patterns:
        nodes = regex_syntax.parse(p)
        if not nodes or nodes[0][0] != "chars" or not nodes[0][1] or len(nodes[0][1]) != 1:
            return ()
        ch = nodes[0][1][0]
        if not isinstance(ch, str) or len(ch) != 1:
            return ()
        if ch.lower() != ch or ch.upper() != ch or ch.casefold() != ch:
            return ()  # a cased character: `re` would match other forms of it
        out.append(ch)
    return tuple(dict.fromkeys(out))


def phrase_pattern(phrase: str) -> str:
    """The regex of a literal phrase or word form.

    Words may be separated by any run of spaces or hyphens; an apostrophe also matches a
    curly one or none ("don't" finds "dont", "don’t"); a trailing * matches any ending.

    >>> phrase_pattern("burn out"), phrase_pattern("exhaust*")
    ('burn[\\\\s\\\\-]+out', 'exhaust\\\\w*')
    """
    parts = []
    for word in phrase.split():
        star = word.endswith("*") and len(word) > 1
        stem = word[:-1] if star else word
        escaped = re.escape(stem).replace("'", "['’]?").replace("’", "['’]?")
        parts.append(escaped + (r"\w*" if star else ""))
    return r"[\s\-]+".join(parts)
