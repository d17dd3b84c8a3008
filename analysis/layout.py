"""Page-layout vocabulary: the patterns of analysis/rules/chrome.toml, compiled, and the small
line tests `pages.split` is built from (is this line chrome, a date, a name, a timestamp…).

Pure and data-driven: every pattern lives in chrome.toml; this module only compiles it and
says how a line is tested against it. Each test takes one line with its whitespace stripped.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar, cast

from analysis import rules as rules_mod
from analysis.errors import AnalysisError

_I = re.IGNORECASE
_WORD = re.compile(r"\S+")
_DATE_LEFTOVER = re.compile(r"[\s,.:;|/\-–—·•()\[\]]+")
# A person's name token: capitalised word or initial; lower-case particles join names.
_NAME_TOKEN = re.compile(
    r"(?:[A-Z][\w'’\-]*\.?|[A-Z]\.(?:[A-Z]\.)*|(?:van|von|de|da|del|der|di|du|la|le|al|bin|ibn|st)\.?)"
)
# A handle or display name in a comment header, where a timestamp vouches for it.
NAME_MAX_SPLIT = 4
# Possessive white space: "\s*,?\s*" split a long run of spaces every way (quadratic).
_ROLE = re.compile(
    r"\s*+(?:,\s*+)?((?:[A-Z][\w'’\-]*\s+){0,3})"
    r"(reporter|correspondent|editor|journalist|writer|columnist)\b",
    re.IGNORECASE,
)
_ROLE_WORD = re.compile(
    r"(reporter|correspondent|editor|journalist|writer|columnist)s?", re.IGNORECASE
)
_ROLE_LINE = re.compile(
    r"([\w'’\-]+\s+){0,3}(reporter|correspondent|editor|journalist|writer|columnist)s?"
    # … maybe with the publication after it ("Health correspondent, IBC News")
    r"(\s*[,|·–—]\s*(?-i:[A-Z][\w&'’.\-]*)(\s+(?-i:[A-Z&][\w&'’.\-]*)){0,3})?",
    re.IGNORECASE,
)
#: A publication's name after a date line ("…, 10.00pm GMT, The Examiner").
_PUBLICATION_AFTER = re.compile(
    r"(?:(?<!\s)\s++)?[,|]\s*[A-Z][\w&'’.\-]*(\s+[A-Z&][\w&'’.\-]*){0,3}\s*$"
)
HANDLE = re.compile(r"@?[\w.'’\-]+(?: [\w.'’\-]+){0,5}")


@dataclass(frozen=True, slots=True)
class Outlet:
    """A known outlet: its name, chrome signatures with weights, and self-reference patterns."""

    name: str
    signatures: tuple[tuple[re.Pattern[str], int], ...]
    self_reference: re.Pattern[str] | None


# Compared and hashed by identity (there is one a chrome file), so functions of a layout and
# a line can be cached.
@dataclass(frozen=True, slots=True, eq=False)
class Layout:
    """Every compiled pattern of chrome.toml (see that file for what each one means)."""

    kicker_max_words: int
    headline_max_words: int
    paragraph_min_words: int
    headline_min_words: int
    article_end: re.Pattern[str]
    bio: str
    byline_followers: re.Pattern[str]
    tag_max_words: int
    chrome_lines: re.Pattern[str]
    chrome_contains: re.Pattern[str]
    navigation: re.Pattern[str]
    bar_separators: re.Pattern[str]
    bar_label: re.Pattern[str]
    captions: re.Pattern[str]
    caption_labels: re.Pattern[str]
    image_alt: re.Pattern[str]
    image_alt_max_words: int
    max_repeat_words: int
    teaser_headings: re.Pattern[str]
    teaser_max_words: int
    ellipsis: re.Pattern[str]
    inline_teaser: re.Pattern[str]
    comment_headers: tuple[re.Pattern[str], ...]
    comment_counts: tuple[re.Pattern[str], ...]
    comment_end: re.Pattern[str]
    furniture: re.Pattern[str]
    buttons: re.Pattern[str]
    comment_buttons: re.Pattern[str]
    ratings: re.Pattern[str]
    action_separators: re.Pattern[str]
    ad_label: re.Pattern[str]
    ad_action: re.Pattern[str]
    ad_max_lines: int
    moderated: re.Pattern[str]
    badges: re.Pattern[str]
    depth: re.Pattern[str]
    reply_to: tuple[re.Pattern[str], ...]
    bullet: re.Pattern[str]
    numbered: re.Pattern[str]
    header_separators: re.Pattern[str]
    hard_separators: re.Pattern[str]
    says: re.Pattern[str]
    anonymous: frozenset[str]
    not_name_words: frozenset[str]
    name_max_words: int
    title_max_words: int
    quote_end: re.Pattern[str]
    thread_starter: re.Pattern[str]
    original_poster: re.Pattern[str]
    quote_max_lines: int
    handle: re.Pattern[str]
    signed: re.Pattern[str]
    signed_words: tuple[int, int]
    chrome_max_words_in_comments: int
    widgets: tuple[tuple[str, re.Pattern[str]], ...]
    byline_lines: tuple[re.Pattern[str], ...]
    byline_reports: re.Pattern[str]
    date_forms: tuple[re.Pattern[str], ...]
    short_dates: tuple[re.Pattern[str], ...]
    months: dict[str, int]
    day_first: bool
    date_line_words: frozenset[str]
    time: re.Pattern[str]
    relative: re.Pattern[str]
    time_prefix: re.Pattern[str]
    copyright: re.Pattern[str]
    outlets: tuple[Outlet, ...]
    self_reference_weight: int


def _any(patterns: list[str], flags: int = _I) -> re.Pattern[str]:
    """One regex matching any of `patterns` (which must not name groups)."""
    return re.compile("|".join(f"(?:{p})" for p in patterns) or r"(?!)", flags)


def _each(patterns: list[str], flags: int = _I) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, flags) for p in patterns)


def _build(data: dict[str, Any]) -> Layout:
    head, chrome, caps = data["head"], data["chrome"], data["captions"]
    art = data["article"]
    teasers, com, dates = data["teasers"], data["comments"], data["dates"]
    months: dict[str, int] = {}
    for number, names in enumerate(dates["months"], start=1):
        for name in names:
            months[name.lower()] = number
    month_alt = "(?:" + "|".join(sorted(months, key=len, reverse=True)) + ")"
    outlets = []
    self_ref = data.get("self_reference", {})
    for entry in data.get("outlets", []):
        names = "|".join(re.escape(n) for n in entry.get("names", []))
        refs = (
            _any([p.replace("{name}", f"(?:{names})") for p in self_ref.get("patterns", [])])
            if names
            else None
        )
        sigs = tuple((re.compile(s["pattern"], _I), int(s["weight"])) for s in entry["signatures"])
        outlets.append(Outlet(entry["name"], sigs, refs))
    return Layout(
        kicker_max_words=int(head["kicker_max_words"]),
        headline_max_words=int(head["headline_max_words"]),
        paragraph_min_words=int(head["paragraph_min_words"]),
        headline_min_words=int(head["headline_min_words"]),
        article_end=_any(art["end"]),
        bio=str(art["bio"]),
        byline_followers=_any(art["byline_followers"]),
        tag_max_words=int(art["tag_max_words"]),
        chrome_lines=_any(chrome["lines"]),
        chrome_contains=_any(chrome["contains"]),
        navigation=_any(chrome["navigation"]),
        bar_separators=re.compile(chrome["bar_separators"]),
        bar_label=re.compile(chrome["bar_label"], _I),
        captions=_any(caps["lines"]),
        caption_labels=re.compile(caps["labels"], _I),
        image_alt=_any(caps["image_alt"]),
        image_alt_max_words=int(caps["image_alt_max_words"]),
        max_repeat_words=int(caps["max_repeat_words"]),
        teaser_headings=_any(teasers["headings"]),
        teaser_max_words=int(teasers["max_words"]),
        ellipsis=re.compile(teasers["ellipsis"]),
        inline_teaser=re.compile(teasers["inline"], _I),
        comment_headers=_each(com["headers"]),
        comment_counts=_each(com["counts"]),
        comment_end=_any(com["end"]),
        furniture=_any(com["furniture"]),
        buttons=_any(com["buttons"]),
        comment_buttons=re.compile(com["comment_buttons"], _I),
        ratings=_any(com["ratings"]),
        action_separators=re.compile(com["action_separators"]),
        ad_label=re.compile(com["ad_label"], _I),
        ad_action=re.compile(com["ad_action"], _I),
        ad_max_lines=int(com["ad_max_lines"]),
        moderated=_any(com["moderated"]),
        badges=_any(com["badges"]),
        depth=re.compile(com["depth"], _I),
        reply_to=_each(com["reply_to"]),
        bullet=re.compile(com["bullets"] + r"(?:\s+|$)"),
        numbered=re.compile(com["numbered"]),
        header_separators=re.compile(com["header_separators"], _I),
        hard_separators=re.compile(r"\s*[|·•]\s*"),
        says=re.compile(com["says"], _I),
        anonymous=frozenset(a.lower() for a in com["anonymous"]),
        not_name_words=frozenset(w.lower() for w in com["not_name_words"]),
        name_max_words=int(com["name_max_words"]),
        title_max_words=int(com["title_max_words"]),
        quote_end=re.compile(com["quote_end"], _I),
        thread_starter=re.compile(com["thread_starter"], _I),
        original_poster=re.compile(com["original_poster"], _I),
        quote_max_lines=int(com["quote_max_lines"]),
        handle=re.compile(com["handle"]),
        signed=re.compile(com["signed"]),
        signed_words=(int(com["signed_words"][0]), int(com["signed_words"][1])),
        chrome_max_words_in_comments=int(com["chrome_max_words_in_comments"]),
        widgets=tuple((name, re.compile(p, _I)) for name, p in data["widgets"].items()),
        byline_lines=_each(data["byline"]["lines"], 0),
        byline_reports=re.compile(data["byline"]["reports"]),
        date_forms=_each([f.replace("{month}", month_alt) for f in dates["forms"]]),
        short_dates=_each([f.replace("{month}", month_alt) for f in dates["short_forms"]]),
        months=months,
        day_first=bool(dates["day_first"]),
        date_line_words=frozenset(w.lower() for w in dates["line_words"]),
        time=re.compile(dates["time"], _I),
        relative=_any(dates["relative"]),
        time_prefix=re.compile(dates["time_prefix"], _I),
        copyright=re.compile(data["copyright"]["line"]),
        outlets=tuple(outlets),
        self_reference_weight=int(self_ref.get("weight", 2)),
    )


def load(path: Path | None = None) -> Layout:
    """The compiled layout patterns of the packaged chrome.toml, or of the file at `path`."""
    return of(rules_mod.load({"chrome": path} if path else None))


@functools.cache
def of(rules: rules_mod.Rules) -> Layout:
    """The compiled layout patterns of `rules` (cached: compiled once per rules object)."""
    try:
        return _build(rules.chrome.model_dump(by_alias=True))
    except re.error as exc:
        where = dict(rules.paths)["chrome"]
        raise AnalysisError(f"{where}: bad layout pattern ({exc})") from exc


#: Lines up to this long have their readings cached (a page repeats its short lines:
#: "Reply", dates, names); longer ones are read each time, so the caches stay small.
_CACHED_CHARS = 300
_CACHE_SIZE = 65536

_F = TypeVar("_F", bound=Callable[..., Any])


def short_lines_cached(func: _F) -> _F:
    """Cache a pure function of (layout, line) for short lines only."""
    cached = functools.lru_cache(maxsize=_CACHE_SIZE)(func)

    @functools.wraps(func)
    def wrapper(lay: Layout, text: str, *args: Any, **kwargs: Any) -> Any:
        if len(text) > _CACHED_CHARS:
            return func(lay, text, *args, **kwargs)
        return cached(lay, text, *args, **kwargs)

    return cast(_F, wrapper)


def word_count(text: str) -> int:
    """Number of whitespace-separated words."""
    return len(_WORD.findall(text))


@short_lines_cached
def is_chrome(lay: Layout, text: str) -> bool:
    """Site chrome: prompts, share bars, footers, captions, image alt text, outlet taglines."""
    if _chrome_item(lay, text):
        return True
    # A bar of chrome items ("Share: Facebook | X | Email", "Privacy policy | Terms").
    label = lay.bar_label.match(text)
    rest = text[label.end() :] if label else text
    parts = [p for p in lay.bar_separators.split(rest) if p.strip()]
    return (len(parts) >= 2 or (label is not None and len(parts) == 1)) and all(
        _chrome_item(lay, p.strip()) for p in parts
    )


#: Longer than any chrome line or cookie notice: such a line is text, and is not run through
#: the chrome patterns (a hundred alternatives over a line of a million spaces took 24 s).
_CHROME_MAX_CHARS = 2000


def _chrome_item(lay: Layout, text: str) -> bool:
    if len(text) > _CHROME_MAX_CHARS:
        return False
    if lay.chrome_lines.fullmatch(text) or lay.chrome_contains.search(text):
        return True
    if lay.navigation.fullmatch(text):
        return True
    if lay.captions.fullmatch(text):
        return True
    if word_count(text) <= lay.image_alt_max_words and lay.image_alt.fullmatch(text):
        return True
    return any(p.fullmatch(text) for o in lay.outlets for p, _ in o.signatures)


@short_lines_cached
def comment_header(lay: Layout, text: str) -> tuple[bool, int | None]:
    """Whether `text` heads a comment section, and the count it declares if any."""
    for pattern in lay.comment_headers:
        m = pattern.fullmatch(text)
        if m:
            n = m.groupdict().get("n")
            return True, int(n.replace(",", "")) if n else None
    return False, None


@short_lines_cached
def declared_count(lay: Layout, text: str) -> int | None:
    """A comment count shown on a line ("View all 21 comments"), else None."""
    for pattern in lay.comment_counts:
        m = pattern.fullmatch(text)
        if m:
            return int(m.group("n").replace(",", ""))
    return None


@short_lines_cached
def is_action_bar(lay: Layout, text: str) -> bool:
    """Buttons and ratings under a comment ("Reply", "+20", "5 △ ▽ • Reply • Share ›"), with
    the comment's age among them ("Like · Reply · 3d")."""
    parts = [p.strip() for p in lay.action_separators.split(text) if p.strip()]
    actions = [p for p in parts if lay.buttons.fullmatch(p) or lay.ratings.fullmatch(p)]
    return bool(actions) and all(p in actions or is_timestamp(lay, p) for p in parts)


