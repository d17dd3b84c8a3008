"""The article in copied page text: its headline and body lines among the site's chrome.

Copied text keeps the site's menus, sidebars, share bars and footers as lines like any other.
Body text differs from them the way jusText (Pomikálek 2011) and the body-text-extraction
idea (Finn et al. 2001) read it: body lines are long and dense in function words ("the",
"of", "that"); chrome lines are short, title-cased, or lists of names and links; and a line's
neighbours say as much as the line (a photo caption or a one-line paragraph sits among prose).
So:

1. each line is described by plain numbers (`line_features`): its own words, stopwords,
   capitals, end punctuation, dates and links, and the prose around it;
2. gradient-boosted trees over them (rules/body_model.npz, fitted on real pages by
   benchmarks/fit_text_body.py, dev part only) give each line's probability of being body
   text;
3. the body is the run of lines with the greatest total of `words × (p − threshold)` (a
   maximum subarray: one stretch of text), less the lines in it the model plainly rejects and
   lines that are chrome wherever they sit ("Tweet", a lone date);
4. the headline is the nearest title-like line above the body.

`prose_run` keeps the model-free reading (the best run of prose lines), which the comment
ranker weighs. Tunables live in rules/pages.toml (`[text.article]`).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from analysis.pages.lines import Line
from analysis.rules.schema import PageRules
from analysis.rules.trees import TreeModel

_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Body:
    """Where the article sits among the lines: its headline line and body lines."""

    headline: int | None
    lines: tuple[int, ...]


def _prose(line: Line, rules: PageRules) -> tuple[int, float]:
    words = _WORD.findall(line.text.lower())
    if not words:
        return 0, 0.0
    stop = rules.text.article.stopwords
    return len(words), sum(1 for w in words if w in stop) / len(words)


def _line_score(ln: Line, rules: PageRules) -> float:
    ar = rules.text.article
    n, share = _prose(ln, rules)
    if n >= ar.min_words and share >= ar.min_stopword_share and not ar.chrome.fullmatch(ln.text):
        return float(n)
    return -ar.penalty - ar.word_penalty * n


def _best_run(zone: Sequence[Line], rules: PageRules) -> tuple[float, int, int]:
    """The run of lines with the greatest total score: (score, first, last)."""
    best, best_at, run, run_at = 0.0, (0, -1), 0.0, 0
    for k, ln in enumerate(zone):
        if run <= 0:
            run, run_at = 0.0, k
        run += _line_score(ln, rules)
        if run > best:
            best, best_at = run, (run_at, k)
    return best, best_at[0], best_at[1]


def prefix_runs(lines: Sequence[Line], rules: PageRules) -> list[float]:
    """The score of the best run of prose in `lines[:k]` (0 for none), for every k from 0 to
    len(lines), in one pass."""
    out, best, run = [0.0], 0.0, 0.0
    for ln in lines:
        run = max(run, 0.0) + _line_score(ln, rules)
        best = max(best, run)
        out.append(best)
    return out


def prose_run(lines: Sequence[Line], rules: PageRules) -> tuple[int, ...]:
    """The lines of the best run of prose (the model-free reading), chrome lines left out."""
    ar = rules.text.article
    _, first, last = _best_run(lines, rules)
    return tuple(k for k in range(first, last + 1) if not ar.chrome.fullmatch(lines[k].text))


#: A line's own features; the rest are said of its neighbourhood (see `line_features`).
_CONTEXT = 3
_WIDE = 8
_FAR = 50


#: Longer lines are never chrome (and never run through its pattern).
_CHROME_CHARS = 400


def _own(ln: Line, rules: PageRules) -> dict[str, float]:
    ar = rules.text.article
    n, stop = _prose(ln, rules)
    raw = ln.text.split()
    caps = sum(1 for w in raw if w[:1].isupper()) / len(raw) if raw else 0.0
    toks = _WORD.findall(ln.text)
    # chrome lines are short; a long line is never run through the pattern
    chrome = len(ln.text) <= _CHROME_CHARS and bool(ar.chrome.fullmatch(ln.text))
    return {
        "words_log": math.log1p(n),
        "stop": stop,
        "prose": float(n >= ar.min_words and stop >= ar.min_stopword_share and not chrome),
        "chrome": float(chrome),
        "end": float(ln.text[-1:] in ar.sentence_ends),
        "caps": caps,
        "digits": sum(1 for t in toks if t.isdigit()) / len(toks) if toks else 0.0,
        "date": float(bool(ar.dated.search(ln.text))),
        "link": float(bool(ar.link.search(ln.text))),
        "chars_per_word": min(len(ln.text) / max(1, len(raw)), 20.0) / 10,
        "separator": float(bool(ar.separator.search(ln.text))),
    }


def line_features(zone: Sequence[Line], rules: PageRules) -> list[dict[str, float]]:
    """What the body model weighs about each line of `zone`, each a plain number. Linear in
    the zone's size: windows are of fixed width."""
    n = len(zone)
    if not n:
        return []
    read: dict[str, dict[str, float]] = {}  # a page repeats lines ("Reply", dates)
    own = []
    for ln in zone:
        if ln.text not in read:
            read[ln.text] = _own(ln, rules)
        own.append(dict(read[ln.text]))
    seen = Counter(ln.text for ln in zone)
    _, first, last = _best_run(zone, rules)
    prose = [f["prose"] for f in own]
    logw = [f["words_log"] for f in own]
    mass = [p * ln.words for p, ln in zip(prose, zone, strict=True)]
    total = sum(mass) or 1.0
    longest = max(1, max(ln.words for ln in zone))
    cum = list(_running(mass))
    cum_p = list(_running(prose))
    cum_w = list(_running(logw))

    def window(cum: list[float], k: int, width: int) -> tuple[float, int]:
        lo, hi = max(0, k - width), min(n, k + width + 1)
        return cum[hi] - cum[lo], hi - lo

    prev_at, dist_prev = -_FAR, []
    for k in range(n):
        dist_prev.append(min(k - prev_at, _FAR))
        if prose[k]:
            prev_at = k
    next_at, dist_next = n + _FAR, [0] * n
    for k in range(n - 1, -1, -1):
        dist_next[k] = min(next_at - k, _FAR)
        if prose[k]:
            next_at = k
    out = []
    for k, ln in enumerate(zone):
        f = dict(own[k])
        near_p, width = window(cum_p, k, _CONTEXT)
        near_w, _ = window(cum_w, k, _CONTEXT)
        wide, _ = window(cum, k, _WIDE)
        short = ln.words < rules.text.article.min_words
        prev_prose = prose[k - 1] if k > 0 else 0.0
        next_prose = prose[k + 1] if k + 1 < n else 0.0
        f.update(
            ctx_prose=(near_p - prose[k]) / max(1, width - 1),
            ctx_words=(near_w - logw[k]) / max(1, width - 1),
            prev_prose=prev_prose,
            next_prose=next_prose,
            dist_prev=math.log1p(dist_prev[k]),
            dist_next=math.log1p(dist_next[k]),
            in_run=float(first <= k <= last),
            before_run=float(k < first),
            after_run=float(k > last),
            from_run=0.0 if first <= k <= last else math.log1p(min(abs(k - first), abs(k - last))),
            repeated=float(seen[ln.text] > 1),
            position=k / n,
            mass_before=cum[k + 1] / total,
            wide=(wide - mass[k]) / total,
            share=mass[k] / total,
            length=ln.words / longest,
            to_end=math.log1p(n - k),
            page_prose=math.log1p(total),
            words_stop=f["words_log"] * f["stop"],
            words_sq=f["words_log"] ** 2,
            short_between=float(short and bool(prev_prose) and bool(next_prose)),
            caps_short=f["caps"] * short,
        )
        out.append(f)
    return out


