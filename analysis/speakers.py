"""Who says it: people named in an article, and what "Mr Hunt", "he" or "the peer" refer to.

The article is read once for every person mention outside quotes (a capitalised 1-4 word run
with an optional title). The full form first given ("Jeremy Hunt", "Lord Philip Hunt") is the
canonical name; short forms resolve to a compatible full form, nearest before them first:
"Mr Hunt" never names a peer and "Lord Hunt" only names a peer, so two people who share a
surname stay apart. Roles ("the health secretary", "the shadow minister") resolve through the
role words the article itself puts next to a name. Patterns live in claims.toml.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from analysis import rules as rules_mod
from analysis.errors import AnalysisError
from analysis.rules.schema import ClaimsFile

TokenKind = Literal["word", "punct", "quote"]
#: Place of a mention in an article: (paragraph index, -1 for the headline; character offset).
Order = tuple[int, int]

_WORD_RE = re.compile(r"[^\W_](?:[\w\-.&]*[^\W_])?(?:['’][A-Za-z]+)?")
_PUNCT_RE = re.compile(r"[,:;.!?()\[\]—–\-…/]")
_POSSESSIVE = ("'s", "’s", "'", "’")


class BadClaimsConfig(AnalysisError):
    """claims.toml does not parse or lacks a section the claims stage needs."""


@dataclass(frozen=True, slots=True)
class Config:
    """The claims.toml data, as sets and numbers ready for matching."""

    verbs: frozenset[str]
    multiword_verbs: frozenset[tuple[str, str]]
    with_object: frozenset[str]
    participles: frozenset[str]
    between: frozenset[str]
    after_verb: frozenset[str]
    negations: frozenset[str]
    titles: frozenset[str]
    courtesy: frozenset[str]
    peerage: frozenset[str]
    male: frozenset[str]
    female: frozenset[str]
    particles: frozenset[str]
    not_names: frozenset[str]
    organisation_words: frozenset[str]
    role_heads: frozenset[str]
    role_modifiers: frozenset[str]
    role_fillers: frozenset[str]
    role_titles: dict[str, frozenset[str]]
    claims: dict[str, int]
    linking: dict[str, float]
    stop_words: frozenset[str]
    stance: dict[str, Any]
    coordinators: frozenset[str] = frozenset()
    connectives: frozenset[str] = frozenset()
    group_words: frozenset[str] = frozenset()
    not_subjects: frozenset[str] = frozenset()
    according_not_speakers: frozenset[str] = frozenset()
    question_labels: tuple[str, ...] = ()
    answer_labels: tuple[str, ...] = ()
    caption_markers: tuple[str, ...] = ()


def _words(data: dict[str, Any], section: str, key: str) -> frozenset[str]:
    try:
        values = data[section][key]
    except KeyError as exc:
        raise BadClaimsConfig(f"claims.toml: missing [{section}] {key}") from exc
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise BadClaimsConfig(f"claims.toml: [{section}] {key} must be a list of strings")
    return frozenset(values)


def parse_config(text: str) -> Config:
    """Build a Config from the text of a claims.toml file (raises BadClaimsConfig)."""
    try:
        checked = rules_mod.parse(ClaimsFile, text, "claims.toml")
    except rules_mod.BadRules as exc:
        raise BadClaimsConfig(str(exc)) from exc
    return _config(checked.model_dump(by_alias=True))


def _config(data: dict[str, Any]) -> Config:
    verbs = {v.lower() for v in _words(data, "reporting", "verbs")}
    single = frozenset(v for v in verbs if " " not in v)
    multi = frozenset(tuple(v.split(" ", 1)) for v in verbs if " " in v)
    try:
        return Config(
            verbs=single,
            multiword_verbs=frozenset((a, b) for a, b in multi),
            with_object=_words(data, "reporting", "with_object"),
            participles=_words(data, "reporting", "participles"),
            between=_words(data, "reporting", "between"),
            after_verb=_words(data, "reporting", "after_verb"),
            negations=_words(data, "reporting", "negations"),
            titles=_words(data, "names", "titles"),
            courtesy=_words(data, "names", "courtesy"),
            peerage=_words(data, "names", "peerage"),
            male=_words(data, "names", "male"),
            female=_words(data, "names", "female"),
            particles=_words(data, "names", "particles"),
            not_names=_words(data, "names", "not_names"),
            organisation_words=_words(data, "names", "organisation_words"),
            role_heads=_words(data, "roles", "heads"),
            role_modifiers=_words(data, "roles", "modifiers"),
            role_fillers=_words(data, "roles", "fillers"),
            role_titles={k: frozenset(v) for k, v in data["roles"].get("titles", {}).items()},
            claims={k: int(v) for k, v in data["claims"].items()},
            linking={k: float(v) for k, v in data["linking"].items() if k != "stop_words"},
            stop_words=_words(data, "linking", "stop_words"),
            stance=dict(data["stance"]),
            coordinators=_words(data, "clauses", "coordinators"),
            connectives=_words(data, "clauses", "connectives"),
            group_words=_words(data, "clauses", "group_words"),
            not_subjects=_words(data, "clauses", "not_subjects"),
            according_not_speakers=_words(data, "clauses", "according_not_speakers"),
            question_labels=tuple(sorted(_words(data, "interview", "question_labels"))),
            answer_labels=tuple(sorted(_words(data, "interview", "answer_labels"))),
            caption_markers=tuple(sorted(_words(data, "captions", "markers"))),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise BadClaimsConfig(f"claims.toml: bad shape ({exc})") from exc


def config(rules: rules_mod.Rules | None = None) -> Config:
    """The claims data of `rules` (the packaged rules when None), built once per rules."""
    return _config_of(rules or rules_mod.load())


@functools.cache
def _config_of(rules: rules_mod.Rules) -> Config:
    return _config(rules.claims.model_dump(by_alias=True))


@dataclass(frozen=True, slots=True)
class Token:
    """A word, punctuation mark or whole quote in the frame (non-quoted) text of a sentence.

    `start`/`end` are character offsets in the paragraph; `quote` is the index of the quote
    span a "quote" token stands for.
    """

    text: str
    kind: TokenKind
    start: int
    end: int
    quote: int = -1

    @property
    def lower(self) -> str:
        return self.text.lower()


def tokenize(text: str, start: int, end: int, quotes: Sequence[tuple[int, int]]) -> list[Token]:
    """Tokens of text[start:end]; each quote span (start, end) touching it becomes one token.

    `quotes` must be in order and not overlap (as claims.find_quotes gives them): the spans
    touching the range are found by bisection, so a paragraph of many sentences and quotes
    is tokenized in linear time.
    """
    tokens: list[Token] = []
    pos = start
    first = bisect.bisect_right(quotes, start, key=lambda q: q[1])
    spans = []
    for i in range(first, len(quotes)):
        s, e = quotes[i]
        if s >= end:
            break
        spans.append((s, e, i))
    for s, e, i in [*spans, (end, end, -1)]:
        if s > pos:
            tokens.extend(_frame_tokens(text, pos, min(s, end)))
        if i >= 0:
            if s >= start:
                tokens.append(Token(text[s:e], "quote", s, e, i))
            pos = max(pos, e)
    return tokens


def _frame_tokens(text: str, start: int, end: int) -> list[Token]:
    out: list[Token] = []
    pos = start
    while pos < end:
        ch = text[pos]
        if ch.isspace():
            pos += 1
            continue
        m = _WORD_RE.match(text, pos, end)
        if m:
            word = m.group().rstrip(".")
            if not word:
                pos += 1
                continue
            out.append(Token(word, "word", pos, pos + len(word)))
            pos += len(word)
            continue
        if _PUNCT_RE.match(ch):
            out.append(Token(ch, "punct", pos, pos + 1))
        pos += 1
    return out


@dataclass(frozen=True, slots=True)
class Mention:
    """A person named in frame text: "Mr Hunt", "Jeremy Hunt", "Hunt", "Lord Philip Hunt".

    `first`/`last` are token indexes in the sentence's token list; `order` places the mention
    in the whole article (paragraph, offset); `role` holds role words written next to it.
    """

    title: str | None
    given: tuple[str, ...]
    surname: str
    first: int
    last: int
    order: Order
    possessive: bool = False
    role: frozenset[str] = frozenset()

    @property
    def written(self) -> str:
        return " ".join(p for p in (self.title, *self.given, self.surname) if p)


def _is_cap(tok: Token) -> bool:
    t = tok.text
    return (
        tok.kind == "word"
        and t[:1].isupper()
        and any(c.islower() for c in t)
        and not any(c.isdigit() for c in t)
    )


def _strip_possessive(word: str) -> tuple[str, bool]:
    for suffix in _POSSESSIVE:
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            return word[: -len(suffix)], True
    return word, False


def role_words(words: Sequence[str], cfg: Config) -> frozenset[str]:
    """The comparable words of a role phrase: lower case, fillers dropped."""
    return frozenset(w.lower() for w in words if w.lower() not in cfg.role_fillers)


def find_mentions(tokens: Sequence[Token], paragraph: int, cfg: Config) -> list[Mention]:
    """Every person mention in a sentence's tokens of paragraph `paragraph` (names of things
    are left out)."""
    out: list[Mention] = []
    i, n = 0, len(tokens)
    while i < n:
        tok = tokens[i]
        if tok.kind != "word" or not (_is_cap(tok) or tok.text in cfg.titles):
            i += 1
            continue
        j = i
        run: list[Token] = []
        while j < n and tokens[j].kind == "word":
            t = tokens[j]
            particle = t.text in cfg.particles and j + 1 < n and _is_cap(tokens[j + 1])
            if _is_cap(t) or t.text in cfg.titles or particle:
                run.append(t)
            else:
                break
            j += 1
            if _strip_possessive(t.text)[1]:
                break
        mention = _mention_from_run(tokens, run, i, paragraph, cfg)
        if mention is not None:
            out.append(mention)
        i = max(j, i + 1)
    return out


def _mention_from_run(
    tokens: Sequence[Token], run: list[Token], first: int, paragraph: int, cfg: Config
) -> Mention | None:
    # Role words written in capitals before a name ("Health Secretary Jeremy Hunt") are the
    # role, not the name: keep only what follows the last role word.
    cut = 0
    for k, t in enumerate(run):
        if t.lower in cfg.role_heads or t.text in cfg.not_names:
            cut = k + 1
    role_prefix = [t.text for t in run[:cut]]
    run = run[cut:]
    first += cut
    if not run:
        return None
    title = run[0].text if run[0].text in cfg.titles else None
    names = run[1:] if title else run
    if not names or len(names) > 4:
        return None
    last_word, possessive = _strip_possessive(names[-1].text)
    parts = [t.text for t in names[:-1]] + [last_word]
    if any(p in cfg.organisation_words or p in cfg.not_names for p in parts):
        return None
    if _names_organisation(tokens, first, cfg):
        return None
    if any(p in cfg.titles for p in parts):
        return None
    last = first + len(run) - 1
    role = role_words(role_prefix, cfg) | _role_before(tokens, first, cfg)
    role |= _role_after(tokens, last, cfg)
    return Mention(
        title=title,
        given=tuple(parts[:-1]),
        surname=parts[-1],
        first=first,
        last=last,
        order=(paragraph, tokens[first].start),
        possessive=possessive,
        role=frozenset(w for w in role if w),
    )


def _names_organisation(tokens: Sequence[Token], first: int, cfg: Config) -> bool:
    """Whether the capitalised run at `first` ends an organisation's name: "Institute for
    Fiscal Studies", "Department for Education", "Royal College of Nursing" (an organisation
    word, then "for"/"of"). Such a body is no person, so a subject naming it gives a claim with
    a null speaker, as any group does, and never a speaker such as "Fiscal Studies"."""
    if first < 2 or tokens[first - 1].lower not in ("for", "of"):
        return False
    before = tokens[first - 2]
    return _is_cap(before) and _strip_possessive(before.text)[0] in cfg.organisation_words


def _role_before(tokens: Sequence[Token], first: int, cfg: Config) -> frozenset[str]:
    # "shadow health minister Lord Philip Hunt", "NHS England chief executive Simon Stevens",
    # and the appositive "The health secretary, Alan Whitford, said" / "Its chair, Dr Lee,".
    words: list[str] = []
    k = first - 1
    appositive = k >= 1 and tokens[k].text == "," and _closes_appositive(tokens, first, cfg)
    if appositive:
        k -= 1
    while k >= 0 and len(words) < 5 and tokens[k].kind == "word":
        w = tokens[k].lower
        if w in cfg.role_fillers and w not in ("of", "for"):
            break
        words.append(w)
        k -= 1
    words.reverse()
    if appositive and not _opens_clause(tokens, k):
        # "Speaking to the committee chair, Hunt said": a role inside a phrase is not his.
        return frozenset()
    heads = [i for i, w in enumerate(words) if w in cfg.role_heads]
    if not heads:
        return frozenset()
    return role_words(words[: heads[-1] + 1], cfg)


def _opens_clause(tokens: Sequence[Token], k: int) -> bool:
    """Whether a phrase whose first word follows tokens[k] starts its clause."""
    if k < 0 or tokens[k].kind != "word":
        return True
    return tokens[k].lower in _DETERMINERS and (k == 0 or tokens[k - 1].kind != "word")


_DETERMINERS = frozenset({"the", "a", "an", "its", "his", "her", "their", "our"})


def _closes_appositive(tokens: Sequence[Token], first: int, cfg: Config) -> bool:
    """Whether the name starting at `first` is followed by a comma or a verb ("Its chair,
    Dr Lee, said" / "The health secretary, Alan Whitford, has promised")."""
    k = first
    while (
        k < len(tokens)
        and tokens[k].kind == "word"
        and (_is_cap(tokens[k]) or tokens[k].text in cfg.titles or tokens[k].text in cfg.particles)
    ):
        k += 1
    return k < len(tokens) and tokens[k].text == ","


def _role_after(tokens: Sequence[Token], last: int, cfg: Config) -> frozenset[str]:
    # "Jeremy Hunt, secretary of state for health, has ..." (appositive between commas)
    n = len(tokens)
    if last + 1 >= n or tokens[last + 1].text != ",":
        return frozenset()
    words: list[str] = []
    k = last + 2
    while k < n and tokens[k].kind == "word" and len(words) < 25:
        if tokens[k].lower in cfg.verbs:
            return frozenset()
        words.append(tokens[k].lower)
        k += 1
    closed = k < n and tokens[k].text in (",", "—", "–", "-")
    if not closed or not any(w in cfg.role_heads for w in words):
        return frozenset()
    return role_words(words, cfg)


@dataclass(frozen=True, slots=True)
class Person:
    """One person of an article: the canonical name and what identifies them."""

    name: str
    title: str | None
    given: tuple[str, ...]
    surname: str


@dataclass(slots=True)
class Cast:
    """The people of one article and the resolution of every mention of them.

    Built once from all mentions in article order; `resolve` answers for any mention, `role`
    for a role phrase, `main` is the most mentioned person.
    """

    people: list[Person] = field(default_factory=list)
    resolved: dict[Order, str | None] = field(default_factory=dict)
    seen: list[tuple[Order, str]] = field(default_factory=list)
    roles: list[tuple[Order, frozenset[str], str]] = field(default_factory=list)
    genders: dict[str, str] = field(default_factory=dict)
    cfg: Config = field(default_factory=config)
    #: `seen` by name, orders ascending, so the nearest earlier mention is a bisection away.
    seen_at: dict[str, list[Order]] = field(default_factory=dict)
    #: `main`, worked out once (the cast does not change after build): (name,) or None.
    main_cache: tuple[str | None] | None = None

    @classmethod
    def build(cls, mentions: Sequence[Mention], cfg: Config) -> Cast:
        """Register the full names, then resolve every mention in article order."""
        cast = cls(cfg=cfg)
        ordered = sorted(mentions, key=lambda m: m.order)
        for m in ordered:
            if m.given:
                cast._register(m)
        for m in ordered:
            name = cast._resolve_new(m)
            cast.resolved[m.order] = name
            if name is not None:
                cast.seen.append((m.order, name))
                cast.seen_at.setdefault(name, []).append(m.order)
                if m.role:
                    cast.roles.append((m.order, m.role, name))
                # "Ms Fielding" tells us Louise Fielding is a woman, so a later "Mr Fielding"
                # cannot be her even though neither full name carried a title.
                gender = cast._title_gender(m.title)
                if gender is not None:
                    cast.genders.setdefault(name, gender)
        return cast

    def _title_gender(self, title: str | None) -> str | None:
        if title in self.cfg.male:
            return "male"
        if title in self.cfg.female:
            return "female"
        return None

    def _register(self, m: Mention) -> None:
        if self._same_full(m) is not None:
            return
        title = m.title if m.title not in self.cfg.courtesy else None
        name = " ".join(p for p in (title, *m.given, m.surname) if p)
        self.people.append(Person(name, title, m.given, m.surname))

    def _same_full(self, m: Mention) -> Person | None:
        for p in self.people:
            same = p.surname == m.surname and p.given and m.given and p.given[0] == m.given[0]
            if same and self._title_fits(m.title, p):
                return p
        return None

    def _title_fits(self, title: str | None, p: Person) -> bool:
        cfg = self.cfg
        if title is None:
            return True
        if title in cfg.peerage:
            return p.title in cfg.peerage
        if p.title in cfg.peerage:
            return False
        # "Mr Lee" is not "Lady Lee" nor "Mrs Lee": titles that say opposite genders clash.
        wanted = self._title_gender(title)
        known = self._title_gender(p.title) or self.genders.get(p.name)
        return wanted is None or known is None or wanted == known

    def _nearest(self, candidates: Sequence[Person], order: Order) -> Person | None:
        if not candidates:
            return None
        before = []
        for name in {p.name for p in candidates}:
            orders = self.seen_at.get(name, [])
            k = bisect.bisect_left(orders, order)
            if k > 0:
                before.append((orders[k - 1], name))
        if before:
            best = max(before)[1]
            return next(p for p in candidates if p.name == best)
        # Nobody named yet (a headline before the body): the first one the article names.
        return candidates[0]

    def _resolve_new(self, m: Mention) -> str | None:
        if m.given:
            p = self._same_full(m)
            return p.name if p else m.written
        candidates = [
            p for p in self.people if p.surname == m.surname and self._title_fits(m.title, p)
        ]
        p = self._nearest(candidates, m.order)
        if p is not None:
            return p.name
        if m.title is not None:
            # "Lord Hunt" with no full form anywhere is still a person.
            return m.written
        return None

    def resolve(self, m: Mention) -> str | None:
        """Canonical name of a mention; None for a lone capitalised word naming no one."""
        if m.order in self.resolved:
            return self.resolved[m.order]
        return self._resolve_new(m)

    def role(self, words: frozenset[str], order: Order) -> str | None:
        """The person a role phrase ("the shadow minister") names at this point of the article."""
        cfg = self.cfg
        mods = words & cfg.role_modifiers
        holder = self.role_holder(words, order)
        if holder is not None:
            return holder
        for head, titles in cfg.role_titles.items():
            if head in words:
                people = [p for p in self.people if p.title in titles]
                p = self._nearest(people, order)
                return p.name if p else None
        if mods & {"former", "ex", "shadow"}:
            return None
        return self.main

    def role_holder(self, words: frozenset[str], order: Order) -> str | None:
        """The person the article itself names with these role words ("schools minister
        Damian Ellery"), nearest before `order`, else the first after it; None when no named
        person carries the role (no guess at the main person, unlike `role`)."""
        mods = words & self.cfg.role_modifiers
        fits = [
            (o, name)
            for o, role, name in self.roles
            if words <= role and (role & self.cfg.role_modifiers) == mods
        ]
        if not fits:
            return None
        before = [f for f in fits if f[0] < order]
        return max(before)[1] if before else min(fits)[1]

    @property
    def main(self) -> str | None:
        """The most mentioned person (first mentioned on a tie); None if nobody is named."""
        if self.main_cache is None:
            self.main_cache = (self._most_mentioned(),)
        return self.main_cache[0]

    def _most_mentioned(self) -> str | None:
        if not self.seen:
            return None
        counts = Counter(name for _, name in self.seen)
        first = {name: o for o, name in reversed(self.seen)}
        # Earliest first: max keeps the first of equal counts.
        return max(sorted(counts, key=first.__getitem__), key=counts.__getitem__)

    def gender(self, name: str) -> str | None:
        """'male', 'female' or None, from titles only (names carry no reliable gender): the
        person's own title, else the first gendered title a mention of them used."""
        for p in self.people:
            if p.name == name:
                return self._title_gender(p.title) or self.genders.get(name)
        return self.genders.get(name)