@short_lines_cached
def reply_marker(lay: Layout, text: str) -> str | None:
    """The name in "In reply to NAME" / "Response to NAME", else None."""
    for pattern in lay.reply_to:
        m = pattern.fullmatch(text)
        if m and looks_like_name(lay, m.group("name"), strict=False):
            return m.group("name").strip()
    return None


@short_lines_cached
def widget(lay: Layout, text: str) -> str | None:
    """The third-party comment widget a footer line names ("comments powered by Disqus")."""
    if word_count(text) > 12:
        return None
    for name, pattern in lay.widgets:
        if pattern.fullmatch(text):
            return name
    return None


@short_lines_cached
def looks_like_name(lay: Layout, text: str, *, strict: bool) -> bool:
    """Whether `text` reads as a commenter's name.

    strict: a line on its own above a comment ("Jane Smith"): two to five capitalised words,
    none of them common sentence words, or a stand-in such as "Anonymous". Not strict: the
    name part of a header that also carries a timestamp, where handles ("gp_doc99") pass too.
    """
    text = text.strip()
    if not text or len(text) > 60:
        return False
    if text.lower() in lay.anonymous:
        return True
    tokens = text.split()
    if len(tokens) > lay.name_max_words:
        return False
    if any(t.lower().strip(".,'’") in lay.not_name_words for t in tokens):
        return False
    if strict:
        return len(tokens) >= 2 and all(_NAME_TOKEN.fullmatch(t) for t in tokens)
    return bool(HANDLE.fullmatch(text)) and any(c.isalpha() for c in text)