def _running(values: Sequence[float]) -> list[float]:
    out, total = [0.0], 0.0
    for v in values:
        total += v
        out.append(total)
    return out


def probabilities(zone: Sequence[Line], rules: PageRules) -> list[float]:
    """The body model's probability, for each line of `zone`, that it is body text."""
    model = _model(rules)
    feats = line_features(zone, rules)
    if not feats:
        return []
    return model.probabilities(np.array([[f[k] for k in model.names] for f in feats]))


def _model(rules: PageRules) -> TreeModel:
    model = rules.text.article.trees
    if model is None:
        raise ValueError("these page rules carry no body model (analysis.rules.load sets it)")
    return model


def body(lines: Sequence[Line], rules: PageRules, stop_at: int | None = None) -> Body:
    """The article's headline and body among `lines[:stop_at]` (comments already out)."""
    model = _model(rules)
    zone = lines[: len(lines) if stop_at is None else stop_at]
    return choose(zone, probabilities(zone, rules), model.threshold, model.keep_share, rules)


def choose(
    zone: Sequence[Line], prob: Sequence[float], threshold: float, keep: float, rules: PageRules
) -> Body:
    """The body given each line's probability: the run with the greatest total of
    `words × (p − threshold)`, less its lines below `keep × threshold` and its chrome lines,
    with its headline (`_lead`)."""
    best, at, run, run_at = 0.0, (0, -1), 0.0, 0
    for k, ln in enumerate(zone):
        if run <= 0:
            run, run_at = 0.0, k
        run += max(1, ln.words) * (prob[k] - threshold)
        if run > best:
            best, at = run, (run_at, k)
    first, last = at
    if last < first:
        return Body(None, ())
    headline, first = _lead(zone, first, last, rules)
    chrome = rules.text.article.chrome
    kept = tuple(
        k
        for k in range(first, last + 1)
        if prob[k] >= keep * threshold and not chrome.fullmatch(zone[k].text)
    )
    return Body(headline, kept)


def _lead(zone: Sequence[Line], first: int, last: int, rules: PageRules) -> tuple[int | None, int]:
    """The headline and where the body starts, for a run that starts at `first`. A run that
    opens with lines that are not prose (a site name, a date, the title) holds the headline:
    the last title-like line of that opening, the body after it. Otherwise the headline is
    the nearest title-like line above the run."""
    k = first
    while k <= last and _line_score(zone[k], rules) <= 0:
        k += 1
    if k == first or k > last:
        return _headline(zone, first, rules), first
    for h in range(k - 1, first - 1, -1):
        if _title_like(zone[h], rules):
            return h, h + 1
    return _headline(zone, first, rules), first


def _headline(zone: Sequence[Line], first: int, rules: PageRules) -> int | None:
    """The nearest title-like line above the body: a few words, no date, no bar."""
    ar = rules.text.article
    for k in range(first - 1, max(-1, first - 1 - ar.headline_window), -1):
        if _title_like(zone[k], rules):
            return k
    return None


def _title_like(ln: Line, rules: PageRules) -> bool:
    """A few words, no date, no bar of links."""
    ar = rules.text.article
    return ar.headline_min_words <= ln.words <= ar.headline_max_words and not (
        ar.not_headline.search(ln.text) or ar.chrome.fullmatch(ln.text)
    )
