"""Comment headers: the line that names a comment's writer and time ("Jane Smith | 3 March
2024 10:21am", "John · 2 hours ago", "Jane says:", "Pauline from Hastings wrote:"), read
with the layout's patterns (`analysis.layout`). Each test takes one line."""

from __future__ import annotations

import re

from analysis.layout import (
    HANDLE,
    NAME_MAX_SPLIT,
    Layout,
    find_date,
    is_timestamp,
    looks_like_name,
    posting_time,
    short_lines_cached,
    word_count,
)

_I = re.IGNORECASE


@short_lines_cached
def comment_meta(lay: Layout, text: str) -> tuple[str | None, str | None] | None:
    """(author, posted) of a comment header line, else None.

    Reads "Jane Smith | 3 March 2024 10:21am", "John · 2 hours ago", "Anonymous | GP |
    22 Nov 2023 2:38pm", "Jane Smith on March 3, 2024 at 10:21 am said:", "Jane says:",
    "Kev, Halifax, United Kingdom, 2 hours ago", "kev 5 hours ago | parent | next [–]", and
    a timestamp on its own (author None). A verified mark after the name ("✓") is dropped.
    """
    text = without_marks(text.strip())
    # "Posted by …" says a name follows, of whatever form ("Anon in Chatteris").
    prefixed = bool(_POSTED_BY.match(text))
    text = _POSTED_BY.sub("", text, count=1)
    if not text or len(text) > 160:
        return None
    if is_timestamp(lay, text):
        return None, posting_time(text)
    return (
        _header_with_links(lay, text)
        or _header_by_separator(lay, text, prefixed)
        or _header_from_place(lay, text)
        or _header_replying(lay, text)
        or _header_says(lay, text)
        or _name_then_time(lay, text)
    )


Meta = tuple[str | None, str | None]


def _header_with_links(lay: Layout, text: str) -> Meta | None:
    """A header ending in a bar of links ("mjw 5 hours ago | parent | next [–]")."""
    fields = lay.hard_separators.split(text)
    if len(fields) > 1 and all(word_count(f) <= NAV_FIELD_WORDS for f in fields[1:]):
        first = _STATUS.sub("", fields[0]).strip()
        return _name_then_time(lay, first) if first else None
    return None


def _header_by_separator(lay: Layout, text: str, prefixed: bool) -> Meta | None:
    """A name, a separator and the time ("Jane Smith | 3 March 2024 10:21am", "Kev, Halifax,
    United Kingdom, 2 hours ago"); `prefixed`: "Posted by" stood before the name."""
    for sep in lay.header_separators.finditer(text):
        name, rest = text[: sep.start()].strip(), text[sep.end() :].strip()
        placed = "," in name and sep.group().startswith(",")
        if placed:
            # "Name, Town, Country, 3 hours ago": the name, then where the reader lives; so
            # set out, a short line is the name even with a sentence word ("The Real Truth").
            name, *places = (p.strip() for p in name.split(","))
            if not places or not all(_PLACE.fullmatch(p) for p in places):
                continue
        # "Jane Smith 2 May 2024 at 7:14am" splits at "at" with a date left in the name.
        if not name or find_date(lay, name):
            continue
        if not looks_like_name(lay, name, strict=False) and not (
            (placed or prefixed) and display_name(lay, name)
        ):
            continue
        rest = re.sub(r"\s+(said|says|wrote)\s*:?\s*$", "", rest, flags=_I)
        # "… at 12:40pm, in reply to #6": whom it answers, after the time.
        rest = re.sub(r",?\s+(?:in\s+)?(?:reply|response)\s+to\s+\S.{0,40}$", "", rest, flags=_I)
        if is_timestamp(lay, rest):
            return name, rest
        for field in reversed(lay.hard_separators.split(rest)):
            if is_timestamp(lay, field):
                return name, field.strip()
        return None
    return None


def _header_from_place(lay: Layout, text: str) -> Meta | None:
    """ "Pauline from Hastings wrote:", "Coastway Newsdesk from Brighton replied to Kyle:"."""
    where = _FROM_PLACE.fullmatch(text)
    if where and (
        looks_like_name(lay, where.group("name"), strict=False)
        or display_name(lay, where.group("name"))
    ):
        return where.group("name"), None
    return None


def _header_replying(lay: Layout, text: str) -> Meta | None:
    """ "KellbridgeMum replying to TrevorOnTheNumber9 2 hours ago": the name, then the time
    after the one answered (a name of a few words)."""
    replying = _REPLYING.search(text)
    if not replying:
        return None
    who, after = text[: replying.start()].strip(), text[replying.end() :].split()
    if not (looks_like_name(lay, who, strict=False) or display_name(lay, who)):
        return None
    for cut in range(1, min(len(after), NAME_MAX_SPLIT + 1)):
        answered = " ".join(after[:cut])
        if not (looks_like_name(lay, answered, strict=False) or display_name(lay, answered)):
            continue  # "replied to my complaint 6 months ago" answers no one here
        if is_timestamp(lay, " ".join(after[cut:])):
            return who, " ".join(after[cut:])
    return None


def _header_says(lay: Layout, text: str) -> Meta | None:
    """ "Jane says:", "Old Tom of Stokeley says:", but not "Showing 6 of 41 comments"."""
    m = says(lay, text)
    if m is None:
        return None
    name = m.group("name")
    # "Emily @ evolvingPF says:": a blogger signs with their blog's name after an "@".
    own = _AT_SITE.sub("", name) or name
    if looks_like_name(lay, own, strict=False) or (
        _SPEECH.search(text)
        and not any(w.isdigit() for w in name.split())
        and name.split()[0].lower() not in _DETERMINERS
        and display_name(lay, name.strip())
    ):
        return name.strip(), None
    return None