@short_lines_cached
def is_handle(lay: Layout, text: str) -> bool:
    """Whether `text` is one user handle ("GeoffB", "northern_nurse"), not a one-word remark."""
    text = text.strip()
    return (
        bool(lay.handle.fullmatch(text))
        and text.lower() not in lay.not_name_words
        and text.lower() not in lay.anonymous
    )


_USERNAME = re.compile(r"(?=[\w.\-]*[^\W\d_])[\w.\-]{2,40}")


@short_lines_cached
def is_username(lay: Layout, text: str) -> bool:
    """Whether `text` could be a user name of one word in any case ("margaretlowe",
    "Abernethy"): only in a header, above the time of posting, where a one-word remark
    ("Agreed") does not stand. Buttons, badges and sentence words are not names."""
    text = text.strip()
    return (
        bool(_USERNAME.fullmatch(text))
        and not text.endswith((".", "!", "?"))
        and text.lower() not in lay.not_name_words
        and not lay.buttons.fullmatch(text)
        and not lay.badges.fullmatch(text)
        and not lay.ratings.fullmatch(text)
    )


def signature_author(lay: Layout, text: str) -> str | None:
    """The name in a journal response's signature line, "Name, role, place" ("Jane Smith, GP
    partner, Leeds"): a name, then a role of a few words, then a capitalised place, with no
    sentence punctuation ("Tony Blair, Michael Gove and now …: every one of them …" is text)."""
    text = text.strip()
    parts = [p.strip() for p in text.split(",")]
    if (
        len(parts) < 3
        or not all(parts)
        or word_count(text) > 14
        or any(ch in text for ch in '.!?:;"“”')
        or any(word_count(p) > 6 for p in parts)
        or not parts[-1][:1].isupper()
    ):
        return None
    return parts[0] if looks_like_name(lay, parts[0], strict=True) else None


