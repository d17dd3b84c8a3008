"""A commenter's name from a meta line: what is left once the date, the "by"/"says:" words, a
list number and a link are gone, and never a line of buttons ("Reply to This", "Leave a
Comment", "ReplyDelete"). Shared by the HTML and the copied-text readers."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from analysis.model import Comment
from analysis.rules.schema import PageRules

#: A letter run straight into a number ("Megan26 October 2012"): where a glued date may start.
_LETTER_DIGIT = re.compile(r"(?<=[^\W\d_])\d")
_EDGES = " \t,;:/|·•–—-"


def unglue(line: str, rules: PageRules) -> str:
    """The line with a space before a date glued to the name before it.

    >>> from analysis import rules
    >>> unglue("Megan26 October 2012 17:47", rules.load().pages)
    'Megan 26 October 2012 17:47'
    >>> unglue("bob99 says:", rules.load().pages)
    'bob99 says:'
    """
    line = line[:300]
    for m in _LETTER_DIGIT.finditer(line):
        spaced = f"{line[: m.start()]} {line[m.start() :]}"
        if rules.meta.date.match(spaced, m.start() + 1):
            return spaced
    return line


def is_interface(text: str, rules: PageRules) -> bool:
    """Whether a short line is only the page's buttons and notices, not anybody's name."""
    return bool(rules.meta.not_a_name.fullmatch(text.strip()))


def clean(text: str, rules: PageRules) -> str | None:
    """The name in the text before a meta line's date, or None when nothing name-like is left.

    >>> from analysis import rules
    >>> clean("2 Heather Solos", rules.load().pages)
    'Heather Solos'
    >>> clean("Posted by: Jo", rules.load().pages), clean("Reply to This", rules.load().pages)
    ('Jo', None)
    """
    name = text.strip()
    for _ in range(3):
        name = rules.meta.name_noise.sub("", name).strip(_EDGES)
    words = name.split()
    if not words or len(words) > rules.meta.max_author_words or not any(c.isalpha() for c in name):
        return None
    if is_interface(name, rules):
        return None
    return name


def from_lines(lines: Iterable[str], rules: PageRules) -> str | None:
    """The first name among a comment's meta lines, each less its date; button lines skipped."""
    for line in lines:
        line = unglue(line, rules)
        dates = list(rules.meta.date.finditer(line))
        if not dates:
            name = clean(line, rules)
        else:
            # the name before the date, else after it ("27. Jun, 2012 / Rand says:")
            name = clean(line[: dates[0].start()], rules) or clean(line[dates[-1].end() :], rules)
        if name:
            return name
    return None


def drop_interface(comments: Iterable[Comment], rules: PageRules) -> tuple[Comment, ...]:
    """The comments with any author, or replied-to name, that is a line of buttons removed."""
    out = []
    for c in comments:
        if c.author and is_interface(c.author, rules):
            c = replace(c, author=None)
        if c.reply_to and is_interface(c.reply_to, rules):
            c = replace(c, reply_to=None)
        out.append(c)
    return tuple(out)