#: A blog's name after a commenter's own, behind an "@" ("Emily @ evolvingPF").
_AT_SITE = re.compile(r"(?<=\w)\s*@\s*[\w.\-]{2,40}$")

#: Links after a header's time ("| parent | next [–]") have at most this many words each.
NAV_FIELD_WORDS = 3
#: A status a site prints in a header ("[flagged]", "[dead]").
_STATUS = re.compile(r"(?:(?<!\s)\s++)?\[[a-z]{2,12}\]\s*$", re.IGNORECASE)
#: A place after a commenter's name ("Huddersfield", "United Kingdom"): capitalised words.
_PLACE = re.compile(r"[A-Z][\w'’.\-]*(?:\s+(?:[A-Z][\w'’.\-]*|upon|on|in|of|the)){0,3}")
#: Marks a site puts after a verified commenter's name ("Jeremy Fane ✓").
_MARKS = re.compile(r"(?:(?<!\s)\s++)?[✓✔☑✅]\ufe0f?(?=\s|$)")


#: Longer than any "NAME says:" line (a name of at most 60 characters and the verb): longer
#: lines are not run through the pattern, whose lazy name retries every split of the line.
_SAYS_MAX_CHARS = 120


def says(lay: Layout, text: str) -> re.Match[str] | None:
    """ "Jane Smith says:" as the layout's `says` pattern reads it, for lines short enough."""
    return lay.says.fullmatch(text) if len(text) <= _SAYS_MAX_CHARS else None


def without_marks(text: str) -> str:
    """`text` less a verified mark after a name ("Jeremy Fane ✓" -> "Jeremy Fane")."""
    return _MARKS.sub("", text).strip()


def display_name(lay: Layout, text: str) -> bool:
    """A display name of capitalised words (small joining words inside: "Old Tom of
    Stokeley"), not all of them sentence words ("The Real Truth", not "Well" nor "I moved to
    Leeds")."""
    words = text.split()
    return (
        0 < len(words) <= lay.name_max_words
        and text[:1].isalpha()
        and all(
            w[:1].isupper() or w[:1].isdigit() or (0 < k < len(words) - 1 and w in _NAME_JOINERS)
            for k, w in enumerate(words)
        )
        and not all(w.lower().strip(".,'’") in lay.not_name_words for w in words)
        and bool(HANDLE.fullmatch(text))
    )


#: A header's reply marker between the name and the time ("… replying to NAME 2 hours ago").
_REPLYING = re.compile(
    r"(?<!\s)\s+(?:replying|replied|in\s+reply|responding|responded)\s+to\s+@?", re.I
)
_SPEECH = re.compile(r"\ssays\s*:?\s*$", re.I)
#: "Posted by NAME on 18 November 2026 at 9:14am": the header without its opening words.
_POSTED_BY = re.compile(r"^(?:posted|written|submitted|comment(?:ed)?|sent|added)\s+by\s+", re.I)
#: "NAME from PLACE wrote:" (a local site's comment header; the place is capitalised).
_FROM_PLACE = re.compile(
    r"(?P<name>\S.{0,40}?)\s+from\s+(?-i:[A-Z][\w'’.\-]*(?:\s+[A-Z][\w'’.\-]*){0,2})\s+"
    r"(?:wrote|writes|says|said|commented|comments|(?:replied|replies)(?:\s+to\s+\S.{0,40}?)?)\s*:",
    re.I,
)
#: Words that open a phrase, not a display name ("The Prime Minister says:", "My GP says:").
_DETERMINERS = frozenset(
    {"the", "a", "an", "my", "our", "your", "his", "her", "their", "this", "that"}
)
#: Lower-case words a display name may hold between capitalised ones.
_NAME_JOINERS = frozenset(
    {
        "of",
        "the",
        "from",
        "in",
        "on",
        "de",
        "van",
        "von",
        "der",
        "la",
        "le",
        "da",
        "di",
        "du",
        "and",
    }
)


def _name_then_time(lay: Layout, text: str) -> tuple[str | None, str | None] | None:
    """A name and a time with only a space between ("Jane Smith 2 May 2024 at 7:14am", "kev OP
    Wed 18-Nov-26 09:42:13"), as a browser renders a header whose author and <time> are inline
    elements; a badge may stand between. The name must read as a person's name or be one
    handle, so a sentence that ends in a time is not taken."""
    words = text.split()
    if len(words) < 2 or len(words) > 12:
        return None
    for cut in range(1, min(len(words), NAME_MAX_SPLIT + 1)):
        name, rest = " ".join(words[:cut]), words[cut:]
        if not looks_like_name(lay, name, strict=cut > 1):
            continue
        if len(rest) > 1 and lay.badges.fullmatch(rest[0]):
            rest = rest[1:]
        if is_timestamp(lay, " ".join(rest)):
            return name, " ".join(rest)
    return None


def original_poster(lay: Layout, text: str) -> bool:
    """Whether a post header marks its author as the one who opened the thread ("kev OP Wed
    18-Nov-26 09:42")."""
    meta = comment_meta(lay, text)
    if meta is None or not meta[0]:
        return False
    after = text.strip()[len(meta[0]) :].split()
    return bool(after) and bool(lay.original_poster.fullmatch(after[0]))
