"""Comment lists in copied page text, found from the page's own repetition (its "rhythm").

A page's comments almost always repeat one shape per comment: a short meta line (a name, a
date, "NAME says:", "Posted by: NAME | DATE", "Reply") at a regular beat, with the reader's
text between. Copied text has lost the markup, but the shape of a line survives:

1. every short line gets a *shape*: its tokens as classes (a run of name-like words is `W`,
   numbers `0`, month names `M`, the meta vocabulary of rules/pages.toml kept as words), so
   "Jim Ewel says:" and "Ann-Marie O'Neil says:" share "W says :";
2. a shape holding a date, a time, a says-form or an action word that recurs at spaced
   lines (not as a list of adjacent lines, which is an archive or a menu) is a candidate
   *beat*; the lines that recur at a fixed offset from every beat (a date under the name,
   "Reply" before the next name) join it as the comment's meta lines;
3. what lies between consecutive beats, less meta lines, is one comment's text; whether a
   beat heads its text or closes it (a header or a footer) is read from its words, and the
   open end of the list is bounded by the lengths of the comments inside it and by the
   lines that end comment lists;
4. each candidate list is scored by a small logistic model fitted on real development pages
   (`TextRanker` in rules/pages.toml, refitted by benchmarks/fit_text_ranker.py); the best
   one above the threshold is the page's comments.

Nothing here knows any site: the shapes come from the page itself. Every pattern is tried on
one short line at a time; a page is read in time linear in its lines (offset tables are
bounded by `TextRules.window`).
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from analysis.pages.lines import Line
from analysis.pages.rhythm_features import (
    _COUNT_LINE,
    _heads_list,
    _prose_at,
    _under_heading,
    declared_counts,
    features,
    score,
)
from analysis.pages.shapes import shape
from analysis.rules.schema import PageRules


@dataclass(frozen=True, slots=True)
class Found:
    """One comment read from a beat: its meta lines and its text lines (indices into the
    non-empty lines of the page)."""

    meta: tuple[int, ...]
    text: tuple[int, ...]


@dataclass(eq=False)
class Candidate:
    """One candidate comment list: a beat shape and the comments it stands for."""

    shape: str
    beats: list[int]
    comments: list[Found]
    header: bool
    start: int
    end: int
    features: dict[str, float] = field(default_factory=dict)
    probability: float = 0.0


def _beat_shapes(
    lines: Sequence[Line], shapes: list[str | None], rules: PageRules
) -> dict[str, list[int]]:
    """Shapes that may mark a comment, with where they occur (spaced, not listed)."""
    tr = rules.text
    where: dict[str, list[int]] = {}
    for k, s in enumerate(shapes):
        if s is not None and tr.beat_shape.search(s):
            where.setdefault(_beat_key(s, rules), []).append(k)
    out: dict[str, list[int]] = {}
    for s, ks in where.items():
        if len(ks) < 2 and not (tr.strong_shape.search(s) or _under_heading(lines, ks[0], rules)):
            continue
        adjacent = sum(1 for a, b in itertools.pairwise(ks) if b - a == 1)
        if len(ks) > 1 and adjacent / (len(ks) - 1) > tr.max_adjacent_share:
            continue
        out[s] = ks
    return out


def _beat_key(s: str, rules: PageRules) -> str:
    """The part of a dated shape that recurs: up to its last date or time when what follows
    opens with a separator ("W , on M 0 , 0 // W : @ W" and "W , on M 0 , 0 //" are one beat).
    A reply's number is its thread's: "#1.2 - DATE" beats as "#1 - DATE" does."""
    s = _SUB_NUMBER.sub("# 0", s)
    hits = list(rules.text.date_shape.finditer(s))
    if not hits:
        return s
    last = hits[-1]
    end = last.end()
    rest = s[end:].split()
    k = 0
    while k < len(rest) and rest[k] in _DATE_TAIL:
        end = s.index(rest[k], end) + len(rest[k])
        k += 1
    if k < len(rest) and not rest[k][0].isalnum():
        return s[:end]
    return s


#: A numbered comment's shape with its reply numbers ("#1.2" reads "# 0 . 0").
_SUB_NUMBER = re.compile(r"^# 0(?: \. 0)+(?= |$)")

#: Shape tokens that may still belong to a date after its month or time ("M 0 , 0 at 0").
_DATE_TAIL = frozenset({"0", ",", "at", "ap"})


def _bare_runs(
    lines: Sequence[Line], shapes: list[str | None], rules: PageRules
) -> list[list[int]]:
    """Runs of bare name lines ("Robert", "2. Al"), each over a line of prose and at most
    `bare_max_gap` lines from the next: a comment list that marks its comments by name
    alone. A run of one counts only under a comment-list heading."""
    tr = rules.text
    runs: list[list[int]] = []
    run: list[int] = []
    n = len(lines)
    for k, s in enumerate(shapes):
        if s is not None and run and _ends_or_heads(lines[k].text, rules):
            runs.append(run)  # a heading or a list's end between two names parts them
            run = []
        if s is None or lines[k].words > tr.bare_max_words or not tr.bare_shape.fullmatch(s):
            continue
        if k + 1 >= n:
            continue
        nxt = lines[k + 1]
        nxt_shape = shapes[k + 1]
        if nxt_shape is not None and tr.bare_shape.fullmatch(nxt_shape):
            continue
        if nxt.words < 3 and not tr.prose.search(nxt.text) and not _greeting(lines, k + 1, rules):
            continue
        if run and k - run[-1] > tr.bare_max_gap:
            runs.append(run)
            run = []
        run.append(k)
    if run:
        runs.append(run)
    runs = [_trimmed(r) for r in runs]
    return [r for r in runs if len(r) > 1 or _under_heading(lines, r[0], rules)]


def _greeting(lines: Sequence[Line], k: int, rules: PageRules) -> bool:
    """Whether line `k` greets someone over a line of prose ("Chris," or "Hi all," on a line
    of its own), as a comment may open under its writer's name."""
    if not lines[k].text.endswith(",") or k + 1 >= len(lines):
        return False
    below = lines[k + 1]
    return below.words >= 3 and bool(rules.text.prose.search(below.text))


