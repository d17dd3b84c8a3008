"""Who a sentence says said something: reporting verbs and their subjects (a name, a pronoun,
a role, a group or body), inverted ("said Jane Doe") and relative attributions, and the
people a sentence's frame names."""

from __future__ import annotations

from collections.abc import Sequence

from analysis.claims.parts import _Anchor, _Paragraph, _Reader, _Sentence
from analysis.speakers import (
    Config,
    Mention,
    Token,
)

_PRONOUNS = {"he": "male", "she": "female"}
_POSSESSIVE_PRONOUNS = {"his", "her"}
_PREPOSITIONS = {"of", "about", "on", "at", "in", "to", "when", "after", "before"}


def _mention_between(sentence: _Sentence, a: int, b: int) -> Mention | None:
    """A mention that is all of tokens a..b (role words in front of it allowed)."""
    for m in sentence.mentions:
        if a <= m.first and m.last == b - 1 and not m.possessive:
            return m
    return None


def _source_speaker(reader: _Reader, sentence: _Sentence, a: int, b: int) -> str | None:
    m = _mention_between(sentence, a, b)
    if m is not None:
        return reader.cast.resolve(m)
    tokens = sentence.tokens
    words = [k for k in range(a, b) if tokens[k].kind == "word"]
    if words and tokens[words[0]].lower in ("the",):
        role = _role_subject_at(tokens, words[0], reader.cfg, last=words[-1])
        if role is not None:
            return reader.cast.role(role[1], sentence.order(words[0]))
    if len(words) == 1 and tokens[words[0]].lower in _PRONOUNS:
        return _pronoun(reader, tokens[words[0]].lower)
    return None


def _frame_person(reader: _Reader, sentence: _Sentence) -> str | None:
    """The person a sentence without a reporting verb is about, if it names one."""
    for m in sentence.mentions:
        name = reader.cast.resolve(m)
        if name is not None:
            return name
    for t in sentence.tokens:
        if t.kind == "word" and (t.lower in _PRONOUNS or t.lower in _POSSESSIVE_PRONOUNS):
            return reader.salient
    return None


def _anchors(reader: _Reader, para: _Paragraph, sentence: _Sentence) -> list[_Anchor]:
    cfg = reader.cfg
    tokens = sentence.tokens
    out: list[_Anchor] = []
    for v, tok in enumerate(tokens):
        if tok.kind != "word" or not tok.text.islower():
            continue
        vl = v
        if tok.text in cfg.participles and v > 0 and tokens[v - 1].text == ",":
            out.append(_Anchor(v, v, v, v, _clause_subject(reader, sentence, v), False, True))
            continue
        if tok.text in cfg.verbs:
            pass
        elif v + 1 < len(tokens) and (tok.text, tokens[v + 1].lower) in cfg.multiword_verbs:
            vl = v + 1
        else:
            continue
        anchor = _inverted(reader, sentence, v, vl) or _forward(reader, sentence, v, vl)
        if anchor is not None:
            out.append(anchor)
    return out


def _clause_subject(reader: _Reader, sentence: _Sentence, v: int) -> str | None:
    """Who a participle ("..., saying ...") belongs to: the person the clause names first."""
    for m in sentence.mentions:
        if m.last < v and not m.possessive:
            name = reader.cast.resolve(m)
            if name is not None:
                return name
    words = [t for t in sentence.tokens[:v] if t.kind == "word"]
    if words and words[0].lower in _PRONOUNS:
        return _pronoun(reader, words[0].lower)
    role = _role_subject_at(sentence.tokens, 0, reader.cfg) if sentence.tokens else None
    if role is not None:
        return reader.cast.role(role[1], sentence.order(0))
    return None


def _speaker_of(
    reader: _Reader, sentence: _Sentence, first: int, last: int
) -> tuple[bool, str | None, int]:
    """(is a subject, its speaker, where it starts) for tokens[first..last] as a subject."""
    tokens = sentence.tokens
    if first == last and tokens[first].lower in _PRONOUNS:
        return True, _pronoun(reader, tokens[first].lower), first
    for m in sentence.mentions:
        if m.first <= first and m.last == last and not m.possessive:
            name = reader.cast.resolve(m)
            return name is not None, name, _role_start(tokens, m, reader.cfg)
    role = _role_subject_at(tokens, first, reader.cfg, last=last)
    if role is not None:
        if tokens[first].lower in ("a", "an"):
            return True, None, first
        return True, reader.cast.role(role[1], sentence.order(first)), first
    return False, None, first