def signed_name(lay: Layout, text: str) -> bool:
    """Whether `text` is a commenter's "Name, Place" or "Role, Place" signature line."""
    text = text.strip()
    low, high = lay.signed_words
    if not low <= word_count(text) <= high or text.count(",") != 1:
        return False
    m = lay.signed.fullmatch(text)
    if not m:
        return False
    words = re.findall(r"[\w'’]+", text.lower())
    return not any(w in lay.not_name_words for w in words)


def _two_digit_year(y: int) -> int:
    return y + (2000 if y < 70 else 1900) if y < 100 else y


def find_date(lay: Layout, text: str) -> tuple[date, tuple[int, int]] | None:
    """The first date written in `text` and where it is, else None.

    >>> find_date(load(), "Published 21 May 2015")[0]
    datetime.date(2015, 5, 21)
    """
    for pattern in lay.date_forms:
        for m in pattern.finditer(text):
            g = m.groupdict()
            try:
                if g.get("a") is not None:
                    a, b = int(g["a"]), int(g["b"])
                    day, month = (a, b) if lay.day_first else (b, a)
                    if month > 12 >= day:
                        day, month = month, day
                else:
                    day = int(g["d"])
                    raw_month = g["m"].lower().rstrip(".")
                    month = int(raw_month) if raw_month.isdigit() else lay.months[raw_month]
                return date(_two_digit_year(int(g["y"])), month, day), m.span()
            except (ValueError, KeyError):
                continue
    return None


