"""What an attribution reports: the regions of a sentence that make the claim (the complement
after the reporting verb, or the words before its subject), less labels and other
attributions."""

from __future__ import annotations

from collections.abc import Sequence

from analysis.claims.parts import _Anchor
from analysis.claims.subjects import _PREPOSITIONS
from analysis.speakers import (
    Config,
    Token,
)

_OBJECT_PRONOUNS = {"him", "her", "them", "us", "me", "reporters", "journalists", "mps"}


def _complement(
    tokens: Sequence[Token], anchor: _Anchor, others: Sequence[_Anchor], cfg: Config
) -> list[tuple[int, int]]:
    """Token ranges of what the anchor's verb governs: after it, before it, or both."""
    n = len(tokens)
    if anchor.participle:
        k = anchor.verb_last + 1
        if k < n and tokens[k].lower == "that":
            k += 1
        return _clean_regions(tokens, [(k, n)], others, cfg)
    if anchor.inverted:
        before = (0, anchor.verb_first)
        after_start = anchor.subj_last + 1
        if (
            after_start < n
            and tokens[after_start].text == ","
            and _has_words(tokens, after_start + 1, n)
        ):
            regions = [before, (after_start + 1, n)]
        else:
            regions = [before]
    else:
        regions = _forward_regions(tokens, anchor, cfg)
    return _clean_regions(tokens, regions, others, cfg)


def _forward_regions(
    tokens: Sequence[Token], anchor: _Anchor, cfg: Config
) -> list[tuple[int, int]]:
    n = len(tokens)
    k = _past_object(tokens, anchor, cfg)
    while k < n and tokens[k].kind == "word" and tokens[k].lower in cfg.after_verb:
        k += 1
    comma_after = k < n and tokens[k].text == ","
    if k < n and tokens[k].kind == "word" and tokens[k].lower in _PREPOSITIONS:
        # "he adds of the LMCs vote, '...'": the phrase after the verb is not the claim.
        stop = next((j for j in range(k, min(k + 9, n)) if tokens[j].text == ","), None)
        if stop is not None:
            k, comma_after = stop, True
    if k < n and tokens[k].lower == "that":
        k += 1
    if k < n and tokens[k].text == ":":
        # "X said: ..." — what follows the colon (maybe the next paragraph) is the claim; the
        # words before the subject only set the scene.
        return [(k + 1, n)]
    if anchor.relative:
        return [(k, n)]
    return _regions_from(tokens, anchor, k, comma_after)


def _regions_from(
    tokens: Sequence[Token], anchor: _Anchor, k: int, comma_after: bool
) -> list[tuple[int, int]]:
    """The claim's regions once its start `k` after the verb is known: from there to the
    end (with a relative clause's antecedent), or, after a comma, the words before the
    subject, and what follows when the attribution sits inside the claim."""
    n = len(tokens)
    before = (0, anchor.subj_first)
    if not comma_after:
        if _has_words(tokens, k, n) or _has_quotes(tokens, k, n):
            return [*_antecedent(tokens, anchor.subj_first), (k, n)]
        return [before]
    k += 1
    if not (_has_words(tokens, k, n) or _has_quotes(tokens, k, n)) or tokens[k].lower.endswith(
        "ing"
    ):
        return [before]
    prev = tokens[anchor.subj_first - 1] if anchor.subj_first > 0 else None
    if prev is not None and (prev.text == "," or prev.kind == "quote"):
        return [before, (k, n)]
    return [before]


def _past_object(tokens: Sequence[Token], anchor: _Anchor, cfg: Config) -> int:
    """Where the claim may start after a reporting verb that takes an object: past "that",
    an object pronoun ("told us"), or a listener ("told the Evening Post", "told the meeting
    the authority had ...")."""
    n = len(tokens)
    k = anchor.verb_last + 1
    if tokens[anchor.verb_first].lower not in cfg.with_object or k >= n:
        return k
    ahead = [t.lower for t in tokens[k : k + 5]]
    if "that" in ahead:
        return k + ahead.index("that")
    if tokens[k].lower in _OBJECT_PRONOUNS:
        return k + 1
    # A listener: "told the Evening Post", "tells GPonline", "told MPs".
    j = k + 1 if tokens[k].lower in ("the", "a", "an") else k
    while j < n and tokens[j].kind == "word" and tokens[j].text[:1].isupper():
        j += 1
    if j > k and tokens[j - 1].text[:1].isupper():
        return j
    if tokens[k].lower in _DETERMINERS:
        # "told the meeting the authority had ...": a listener, then the clause.
        for m in range(k + 2, min(k + 5, n)):
            if tokens[m].kind != "word" or tokens[m].lower in cfg.verbs:
                break
            if tokens[m].lower in _CLAUSE_OPENERS:
                return m
    return k


_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her"}
_CLAUSE_OPENERS = _DETERMINERS | {"it", "he", "she", "they", "we", "there", "i", "you", "our"}
_RELATIVES = {"which", "who", "whom"}


def _antecedent(tokens: Sequence[Token], subj_first: int) -> list[tuple[int, int]]:
    """The noun phrase a relative clause hangs on: "the GP independent contractor model,
    which he thinks is 'benefitting the NHS'" claims something about that model."""
    k = subj_first - 1
    if k < 1 or tokens[k].lower not in _RELATIVES:
        return []
    end = k - 1 if tokens[k - 1].text == "," else k
    j = end - 1
    while j >= 0 and end - j <= 8 and tokens[j].kind == "word":
        if tokens[j].lower in _DETERMINERS:
            return [(j, end)]
        j -= 1
    return []


def _has_words(tokens: Sequence[Token], a: int, b: int) -> bool:
    return any(t.kind == "word" for t in tokens[a:b])


def _has_quotes(tokens: Sequence[Token], a: int, b: int) -> bool:
    return any(t.kind == "quote" for t in tokens[a:b])


def _clean_regions(
    tokens: Sequence[Token],
    regions: list[tuple[int, int]],
    others: Sequence[_Anchor],
    cfg: Config,
) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in regions:
        # Another attribution at the end of the region ("..., he says.") is not claim text.
        for o in others:
            lo = min(o.subj_first, o.verb_first)
            hi = max(o.subj_last, o.verb_last)
            if (
                a <= lo
                and hi < b
                and not _has_words(tokens, hi + 1, b)
                and not _has_quotes(tokens, hi + 1, b)
            ):
                b = lo
        a = _skip_label(tokens, a, b, cfg)
        # "However, Labour would ...": a connective ties the claim to the sentence before.
        while a < b and (tokens[a].kind == "punct" or tokens[a].lower in cfg.connectives):
            a += 1
        while b > a and tokens[b - 1].kind == "punct" and tokens[b - 1].text != ")":
            b -= 1
        if a < b:
            out.append((a, b))
    return out


def _skip_label(tokens: Sequence[Token], a: int, b: int, cfg: Config) -> int:
    # "Interview: Labour would ..." — a short label before a colon is not what was said.
    limit = cfg.claims["max_label_words"]
    for k in range(a, min(b, a + limit + 1)):
        if tokens[k].text == ":" and k > a:
            return k + 1
        if tokens[k].kind != "word":
            break
    return a
