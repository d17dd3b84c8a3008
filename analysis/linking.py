"""Link each comment to the claim(s) it answers, with a score and a stance.

Two signals, in this order:

* **echo**: the comment repeats a claim's distinctive words, those rare within the article
  ("penance" when one paragraph says it), or a rare two-word phrase of it ("patient
  outcomes"). An echo scores `echo_base` plus the rest scaled by similarity, so it always
  outranks a similarity-only link.
* **similarity**: cosine of TF-IDF vectors (sublinear tf, idf from the article's paragraphs
  and claims, stop words dropped, light suffix stemming). Below `similarity_threshold` there
  is no link: the comment reacts to the article in general.

The stance toward each linked claim (mock, disagree, agree, else unclear) comes from cue
phrases and from negation of the claim's own words; it is kept apart from mood. Tunables and
cue lists are in claims.toml. Plain Python: no model, no extra dependency.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from analysis.claims import find_quotes
from analysis.model import Article, Claim, Link, Mood, Stance
from analysis.rules import Rules
from analysis.speakers import Config, config

_WORD_RE = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
_SUFFIXES = (("sses", "ss"), ("ies", "y"), ("ied", "y"), ("ence", "ent"), ("ance", "ant"))


def stem(word: str) -> str:
    """A light stem: plural, -ing, -ed, -ly and final e removed, so share/sharing/shared,
    home/homes and employ/employees meet.

    >>> [stem(w) for w in ("sharing", "shared", "share", "homes", "employees", "records")]
    ['shar', 'shar', 'shar', 'hom', 'employ', 'record']
    """
    w = word
    for suffix, repl in _SUFFIXES:
        if w.endswith(suffix) and len(w) > len(suffix) + 2:
            w = w[: -len(suffix)] + repl
            break
    else:
        if w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 3:
            w = w[:-1]
    for suffix in ("ingly", "edly", "ing", "ed", "ly"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3 and _has_vowel(w[: -len(suffix)]):
            w = w[: -len(suffix)]
            if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":
                w = w[:-1]
            break
    while len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    return w


def _has_vowel(s: str) -> bool:
    return any(c in "aeiouy" for c in s)


def _words(text: str) -> list[str]:
    return [w.replace("’", "'") for w in _WORD_RE.findall(text.lower())]


def terms(text: str, cfg: Config, skip: frozenset[str] = frozenset()) -> list[str]:
    """Content stems of a text in order: stop words and `skip` (speaker names) removed."""
    out: list[str] = []
    for w in _words(text):
        bare = w.split("'")[0]
        if w in cfg.stop_words or bare in cfg.stop_words or w.replace("'", "") in cfg.stop_words:
            continue
        if bare in skip or len(bare) < 2:
            continue
        out.append(stem(bare))
    return out


def _bigrams(seq: Sequence[str]) -> set[tuple[str, str]]:
    return set(itertools.pairwise(seq))


@dataclass(frozen=True, slots=True)
class _Model:
    idf: dict[str, float]
    default_idf: float
    paragraph_df: Counter[str]
    paragraph_bigram_df: Counter[tuple[str, str]]
    rare_df: float
    highlighted: frozenset[str]


def _model(article: Article, claims: Sequence[Claim], cfg: Config, skip: frozenset[str]) -> _Model:
    paragraphs = [p for p in (article.headline, *article.body) if p]
    docs = [set(terms(t, cfg, skip)) for t in [*paragraphs, *(c.text for c in claims)]]
    n = len(docs)
    df: Counter[str] = Counter()
    for d in docs:
        df.update(d)
    idf = {t: math.log((1 + n) / (1 + k)) + 1.0 for t, k in df.items()}
    pdf: Counter[str] = Counter()
    pbdf: Counter[tuple[str, str]] = Counter()
    highlighted: set[str] = set()
    for p in paragraphs:
        seq = terms(p, cfg, skip)
        pdf.update(set(seq))
        pbdf.update(_bigrams(seq))
        highlighted.update(_scare_quoted(p, cfg, skip))
    share = cfg.linking["echo_max_paragraph_share"] * len(paragraphs)
    rare = max(cfg.linking["echo_max_paragraphs"], share)
    return _Model(idf, math.log(1 + n) + 1.0, pdf, pbdf, rare, frozenset(highlighted))


def _scare_quoted(text: str, cfg: Config, skip: frozenset[str]) -> set[str]:
    # Words the article itself singles out in short quotes ('penance', 'fantasy').
    out: set[str] = set()
    for span in find_quotes(text):
        words = terms(span.content(text), cfg, skip)
        if 0 < len(span.content(text).split()) <= 3:
            out.update(words)
    return out


def _emphasised(text: str, cfg: Config, skip: frozenset[str]) -> set[str]:
    """Words a comment points at: quoted, asked or exclaimed, in capitals, or said first."""
    out = set(_scare_quoted(text, cfg, skip))
    for m in _EMPHASIS_RE.finditer(text):
        # The run may open with an apostrophe or hyphen ("'really?"): the word starts at its
        # first letter and has two characters at least.
        word = m.group(1).lstrip("'’-")
        if len(word) >= 2:
            out.update(terms(word, cfg, skip))
    first = terms(" ".join(text.split()[:1]), cfg, skip)
    out.update(first)
    for w in re.findall(r"\b[A-Z]{3,}\b", text):
        out.update(terms(w, cfg, skip))
    return out


#: A word asked or exclaimed ("Penance?!"). Matched as a whole run of word characters,
#: possessively and from the run's start only: a run that is not followed by "?" or "!" is
#: passed over once, never re-tried from each of its letters (that was quadratic in a word's
#: length: 100,000 letters took 75 s).
_EMPHASIS_RE = re.compile(r"(?<![A-Za-z'’-])([A-Za-z'’-]++)\s*+[?!]")


def _vector(seq: Iterable[str], model: _Model) -> dict[str, float]:
    tf = Counter(seq)
    vec = {t: (1.0 + math.log(k)) * model.idf.get(t, model.default_idf) for t, k in tf.items()}
    norm = math.sqrt(sum(v * v for v in vec.values()))
    return {t: v / norm for t, v in vec.items()} if norm else {}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def _echo_strength(
    comment: Sequence[str],
    emphasised: set[str],
    claim: Sequence[str],
    model: _Model,
    cfg: Config,
) -> float:
    """How plainly a comment repeats a claim: rare words it or the article points at count
    double their idf, rare shared two-word phrases their words' idf; 0 for no echo."""
    min_stem = cfg.linking["echo_min_stem"]
    strength = 0.0
    for t in set(comment) & set(claim):
        rare = 0 < model.paragraph_df[t] <= model.rare_df
        if rare and len(t) >= min_stem and (t in emphasised or t in model.highlighted):
            strength += 2.0 * model.idf.get(t, model.default_idf)
    for a, b in _bigrams(comment) & _bigrams(claim):
        if 0 < model.paragraph_bigram_df[(a, b)] <= model.rare_df:
            strength += model.idf.get(a, model.default_idf) + model.idf.get(b, model.default_idf)
    return strength