@short_lines_cached
def date_line(lay: Layout, text: str) -> date | None:
    """The date of a line that holds nothing but dates (and words like "Published", a time)."""
    if word_count(text) > 20:
        return None
    found = find_date(lay, text)
    if found is None:
        return None
    when, (start, end) = found
    after = text[end:]
    publication = _PUBLICATION_AFTER.search(after)
    if publication:
        after = after[: publication.start()]
    rest = text[:start] + " " + after
    # "Published: 07:14 GMT, 13 November 2026 | Updated: 11:52 GMT, 13 November 2026"
    while (more := find_date(lay, rest)) is not None:
        rest = rest[: more[1][0]] + " " + rest[more[1][1] :]
    rest = lay.time.sub(" ", rest)
    leftover = [w for w in _DATE_LEFTOVER.split(rest.lower()) if w]
    return None if any(w not in lay.date_line_words for w in leftover) else when


@short_lines_cached
def is_timestamp(lay: Layout, text: str) -> bool:
    """Whether `text` is only a posting time ("3 March 2024 10:21am", "2 hours ago")."""
    text = text.strip()
    if not text or word_count(text) > 10:
        return False
    prefix = lay.time_prefix.match(text)
    bare = text[prefix.end() :] if prefix else text
    if bare and lay.relative.fullmatch(bare):
        return True
    if any(p.fullmatch(lay.time.sub("", bare).strip(" ,")) for p in lay.short_dates):
        return True
    return date_line(lay, text) is not None or (bare != text and date_line(lay, bare) is not None)