def _ends_or_heads(text: str, rules: PageRules) -> bool:
    return _heads_list(text, rules) or bool(rules.text.list_end.fullmatch(text))


def _trimmed(run: list[int]) -> list[int]:
    """A run less a first or last name much further from its neighbour than the run's usual
    spacing (a site name over the article, a sidebar heading under the list)."""
    while len(run) >= 3:
        gaps = sorted(b - a for a, b in itertools.pairwise(run))
        usual = gaps[len(gaps) // 2]
        if run[1] - run[0] > 2 * usual + 1:
            run = run[1:]
        elif run[-1] - run[-2] > 2 * usual + 1:
            run = run[:-1]
        else:
            break
    return run


def _companions(
    beats: list[int], shapes: list[str | None], n_lines: int, rules: PageRules
) -> tuple[list[int], list[int]]:
    """Offsets after each beat and before the next one whose lines have the same shape at
    most beats: the rest of the comment's meta lines (a date under a name, "Reply")."""
    tr = rules.text
    need = max(2, math.ceil(tr.companion_share * len(beats)))
    after: list[int] = []
    for d in range(1, tr.window + 1):
        seen = Counter(shapes[b + d] for b in beats if b + d < n_lines)
        top = seen.most_common(1)
        if not top or top[0][0] is None or top[0][1] < need:
            break
        after.append(d)
    before: list[int] = []
    ends = beats[1:]
    if len(ends) >= 2:
        need_b = max(2, math.ceil(tr.companion_share * len(ends)))
        for d in range(1, tr.window + 1):
            seen = Counter(shapes[b - d] for b in ends if b - d > beats[0] + len(after))
            top = seen.most_common(1)
            if not top or top[0][0] is None or top[0][1] < need_b:
                break
            before.append(d)
    return after, before


def _is_meta_shape(s: str | None, expected: Counter[str | None], rules: PageRules) -> bool:
    return s is not None and (expected[s] > 0 or bool(rules.text.action_shape.fullmatch(s)))


def _closes(line_shape: str, sig: str, rules: PageRules) -> bool:
    """Whether a meta line after a comment's text closes that comment (its buttons, or its
    date when the beat has none) rather than opening the next one (a name)."""
    tr = rules.text
    if tr.action_shape.fullmatch(line_shape):
        return True
    return bool(tr.date_shape.search(line_shape)) and not tr.date_shape.search(sig)


def candidate(
    lines: Sequence[Line], shapes: list[str | None], sig: str, beats: list[int], rules: PageRules
) -> Candidate | None:
    """The comment list one beat shape stands for, or None."""
    tr = rules.text
    n = len(lines)
    after, before = _companions(beats, shapes, n, rules)
    if tr.bare_shape.fullmatch(sig):
        after = []  # under a bare name comes its text: a short line of it is no meta line
    expected = _Expected(
        Counter(shapes[b + d] for b in beats for d in after if b + d < n),
        Counter(shapes[b - d] for b in beats[1:] for d in before),
    )
    lead = _lead(lines, shapes, sig, beats, len(before), expected, rules)
    metas, texts = _between(shapes, sig, beats, lead, n, expected, rules)
    header = _is_header(sig, lines, beats, rules)
    interior = [len(t) for t in texts[:-1]]
    cap = max([tr.open_end_lines, *interior]) if interior else tr.open_end_lines
    if header:
        # the last comment runs from its beat to a list end, as long as the longest inside
        metas[-1], texts[-1] = _last_text(lines, shapes, metas[-1], cap, expected, rules)
        start = beats[0]
        end = (max([*texts[-1], *metas[-1]]) if texts[-1] or metas[-1] else beats[-1]) + 1
    else:
        # a footer closes the text above it (its "Reply" after it stays with it): the first
        # comment runs up from the first beat
        head_text = _first_text(lines, beats[0], cap, rules)
        texts = [head_text, *texts[:-1]]
        start = head_text[0] if head_text else beats[0]
        end = max(metas[-1]) + 1
    found = [Found(tuple(m), tuple(tx)) for m, tx in zip(metas, texts, strict=True)]
    found = [f for f in found if f.text or f.meta]
    if not found:
        return None
    return Candidate(sig, beats, found, header, start, end)


@dataclass(frozen=True, slots=True)
class _Expected:
    """The shapes of a list's meta lines: those after a beat and those before the next."""

    after: Counter[str | None]
    before: Counter[str | None]


def _lead(
    lines: Sequence[Line],
    shapes: list[str | None],
    sig: str,
    beats: list[int],
    reach: int,
    expected: _Expected,
    rules: PageRules,
) -> list[int]:
    """The meta lines above the first beat (within `reach` lines), buttons left out; for a
    single dated beat, the bare name line just above it."""
    tr = rules.text
    lead: list[int] = []
    e = beats[0] - 1
    while e >= 0 and beats[0] - e <= reach and _is_meta_shape(shapes[e], expected.before, rules):
        if not tr.action_shape.fullmatch(shapes[e] or ""):
            lead.insert(0, e)
        e -= 1
    if not lead and len(beats) == 1 and "W" not in sig.split():
        # one dated beat repeats nothing: its name is the bare name line just above it
        k = beats[0] - 1
        above = shapes[k] if k >= 0 else None
        if (
            above is not None
            and lines[k].words <= tr.bare_max_words
            and tr.bare_shape.fullmatch(above)
            and not _heads_list(lines[k].text, rules)
        ):
            lead = [k]
    return lead


def _between(
    shapes: list[str | None],
    sig: str,
    beats: list[int],
    lead: list[int],
    n: int,
    expected: _Expected,
    rules: PageRules,
) -> tuple[list[list[int]], list[list[int]]]:
    """Each beat's meta lines and the text lines between it and the next beat (the last
    beat's text is read by `_last_text` or belongs to the next comment of a footer list)."""
    tr = rules.text
    metas: list[list[int]] = []
    texts: list[list[int]] = []
    for j, b in enumerate(beats):
        head = [*lead, b]
        lead = []
        k = b + 1
        while k < n and k - b <= tr.window and _is_meta_shape(shapes[k], expected.after, rules):
            head.append(k)
            k += 1
        if j + 1 == len(beats):
            metas.append(head)
            texts.append([])
            break
        nxt = beats[j + 1]
        e = nxt - 1
        tail: list[int] = []
        while e >= k and nxt - e <= tr.window and _is_meta_shape(shapes[e], expected.before, rules):
            tail.insert(0, e)
            e -= 1
        # the buttons closing this comment ("Reply") stay with it; the lines after them
        # (a name above the next beat's date) open the next comment
        split = 0
        while split < len(tail) and _closes(shapes[tail[split]] or "", sig, rules):
            split += 1
        metas.append(head + tail[:split])
        lead = tail[split:]
        texts.append(list(range(k, e + 1)))
    return metas, texts


def _last_text(
    lines: Sequence[Line],
    shapes: list[str | None],
    last_meta: list[int],
    cap: int,
    expected: _Expected,
    rules: PageRules,
) -> tuple[list[int], list[int]]:
    """A header list's last comment: its meta lines and the text under its beat, up to a
    list end, a heading, a closing meta line or `cap` lines."""
    k = last_meta[-1] + 1
    first = k
    text: list[int] = []
    while k < len(lines) and len(text) < cap:
        t = lines[k].text
        if rules.text.list_end.fullmatch(t) or rules.text.comment_heading.fullmatch(t):
            break
        if _is_meta_shape(shapes[k], expected.before, rules) and k > first:
            return [*last_meta, k], text
        text.append(k)
        k += 1
    return last_meta, text


def _first_text(lines: Sequence[Line], beat: int, cap: int, rules: PageRules) -> list[int]:
    """A footer list's first comment: the text above its beat, up to a heading, a list end,
    a line counting the comments or `cap` lines."""
    k = beat - 1
    text: list[int] = []
    while k >= 0 and len(text) < cap:
        t = lines[k].text
        if rules.text.comment_heading.fullmatch(t) or rules.text.list_end.fullmatch(t):
            break
        if len(t) <= _COUNT_LINE and rules.text.declared_count.search(t):
            break  # "{ 17 comments… read them below }": the list starts under it
        text.insert(0, k)
        k -= 1
    return text


def _is_header(sig: str, lines: Sequence[Line], beats: list[int], rules: PageRules) -> bool:
    """Whether a beat heads its comment's text (else it closes it): a says-form heads it,
    "Posted by: NAME |" and a lone "Reply" close it, a name or date heads it, unless the
    list shows it closes them: text between a comment-list heading and the first beat, and
    the comment form ("Post a comment") right under the last."""
    tr = rules.text
    if tr.header_shape.search(sig):
        return True
    if tr.footer_shape.search(sig):
        return False
    return not _closes_its_text(lines, beats, rules)


def _closes_its_text(lines: Sequence[Line], beats: list[int], rules: PageRules) -> bool:
    first, after = beats[0], beats[-1] + 1
    if first == 0 or after >= len(lines):
        return False
    tr = rules.text
    if not (
        tr.list_end.fullmatch(lines[after].text) or tr.form_heading.fullmatch(lines[after].text)
    ):
        return False
    if _heads_list(lines[first - 1].text, rules):
        return False  # the heading sits right on the beat: the beat heads its text
    # the first comment's text lies between the heading and the first beat: look up as far
    # as the list's widest step from beat to beat
    reach = max([tr.window, *(b - a for a, b in itertools.pairwise(beats))])
    for k in range(first - 1, max(-1, first - 1 - reach), -1):
        if _heads_list(lines[k].text, rules):
            return True
        if tr.says_shape.search(shape(lines[k].text, rules)):
            return False  # "NAME said..." heads the text: the beat under it is its date
    return False


def candidates(lines: Sequence[Line], rules: PageRules) -> list[Candidate]:
    """Every candidate comment list of a page, scored, best first."""
    tr = rules.text
    read: dict[str, str] = {}  # a page repeats its short lines ("Reply", dates)
    shapes: list[str | None] = []
    for ln in lines:
        if ln.words > tr.max_meta_words:
            shapes.append(None)
            continue
        if ln.text not in read:
            read[ln.text] = shape(ln.text, rules)
        shapes.append(read[ln.text])
    out: list[Candidate] = []
    declared = declared_counts(lines, rules)
    beat_lists = [*_beat_shapes(lines, shapes, rules).items()]
    beat_lists += [(shapes[run[0]] or "W", run) for run in _bare_runs(lines, shapes, rules)]
    prose_at = _prose_at(lines, rules) if beat_lists else None
    for sig, beats in beat_lists:
        cand = candidate(lines, shapes, sig, beats, rules)
        if cand is None:
            continue
        cand.features = features(cand, lines, rules, declared, prose_at)
        if cand.features["bare"] and cand.features["body_inside"] >= tr.bare_max_body:
            continue  # the article's own subheadings over its paragraphs
        cand.probability = score(cand.features, rules)
        out.append(cand)
    out.sort(key=lambda c: -c.probability)
    return out


def _says_first(found: list[Candidate], rules: PageRules) -> Candidate:
    """The best candidate, or a near-equal one reading the same comments from their
    "NAME says:" lines: where a says-form and a date line both recur once a comment, the
    says-form heads it (the date under it is its meta, not the head of the next text)."""
    top = found[0]
    if top.features.get("says"):
        return top
    for other in found[1:]:
        if top.probability - other.probability > rules.text.says_margin:
            break
        if other.features.get("says") and len(other.comments) == len(top.comments):
            return other
    return top


def best(lines: Sequence[Line], rules: PageRules) -> Candidate | None:
    """The page's comment list: the best candidate above the ranker's threshold, else the
    best short list whose size the page declares, else the best candidate when each of its
    comments is signed and dated (`_signed`), else one signed dated comment under a comment
    heading (`_lone_dated`), else None."""
    found = candidates(lines, rules)
    if found and found[0].probability >= rules.text.ranker.threshold:
        return _says_first(found, rules)
    # a short list the page itself counts ("2 Comments" over two comments)
    small = rules.text.declared_small_list
    # (one that holds half the article's prose is the article, whatever its count)
    counted = (
        c
        for c in found
        if c.features["count_match"]
        and len(c.comments) <= small
        and c.features["body_inside"] < rules.text.counted_max_body
    )
    return (
        next(counted, None)
        or next((c for c in found[:1] if _signed(c, lines, rules)), None)
        or next((c for c in found if _lone_dated(c, lines)), None)
    )


def _signed(cand: Candidate, lines: Sequence[Line], rules: PageRules) -> bool:
    """Whether a list of two or more under a comment heading has every comment signed and
    dated by its own meta lines ("Posted by: Jo | May 2, 2012 at 9:14", "Jo says: May 2"):
    a list that says whose and when each comment is stands, however short its comments and
    the ranker's score (a thread of thanks: "Nice one!", "Great.")."""
    meta = rules.meta
    if len(cand.comments) < 2 or not cand.features["heading"]:
        return False  # (a blog's index signs its posts alike, under no comment heading)
    for found in cand.comments:
        if not found.text:
            return False  # a signature over nothing: the list is read out of step
        said = " ".join(lines[k].text for k in found.meta)
        signed = meta.posted_by.search(said) or meta.says.search(said)
        if not signed or not meta.date.search(said):
            return False
    return True


def _lone_dated(cand: Candidate, lines: Sequence[Line]) -> bool:
    """One dated comment under a comment heading, signed, with a line of prose: a list of
    one repeats nothing for the ranker to weigh, but the heading and its date say enough."""
    f = cand.features
    if not (f["single_headed"] and f["date"]) or len(cand.comments) != 1:
        return False
    (only,) = cand.comments
    return len(only.meta) >= 2 and any(lines[k].words >= 5 for k in only.text)