def _role_start(tokens: Sequence[Token], m: Mention, cfg: Config) -> int:
    # "shadow health minister Lord Philip Hunt tells ...": the role words belong to the
    # attribution, not to the claim before it.
    first = m.first
    while first > 0 and tokens[first - 1].kind == "word" and tokens[first - 1].lower in m.role:
        first -= 1
    return first


def _pronoun(reader: _Reader, word: str) -> str | None:
    name = reader.salient
    if name is None:
        return None
    gender = reader.cast.gender(name)
    if gender is not None and gender != _PRONOUNS[word]:
        return None
    return name


def _role_subject_at(
    tokens: Sequence[Token], first: int, cfg: Config, last: int | None = None, bare: bool = False
) -> tuple[int, frozenset[str]] | None:
    """A role phrase starting at `first`: "the [words] head" (or "[words] head" when `bare`,
    as after an inverted verb in a headline). Returns (index of its head, role words): the
    phrase ending at `last` when given, else the shortest one."""
    start = first
    if tokens[first].kind == "word" and tokens[first].lower in ("the", "a", "an"):
        start = first + 1
    elif not bare:
        return None
    words: list[str] = []
    for k in range(start, min(start + 6, len(tokens))):
        t = tokens[k]
        if t.kind != "word" or t.lower in cfg.verbs:
            return None
        words.append(t.lower)
        if t.lower in cfg.role_heads and (last is None or k == last):
            return k, frozenset(w for w in words if w not in cfg.role_fillers)
    return None


def _forward(reader: _Reader, sentence: _Sentence, v: int, vl: int) -> _Anchor | None:
    cfg = reader.cfg
    tokens = sentence.tokens
    j = v - 1
    while j >= 0 and tokens[j].kind == "word":
        w = tokens[j].lower
        if w in cfg.negations:
            return None
        if w not in cfg.between:
            break
        j -= 1
    if j < 0:
        return None
    if tokens[j].text == ",":
        # An appositive between commas: "Hunt, the secretary of state for health, said", or
        # the name itself in apposition: "Labour's health spokesperson, Naomi Price, said".
        k = j - 1
        while k >= 0 and tokens[k].kind == "word" and tokens[k].lower not in cfg.verbs:
            k -= 1
        if k < 0 or tokens[k].text != "," or j - k > 26:
            return None
        inner = _mention_between(sentence, k + 1, j)
        if inner is not None and k >= 1 and tokens[k - 1].kind == "word":
            name = reader.cast.resolve(inner)
            if name is not None:
                return _Anchor(v, vl, _phrase_start(tokens, k), j - 1, name, inverted=False)
        j = k - 1
        if j < 0:
            return None
    if tokens[j].kind != "word":
        return None
    if tokens[j].lower == "who":
        return _relative(reader, sentence, v, vl, j)
    for first in range(j, max(-1, j - 7), -1):
        ok, speaker, start = _speaker_of(reader, sentence, first, j)
        if ok:
            return _Anchor(v, vl, start, j, speaker, inverted=False)
        if tokens[first].kind != "word":
            break
    group = _group_subject(tokens, j, cfg)
    if group is not None:
        return _Anchor(v, vl, group, j, None, inverted=False)
    return None


def _phrase_start(tokens: Sequence[Token], k: int) -> int:
    """First word of the phrase ending just before tokens[k] (at most 8 words back)."""
    first = k
    while first > 0 and k - first < 8 and tokens[first - 1].kind == "word":
        first -= 1
    return first


def _relative(reader: _Reader, sentence: _Sentence, v: int, vl: int, j: int) -> _Anchor | None:
    """ "..., Dr Ben Osei, a partner in Leeds, who said ...": the person the clause hangs on."""
    # The nearest person before "who" (a place such as "Leeds" in between names nobody).
    for m in reversed([m for m in sentence.mentions if m.last < j and j - m.last <= 12]):
        if m.possessive:
            return None
        name = reader.cast.resolve(m)
        if name is None:
            continue
        return _Anchor(v, vl, j, j, name, inverted=False, relative=True)
    return None