def posting_time(text: str) -> str:
    """A timestamp line without the separator some sites print before it ("· 5 hr. ago")."""
    return text.strip().lstrip("·•|–—- ")


def byline(lay: Layout, text: str) -> str | None:
    """The writer named by a byline line ("By Jane Smith", "Jane Smith, health reporter")."""
    if word_count(text) > 14:
        return None
    for pattern in lay.byline_lines:
        m = pattern.fullmatch(text)
        if m:
            name = _without_role(m.group("name").strip(), text[m.end("name") :])
            tokens = re.split(r"\s+(?:and|&)\s+|\s+", name)
            if len(tokens) >= 2 and all(_NAME_TOKEN.fullmatch(t) for t in tokens if t):
                return name
    return None


def _without_role(name: str, after: str) -> str:
    """ "Lewis Dunn Transport" when the line goes on "reporter", "Maria Lopez Staff Writer":
    the role and its own capitalised words ("Transport", "Staff") leave the name, which keeps
    at least two words."""
    tokens = name.split()
    if len(tokens) > 2 and _ROLE_WORD.fullmatch(tokens[-1]):
        tokens.pop()
    elif not _ROLE.match(after):
        return name
    while len(tokens) > 2 and tokens[-1][:1].isupper():
        tokens.pop()
    return " ".join(tokens)


def role_line(text: str) -> bool:
    """A writer's role on its own line ("Education reporter", "Health policy editor", "Health
    correspondent, IBC News")."""
    return word_count(text) <= 8 and bool(_ROLE_LINE.fullmatch(text.strip()))


def bio_pattern(lay: Layout, writer: str) -> re.Pattern[str]:
    """The biography line of `writer` ("Jane Doe is a writer based in Leeds")."""
    return re.compile(lay.bio.replace("{name}", re.escape(writer)), _I)


def copyright_holder(lay: Layout, text: str) -> str | None:
    """The publisher a copyright footer names ("© 2024 Vale Voice Ltd." gives "Vale Voice")."""
    if word_count(text) > 14:
        return None
    m = lay.copyright.fullmatch(text.strip())
    if not m:
        return None
    name = m.group("name").strip().rstrip(". ")
    return name if name and not name.isdigit() else None


def reported_by(lay: Layout, text: str) -> str | None:
    """The writer named at the end of a standfirst ("… Jane Doe reports.")."""
    m = lay.byline_reports.match(text)
    return m.group("name") if m else None


def outlet(lay: Layout, lines: list[str], article_text: str) -> str | None:
    """The outlet whose signatures and self-references score highest; a tie gives None."""
    scores: dict[str, int] = {}
    distinct = list(dict.fromkeys(lines))
    for o in lay.outlets:
        score = sum(w for p, w in o.signatures if any(p.fullmatch(line) for line in distinct))
        if o.self_reference is not None and o.self_reference.search(article_text):
            score += lay.self_reference_weight
        if score:
            scores[o.name] = score
    if not scores:
        return None
    ranked = sorted(scores.values(), reverse=True)
    if len(ranked) > 1 and ranked[0] == ranked[1]:
        return None
    return max(scores, key=lambda k: scores[k])