def link_all(
    comments: Sequence[tuple[str, Mood | None]],
    claims: Sequence[Claim],
    article: Article,
    rules: Rules | None = None,
) -> tuple[tuple[Link, ...], ...]:
    """For each (comment text, mood), its links to claims, strongest first; () for none.

    >>> from analysis.model import Article, Claim
    >>> art = Article(None, None, None, None, None, ("'We will shut the pool,' she said.",))
    >>> cl = [Claim("c1", "We will shut the pool", "Ann Lee", "direct", 0)]
    >>> links = link_all([("Shutting the pool is nonsense.", None), ("Hi.", None)], cl, art)
    >>> [(link.claim_id, link.stance) for link in links[0]], links[1]
    ([('c1', 'disagree')], ())
    """
    if not claims:
        return tuple(() for _ in comments)
    cfg = config(rules)
    settings = cfg.linking
    skip = frozenset(w for c in claims if c.speaker for w in _words(c.speaker))
    model = _model(article, claims, cfg, skip)
    claim_terms = [terms(c.text, cfg, skip) for c in claims]
    claim_vecs = [_vector(t, model) for t in claim_terms]
    out: list[tuple[Link, ...]] = []
    base, half = settings["echo_base"], settings["echo_half_strength"]
    for text, mood in comments:
        seq = terms(text, cfg, skip)
        emphasised = _emphasised(text, cfg, skip)
        vec = _vector(seq, model)
        scored: list[tuple[float, str, int]] = []
        for i, (ct, cv) in enumerate(zip(claim_terms, claim_vecs, strict=True)):
            sim = _cosine(vec, cv)
            strength = _echo_strength(seq, emphasised, ct, model, cfg)
            if strength > 0:
                echo = 0.8 * strength / (strength + half) + 0.2 * sim
                scored.append((base + (1.0 - base) * echo, "echo", i))
            elif sim >= settings["similarity_threshold"]:
                scored.append((sim, "similarity", i))
        scored.sort(key=lambda s: (-s[0], s[2]))
        if scored:
            floor = scored[0][0] * settings["keep_ratio"]
            scored = [s for s in scored if s[0] >= floor][: int(settings["max_links"])]
        out.append(
            tuple(
                Link(claims[i].id, round(score, 6), via, stance(text, claims[i], mood, rules))
                for score, via, i in scored
            )
        )
    return tuple(out)


def _has_phrase(text: str, phrases: Iterable[str]) -> bool:
    low = " ".join(text.lower().replace("’", "'").split())
    for p in phrases:
        p = p.lower().replace("’", "'")
        if re.search(r"(?<![a-z])" + re.escape(p) + r"(?![a-z])", low):
            return True
    return False


def stance(text: str, claim: Claim, mood: Mood | None = None, rules: Rules | None = None) -> Stance:
    """The comment's stance toward one claim: mock, disagree, agree, else unclear.

    Mocking wins (sarcasm cues, or the mood stage's sarcasm reason), then disagreeing (cue
    words, or a negation within a few words before one of the claim's own words), then
    agreeing.
    """
    cfg = config(rules)
    cues = cfg.stance
    if mood is not None and any(
        r in reason.lower() for reason in mood.reasons for r in cues["mock_reasons"]
    ):
        return "mock"
    if _has_phrase(text, cues["mock"]) or any(p in text for p in cues["mock_punctuation"]):
        return "mock"
    if _has_phrase(text, cues["disagree"]) or _negates(text, claim, cfg):
        return "disagree"
    if _has_phrase(text, cues["agree"]):
        return "agree"
    return "unclear"


def _negates(text: str, claim: Claim, cfg: Config) -> bool:
    claim_terms = set(terms(claim.text, cfg))
    window = int(cfg.stance["negation_window"])
    negations = {w.replace("’", "'") for w in cfg.stance["negation_words"]}
    words = _words(text)
    for i, w in enumerate(words):
        if w not in negations:
            continue
        for nxt in words[i + 1 : i + 1 + window]:
            if nxt not in cfg.stop_words and stem(nxt) in claim_terms:
                return True
    return False
