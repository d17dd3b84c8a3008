"""The shape of a short line of copied text: its tokens as classes (a run of name-like words
is `W`, numbers `0`, month names `M`, the meta vocabulary of rules/pages.toml kept as words),
so "Jim Ewel says:" and "Ann-Marie O'Neil says:" share "W says :". The rhythm reader
(`rhythm.py`) finds comment lists by the shapes that recur."""

from __future__ import annotations

import re

from analysis.rules.schema import PageRules

#: Words a line is split into for its shape: numbers, words (with an inner apostrophe), or
#: one other character.
_TOKEN = re.compile(r"\d+(?:st|nd|rd|th)?(?!\w)|\w+(?:['’]\w+)*|[^\w\s]")
#: A numeric date glued to the word before it, as copying adjacent elements leaves it
#: ("Dan Renae7/10/2012"): read as a space.
_GLUED_DATE = re.compile(r"(?<=[^\W\d_])(?=\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b)")
#: Name-like pieces joined into one `W`: "J. Smith", "O'Neil", "bob_99", "(Kent)".
_NAME_RUN = re.compile(r"W(?: [.'’()_@-]? ?W)+")


def shape(text: str, rules: PageRules) -> str:
    """The shape of a short line: its tokens as classes, the meta vocabulary kept.

    >>> from analysis import rules
    >>> shape("Jim Ewel says:", rules.load().pages)
    'W says :'
    >>> shape("March 3, 2012 at 5:47 PM", rules.load().pages)
    'M 0 , 0 at 0 : 0 ap'
    """
    tr = rules.text
    out: list[str] = []
    toks = _TOKEN.findall(_GLUED_DATE.sub(" ", text[:300]))
    for i, tok in enumerate(toks):
        low = tok.lower()
        ordinal = tok[-1].isalpha() and tok[:-2].isdigit()
        # "A." in "Paul A. Rubin" is an initial, not the number in "a day ago"
        initial = len(tok) == 1 and tok.isupper() and i + 1 < len(toks) and toks[i + 1] == "."
        if (tok[0].isdigit() and (tok.isdigit() or ordinal)) or (
            low in tr.number_words and not initial
        ):
            cls = "0"
        elif tr.month.fullmatch(low):
            cls = "M"
        elif tr.weekday.fullmatch(low):
            cls = "D"
        elif low in tr.meridiem:
            cls = "ap"
        elif low in tr.keep_words:
            cls = tr.keep_words[low]
        elif tok[0].isalnum() or tok[0] == "_":
            cls = "W"
        else:
            cls = tok
        if out and cls == out[-1] and cls in ("W", "0", ".", "…"):
            continue
        out.append(cls)
    joined = " ".join(out)
    joined = _NAME_RUN.sub("W", joined)
    says = tr.says_shape.search(joined)
    if says is not None and not _QUOTES.intersection(joined[: says.start()].split()):
        # whatever comes before a says-form is the name, however it is written, unless it
        # holds a quotation: a sentence ending on its speaker ("“We will,” the coach says.")
        joined = "W " + says.group("says")
    return joined


_QUOTES = frozenset('“”"‘«»„')