def _subject_start(tokens: Sequence[Token], j: int, cfg: Config) -> int | None:
    """Where a subject of up to six words ending at tokens[j] starts: after a coordinator
    joining two clauses (", but doctors said"), or at the sentence's start; None when other
    words stand before it ("While plans acknowledge ..." opens a subordinate clause)."""
    first = j
    while first > 0 and j - first < 6 and tokens[first - 1].kind == "word":
        if tokens[first - 1].lower in cfg.coordinators:
            break
        first -= 1
    if first > 0 and tokens[first - 1].kind == "word":
        joined = first >= 2 and tokens[first - 2].text in (",", ";")
        if tokens[first - 1].lower not in cfg.coordinators or not joined:
            return None
    return first


def _group_subject(tokens: Sequence[Token], j: int, cfg: Config) -> int | None:
    """Start of a subject naming a group or body rather than a person, ending at tokens[j]:
    "doctors' leaders", "the council", "A spokesperson for the inspectorate", "Critics"."""
    first = _subject_start(tokens, j, cfg)
    if first is None:
        return None
    words = [t.lower for t in tokens[first : j + 1]]
    if any(w in cfg.verbs or w in cfg.negations or w in cfg.not_subjects for w in words):
        return None
    if words[0] in _PREPOSITIONS or words[0] in ("according", "by", "with", "from", "for"):
        return None
    # The head is the last word before any "of"/"for"/"at" phrase: "a spokesperson for X".
    head_at = next(
        (k - 1 for k in range(first + 1, j + 1) if tokens[k].lower in ("of", "for", "at", "from")),
        j,
    )
    head = tokens[head_at]
    lower = head.lower.rstrip("'’")
    if lower in cfg.according_not_speakers:
        return None
    if lower in cfg.group_words or lower in cfg.role_heads:
        return first
    plural = lower.endswith("s") and not lower.endswith(("ss", "us", "is")) and len(lower) > 3
    if plural:
        return first
    # A capitalised head that is not just the sentence's first word: an organisation.
    if head_at > 0 and head.text[:1].isupper():
        return first
    return None


def _inverted(reader: _Reader, sentence: _Sentence, v: int, vl: int) -> _Anchor | None:
    tokens = sentence.tokens
    if v > 0 and not (tokens[v - 1].text in (",", ":") or tokens[v - 1].kind == "quote"):
        return None
    i = vl + 1
    if i >= len(tokens) or tokens[i].kind != "word":
        return None
    if tokens[i].lower in _PRONOUNS:
        # "..., said she would ..." is no inversion: the pronoun starts the claim.
        if not _ends_clause(tokens, i):
            return None
        return _Anchor(v, vl, i, i, _pronoun(reader, tokens[i].lower), inverted=True)
    for m in sentence.mentions:
        if i <= m.first <= i + 4 and all(t.kind == "word" for t in tokens[i : m.first]):
            if m.possessive:
                return None
            name = reader.cast.resolve(m)
            if name is None or not _ends_clause(tokens, m.last):
                return None
            return _Anchor(v, vl, i, m.last, name, inverted=True)
    bare = _clause_ends(tokens, i, reader.cfg)
    role = _role_subject_at(tokens, i, reader.cfg, last=bare, bare=bare is not None)
    if role is not None:
        speaker = (
            None if tokens[i].lower in ("a", "an") else reader.cast.role(role[1], sentence.order(i))
        )
        return _Anchor(v, vl, i, role[0], speaker, inverted=True)
    # "..., the council said." / "..., said a spokesperson for the trust."
    end = i
    while end + 1 < len(tokens) and tokens[end + 1].kind == "word" and end - i < 6:
        end += 1
    if _ends_clause(tokens, end) and tokens[i].lower in ("the", "a", "an"):
        start = _group_subject(tokens, end, reader.cfg)
        if start == i:
            return _Anchor(v, vl, i, end, None, inverted=True)
    return None


def _ends_clause(tokens: Sequence[Token], k: int) -> bool:
    return k + 1 >= len(tokens) or tokens[k + 1].kind != "word"


def _clause_ends(tokens: Sequence[Token], i: int, cfg: Config) -> int | None:
    """Index of the last word of a bare role phrase from i to the clause end, if any."""
    k = i
    while k < len(tokens) and tokens[k].kind == "word":
        k += 1
    last = k - 1
    if last >= i and tokens[last].lower in cfg.role_heads:
        return last
    return None
