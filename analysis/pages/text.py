"""Split a captured page into article, reader comments and site chrome. Pure: RawPage in, Page out.

The order follows trafilatura's rule (STYLE.md #3): find the comment list and take it out
first, then read the article from what is left, so no comment can leak into the body.

1. The comment section starts at its heading ("Readers' comments (21)", "14 Comments",
   "3 thoughts on …") or, without one, at the first comment header or removed-comment slot.
2. Slots are read in page order from layout signals: bullets, numbers, "name | timestamp"
   headers, removed-comment notices, and the buttons/ratings that close each comment. A
   comment's text is one verbatim slice of the capture (reader's line breaks kept).
3. The article is what precedes the comment section, less chrome: kicker, headline, byline,
   date, then body paragraphs. Teaser lists, captions and repeated lines are dropped, and so
   is everything after an end mark ("ENDS", "Notes to editors", "Written by …"). A standfirst
   stays the first body paragraph: `Article` has no field of its own for it, and a standfirst
   written as a sentence cannot be told from a lede in plain text, so both are kept alike.

All patterns come from analysis/chrome.toml through analysis/layout.py. A comment export
(`RawPage.export`) is not read through the patterns at all: its records are the slots.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from datetime import date

from analysis import headers, layout, layout_html
from analysis import rules as rules_mod
from analysis.layout import Layout
from analysis.model import Article, Comment, CommentExport, Page, RawPage
from analysis.rules import Rules

#: How many content lines from the top may hold the kicker, headline, byline and date (site
#: navigation menus often come first, so this is generous).
HEAD_WINDOW = 40
#: Bylines and dates are still read this many lines below the first paragraph (a standfirst
#: written as a sentence often comes before the byline).
HEAD_AFTER_PARAGRAPH = 3
#: How many closing paragraphs may be the writer's biography.
BIO_TAIL = 3
#: How far above a first comment button the comment's first line may be.
BUTTON_LOOKBACK = 15
#: Lines between two comment-section headings this short are widget furniture.
CLUSTER_MAX_WORDS = 6
_LEADING_BULLET = re.compile(r"^[•●▪◦‣∙]\s*")
#: A line with a letter or digit: lines without one ("·", "|") separate a header's parts.
_HAS_WORD = re.compile(r"\w")
#: A line quoting the comment answered ("> if a human checks the output").
_QUOTED = re.compile(r">\s\S")


@dataclass(frozen=True, slots=True)
class _Line:
    """One line of the capture: its stripped text and where that text sits in the capture."""

    index: int
    start: int
    end: int
    indent: int
    text: str


def _lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    pos = 0
    for i, line in enumerate(text.split("\n")):
        stripped = line.strip()
        lead = len(line) - len(line.lstrip()) if stripped else 0
        out.append(_Line(i, pos + lead, pos + lead + len(stripped), lead, stripped))
        pos += len(line) + 1
    return out


@dataclass
class _Slot:
    """A comment slot being read; becomes a Comment when the next one starts."""

    indent: int | None = None
    author: str | None = None
    posted: str | None = None
    reply_to: str | None = None
    moderated: bool = False
    closed: bool = False
    #: Opened by a layout signal (a header, bullet, number, depth line, removed notice), not
    #: merely by text after a closed slot.
    headed: bool = False
    #: A removed slot shown by a placeholder where the name goes ("[deleted]"): the notice
    #: where its text goes belongs to it.
    placeholder: bool = False
    spans: list[_Line] = field(default_factory=list)

    def has_content(self) -> bool:
        return bool(self.spans) or self.moderated


class _CommentReader:
    """Reads the comment slots of one comment section, in page order."""

    def __init__(self, lay: Layout, source: str, lines: list[_Line], first: int) -> None:
        self.lay = lay
        self.source = source
        self.lines = lines
        self.first = first
        self.slots: list[_Slot] = []
        self.cur: _Slot | None = None
        self.last_number: int | None = None
        self.end = len(lines)
        self.numbered = self._numbered_mode()
        self.bulleted = any(lay.bullet.match(ln.text) for ln in lines[first:])

    def _numbered_mode(self) -> bool:
        """Numbers start slots only when they look like a comment numbering, not a list."""
        lay = self.lay
        if any(lay.bullet.match(ln.text) for ln in self.lines[self.first :]):
            return False
        markers = inline = authored = 0
        for ln in self.lines[self.first :]:
            if not ln.text:
                continue
            m = lay.numbered.fullmatch(ln.text)
            if m:
                rest = m.group("rest") or ""
                if not rest or headers.comment_meta(lay, rest) or self._name(rest):
                    markers += 1
                else:
                    inline += 1
            else:
                meta = headers.comment_meta(lay, ln.text)
                authored += bool(meta and meta[0])
        return markers >= 2 or (inline >= 2 and authored == 0)

    def _name(self, text: str) -> bool:
        return layout.looks_like_name(self.lay, text, strict=True)

    def _author_line(self, line: _Line, following: _Line) -> bool:
        """Whether the first line of a slot, above `following` (more of its text), is the
        commenter: a name ("Jane Smith"), one handle ("northern_nurse"), or a signature
        ("SENCO, Kent") set off from the text by a blank line."""
        text = line.text
        if self._name(text) or layout.is_handle(self.lay, text):
            return True
        return following.index > line.index + 1 and layout.signed_name(self.lay, text)

    def _free_name(self, text: str) -> bool:
        """A short line that may be a display name of any form ("Toothless in Truro"), where
        a comment can start (the list's start, or after a comment's buttons). The caller
        takes it as the name only with the time of posting below it."""
        cur = self.cur
        return (
            (cur is None or cur.closed)
            and headers.display_name(self.lay, text)
            and not layout.is_chrome(self.lay, text)
        )

    def _name_line(self, text: str) -> bool:
        return self._name(text) or layout.is_handle(self.lay, text)

    def _is_end(self, text: str) -> bool:
        lay = self.lay
        return bool(
            lay.comment_end.fullmatch(text)
            or (layout.word_count(text) <= 8 and lay.teaser_headings.fullmatch(text))
            or layout.widget(lay, text)
        )

    # --- slot events -------------------------------------------------------------------

    def _finish(self) -> None:
        if self.cur is not None and self.cur.has_content():
            self.slots.append(self.cur)
        self.cur = None

    def _open(self, indent: int | None = None) -> _Slot:
        self._finish()
        self.cur = _Slot(indent=indent)
        return self.cur

    def _start(
        self,
        *,
        author: str | None = None,
        posted: str | None = None,
        reply_to: str | None = None,
        indent: int | None = None,
        marker: bool = False,
    ) -> None:
        if self._joins_current(author, posted, reply_to, marker):
            return
        cur = self.cur
        # A header right after another header (number, then name line) is the same slot.
        if cur is None or cur.has_content() or (marker and cur.indent is not None):
            cur = self._open(indent)
        cur.headed = True
        if indent is not None and cur.indent is None:
            cur.indent = indent
        cur.author = cur.author or author
        cur.posted = cur.posted or posted
        cur.reply_to = cur.reply_to or reply_to

    def _joins_current(
        self, author: str | None, posted: str | None, reply_to: str | None, marker: bool
    ) -> bool:
        """Whether a header line only completes the current slot (and does so): a removed
        slot's own time, whom a named reply answers, or the time under a named comment."""
        cur = self.cur
        if cur is None or author is not None:
            return False
        if cur.moderated and reply_to is None and cur.posted is None and posted is not None:
            # A removed slot's own timestamp line ("[removed]" / "· 5 hr. ago").
            cur.posted = posted
            return True
        if (
            reply_to is not None
            and posted is None
            and not cur.closed
            and len(cur.spans) == 1
            and self._name_line(cur.spans[0].text)
        ):
            # "BookwormBev" / "replying to RedditchRob" / text: the name, then whom it answers.
            cur.reply_to = cur.reply_to or reply_to
            return True
        if (
            reply_to is None
            and posted is not None
            and (
                cur.author is not None
                or (len(cur.spans) >= 2 and self._author_line(cur.spans[0], cur.spans[1]))
            )
            and cur.posted is None
            and cur.spans
            and not cur.closed
            and not marker
        ):
            # The time under a named comment's text ("Pauline wrote:" / text / "12/11/2026
            # 17:41"): it closes that comment rather than heading the next.
            cur.posted = posted
            cur.closed = True
            return True
        return False

    def _moderated(self, text: str) -> None:
        cur = self.cur
        if cur is not None and cur.moderated and cur.placeholder and not cur.spans:
            # "[deleted]" where the name was, then the notice where the text was: one slot.
            cur.placeholder = False
            return
        if cur is None or cur.has_content():
            cur = self._open()
        cur.placeholder = text.startswith("[")
        cur.moderated = True
        cur.closed = True
        cur.headed = True

    def _close(self) -> None:
        if self.cur is not None and self.cur.has_content():
            self.cur.closed = True

    def _text(self, line: _Line) -> None:
        cur = self.cur
        if cur is not None and cur.moderated and cur.placeholder and not cur.spans:
            # "[deleted]" where the name goes, then text: the account is gone, not the comment.
            cur.moderated = cur.placeholder = cur.closed = False
        if cur is not None and cur.headed and not cur.spans and _QUOTED.match(line.text):
            return  # the reply quotes the comment it answers before its own words
        if cur is None or cur.closed or cur.moderated:
            cur = self._open()
        cur.spans.append(line)

    # --- reading -----------------------------------------------------------------------

    def _badge(self, text: str) -> bool:
        return layout.word_count(text) <= 3 and bool(self.lay.badges.fullmatch(text))

    def _next_text(self, i: int) -> int | None:
        """The next non-empty line close below, looking past badges ("OP", "Staff") and a
        forum member's details ("Joined: Sep 2014", "Messages: 2,311")."""
        lay = self.lay
        for j in range(i + 1, min(i + 9, len(self.lines))):
            text = self.lines[j].text
            if (
                _HAS_WORD.search(text)
                and not self._badge(text)
                and not lay.furniture.fullmatch(text)
            ):
                return j
        return None

    def _quote(self, text: str, i: int) -> int | None:
        """A quoted post ("NAME said:", its lines, "Click to expand..."): the current post
        answers NAME; returns the line after the quote, else None."""
        lay = self.lay
        m = headers.says(lay, text)
        if m is None or not layout.looks_like_name(lay, m.group("name"), strict=False):
            return None
        for j in range(i + 1, min(i + 1 + lay.quote_max_lines, len(self.lines))):
            text_j = self.lines[j].text
            if layout.is_action_bar(lay, text_j) or lay.numbered.fullmatch(text_j):
                return None  # the next post began: no quote here
            if lay.quote_end.fullmatch(text_j):
                cur = self.cur
                if cur is None or cur.closed:
                    cur = self._open()
                cur.reply_to = cur.reply_to or m.group("name").strip()
                return j + 1
        return None

    def _advert(self, i: int) -> int | None:
        """Where an advert set among the comments ("Sponsored", its lines, "Learn more")
        that starts at line `i` ends (the line after its call to action), else None."""
        lay, lines = self.lay, self.lines
        if not lay.ad_label.fullmatch(lines[i].text):
            return None
        for j in range(i + 1, min(i + 1 + lay.ad_max_lines, len(lines))):
            if lay.ad_action.fullmatch(lines[j].text):
                return j + 1
        return None

    def _piece(self, line: _Line, i: int) -> int:
        """Handle one line (or a bullet's payload); return the index of the next line."""
        lay, text = self.lay, line.text
        nxt = self._removed_slot(text, i)
        if nxt is None and self._badge(text):
            nxt = i + 1
        if nxt is None:
            nxt = self._quote(text, i)
        if nxt is None:
            nxt = self._header(text, i)
        if nxt is not None:
            return nxt
        replied = layout.reply_marker(lay, text)
        if replied:
            self._start(reply_to=replied)
            return i + 1
        if layout.is_action_bar(lay, text) or lay.furniture.fullmatch(text):
            self._close()
            return i + 1
        short = layout.word_count(text) <= lay.chrome_max_words_in_comments
        # Before the first comment, a long chrome line is the widget's notice, not a reader's.
        before_any = not self.slots and (self.cur is None or not self.cur.headed)
        if (short or before_any) and layout.is_chrome(lay, text):
            self._close()
            return i + 1
        self._text(line)
        return i + 1

    def _removed_slot(self, text: str, i: int) -> int | None:
        """A moderated slot's line ("Comment removed", or its header "Comment removed | 20
        Nov 2026 | 12:31" standing where a name goes): the next line's index, else None."""
        lay = self.lay
        if lay.moderated.fullmatch(text):
            self._moderated(text)
            return i + 1
        head, bar, rest = text.partition("|")
        if not (
            bar
            and lay.moderated.fullmatch(head.strip())
            and layout.is_timestamp(lay, rest.replace("|", " "))
        ):
            return None
        # a notice under the removed comment's header is the same slot
        self._moderated(text)
        if self.cur is not None:
            self.cur.placeholder = True
        return i + 1

    def _header(self, text: str, i: int) -> int | None:
        """A comment's header starting at line `i` (a meta line, or a name over its time of
        posting, or a journal response's date over its signature): opens the comment and
        returns the line after the header, else None."""
        lay = self.lay
        meta = headers.comment_meta(lay, text)
        nxt = i + 1
        replied: str | None = None
        if meta is None:
            meta, nxt, replied = self._name_over_time(text, i)
        if meta is not None and meta[0] is None:
            signed = self._signed_response(meta[1], i)
            if signed is not None:
                return signed
            j = self._next_text(i)
            if j is not None and layout.is_timestamp(lay, self.lines[j].text):
                meta = None  # a time followed by the real time: the first is the reader's
        if meta is None:
            return None
        self._start(author=meta[0], posted=meta[1], reply_to=replied)
        return nxt

    def _name_over_time(
        self, text: str, i: int
    ) -> tuple[tuple[str | None, str | None] | None, int, str | None]:
        """A name line above the time of posting, maybe with "Reply to X" between: (the
        meta, the line after the time, the name replied to), else (None, i + 1, None)."""
        lay = self.lay
        name = headers.without_marks(text)
        cur = self.cur
        after_header = cur is not None and cur.headed and cur.author is not None and not cur.spans
        if after_header or not (
            layout.looks_like_name(lay, name, strict=False)
            or layout.is_username(lay, name)
            or self._free_name(name)
        ):
            return None, i + 1, None
        replied: str | None = None
        j = self._next_text(i)
        if j is not None and not layout.is_timestamp(lay, self.lines[j].text):
            replied = layout.reply_marker(lay, self.lines[j].text)
            j = self._next_text(j) if replied else None
        if j is not None and layout.is_timestamp(lay, self.lines[j].text):
            return (name, layout.posting_time(self.lines[j].text)), j + 1, replied
        return None, i + 1, replied

    def _signed_response(self, posted: str | None, i: int) -> int | None:
        """A journal's response: title, date, then "Name, role, place" above the text. Opens
        it and returns the line after the signature, else None."""
        lay = self.lay
        j = self._next_text(i)
        who = layout.signature_author(lay, self.lines[j].text) if j is not None else None
        if who is None:
            return None
        cur = self.cur
        if (
            cur is not None
            and not cur.headed
            and not cur.closed
            and len(cur.spans) == 1
            and layout.word_count(cur.spans[0].text) <= lay.title_max_words
        ):
            cur.spans.clear()  # the response's title, not its text
        self._start(author=who, posted=posted)
        return (j or i) + 1

    def read(self) -> list[Comment]:
        """Read slots from `first` to the end of the section; sets `end`."""
        lay, i = self.lay, self.first
        while i < len(self.lines):
            ln = self.lines[i]
            if not ln.text:
                i += 1
                continue
            if self._is_end(ln.text):
                if self.slots or (self.cur is not None and self.cur.has_content()):
                    self.end = i
                    break
                i += 1
                continue
            ad = self._advert(i)
            if ad is not None:
                self._close()
                i = ad
                continue
            depth = lay.depth.fullmatch(ln.text)
            if depth:
                self._open(int(depth.group("n"))).headed = True
                i += 1
                continue
            bullet = lay.bullet.match(ln.text)
            if bullet:
                self._start(indent=ln.indent, marker=True)
                rest = ln.text[bullet.end() :]
                if rest:
                    off = bullet.end()
                    i = self._piece(_Line(i, ln.start + off, ln.end, ln.indent, rest), i)
                else:
                    i += 1
                continue
            number = lay.numbered.fullmatch(ln.text) if self.numbered else None
            if number:
                n = int(number.group("a") or number.group("b"))
                if self.last_number is None or n == self.last_number + 1:
                    self.last_number = n
                    cur = self.cur
                    if cur is None or cur.has_content() or not cur.headed:
                        # (a post's name and date above its number already opened its slot)
                        cur = self._open()
                    cur.headed = True
                    rest = number.group("rest")
                    if rest:
                        off = number.start("rest")
                        i = self._piece(_Line(i, ln.start + off, ln.end, ln.indent, rest), i)
                    else:
                        i += 1
                    continue
            i = self._piece(ln, i)
        self._finish()
        return self._comments()

    def _comments(self) -> list[Comment]:
        out: list[Comment] = []
        done: list[_Slot] = []
        #: Each done slot's words on one line, as `_quoting` compares them (made once a slot).
        said: list[str] = []
        for slot in self._listed_slots():
            spans = self._resolve(slot, done, said)
            done.append(slot)
            said.append(
                ""
                if slot.moderated or not slot.spans
                else " ".join(self.source[slot.spans[0].start : slot.spans[-1].end].split())
            )
            if not slot.moderated and not spans:
                continue
            out.append(
                Comment(
                    position=len(out) + 1,
                    author=slot.author,
                    moderated=slot.moderated,
                    # One slice from the first line to the last keeps the reader's breaks.
                    text="" if slot.moderated else self.source[spans[0].start : spans[-1].end],
                    posted=slot.posted,
                    reply_to=slot.reply_to,
                )
            )
        return out

    def _listed_slots(self) -> list[_Slot]:
        """The slots read, less the widget's furniture around a list whose every comment has
        a header: text before the first header, and a footer after the last."""
        slots = self.slots
        if len(slots) >= 3 and not slots[0].headed and all(s.headed for s in slots[1:]):
            # Text before the first header of a list where every comment has one is the
            # widget's own furniture (a prompt, a notice), not a comment.
            slots = slots[1:]
        headed = [s.headed for s in slots]
        if headed.count(True) >= 3 and False in headed and not any(headed[headed.index(False) :]):
            # … and so is text after the last of them when it is a bar of links or a few short
            # lines (the site's footer), never a reader's sentences.
            tail = slots[headed.index(False) :]
            if all(
                " | " in ln.text or layout.word_count(ln.text) <= FOOTER_LINE_WORDS
                for s in tail
                for ln in s.spans
            ):
                slots = slots[: headed.index(False)]
        return slots

    def _resolve(self, slot: _Slot, done: list[_Slot], said: list[str]) -> list[_Line]:
        """A slot's text lines, once its author (a name line over its text), and whom it
        answers (its indent's parent, a quoted comment, an @name) are read off them."""
        spans = slot.spans
        if slot.author is None and len(spans) >= 2 and self._author_line(spans[0], spans[1]):
            slot.author, spans = spans[0].text, spans[1:]
        if slot.reply_to is None and slot.indent is not None:
            parent = next(
                (s for s in reversed(done) if s.indent is not None and s.indent < slot.indent),
                None,
            )
            if parent is not None and parent.author:
                slot.reply_to = parent.author
        quoted = _quoting(spans, done, said)
        if quoted is not None:
            # A reply opening with a passage of an earlier comment, word for word, on a
            # line of its own (a forum's bold quote): the passage is the other's.
            spans = spans[1:]
            slot.reply_to = slot.reply_to or quoted.author
        if slot.reply_to is None and spans:
            slot.reply_to = _addressed(spans[0].text, done)
        return spans


_ADDRESSED = re.compile(r"@([\w.\-]{2,40})")
#: The fewest words of a passage quoted from an earlier comment, and how many comments back
#: the quoted one may be (a reply quotes a recent comment; a page of thousands stays linear).
QUOTE_MIN_WORDS = 6
QUOTE_LOOKBACK = 50
#: Footer lines after a comment list are this short, or bars of links.
FOOTER_LINE_WORDS = 4


def _quoting(spans: list[_Line], earlier: list[_Slot], said: list[str]) -> _Slot | None:
    """The earlier comment whose words (`said`, one for each of `earlier`) the first of
    `spans` repeats whole, when more follows."""
    if len(spans) < 2 or layout.word_count(spans[0].text) < QUOTE_MIN_WORDS:
        return None
    passage = " ".join(spans[0].text.split())
    if passage.endswith((".", "!", "?")):
        return None  # a sentence of the reader's own ("Thank you for covering this story.")
    back = zip(reversed(earlier[-QUOTE_LOOKBACK:]), reversed(said[-QUOTE_LOOKBACK:]), strict=True)
    return next((slot for slot, words in back if passage in words), None)


def _addressed(text: str, earlier: list[_Slot]) -> str | None:
    """The earlier commenter a comment opens by addressing ("@Dave_R …"), if one of them has
    that name."""
    m = _ADDRESSED.match(text)
    if m is None:
        return None
    name = m.group(1).rstrip(".-").casefold()
    return next(
        (s.author for s in reversed(earlier) if s.author and s.author.casefold() == name), None
    )


def _strong(lay: Layout, text: str) -> bool:
    """Evidence of a comment list: a removed-comment slot, a name+time header, a report button."""
    if lay.moderated.fullmatch(text):
        return True
    if layout.is_action_bar(lay, text) and lay.comment_buttons.fullmatch(text):
        return True
    meta = headers.comment_meta(lay, text)
    return bool(meta and meta[0])


def _opening_post_end(lay: Layout, lines: list[_Line]) -> int | None:
    """In a forum thread ("Thread starter NAME", or an "OP" badge on the first post's header),
    the line after the opening post's buttons: the opening post is the article, the posts
    after it its comments."""
    found = next(
        (
            (ln.index, m)
            for ln in lines
            if ln.text
            for m in [lay.thread_starter.fullmatch(ln.text)]
            if m
        ),
        None,
    )
    if found is not None:
        said, starter = found
        name = starter.group("name").strip()
        at = next((ln.index for ln in lines[said + 1 :] if ln.text == name), None)
    else:
        # No "Thread starter" line: the first post, when its header says "OP" (on a later
        # page of a thread the OP's posts are replies like any other).
        first = next(
            (ln for ln in lines if ln.text and (m := headers.comment_meta(lay, ln.text)) and m[0]),
            None,
        )
        at = first.index if first is not None and headers.original_poster(lay, first.text) else None
    if at is None:
        return None
    seen_button = False
    for ln in lines[at + 1 :]:
        if not ln.text:
            continue
        if layout.is_action_bar(lay, ln.text):
            seen_button = True
        elif seen_button:
            return ln.index
    return None


def _section_start(lay: Layout, lines: list[_Line]) -> tuple[int, int, int | None] | None:
    """(first line of the comment section, first line to read slots from, declared count)."""
    opening = _opening_post_end(lay, lines)
    if opening is not None:
        return opening, opening, None
    headers = [
        (ln.index, count)
        for ln in lines
        if ln.text
        for is_header, count in [layout.comment_header(lay, ln.text)]
        if is_header
    ]
    strong = [ln.index for ln in lines if ln.text and _strong(lay, ln.text)]
    if headers and len(strong) >= 2 and strong[-1] < headers[0][0]:
        # Every comment signal comes before the headings ("Join the discussion" under a
        # thread's last post): the headings invite comments; the list is above them.
        headers = []
    if headers:
        return _under_headings(lay, lines, headers, strong)
    return _from_signals(lay, lines, strong)


def _under_headings(
    lay: Layout, lines: list[_Line], headers: list[tuple[int, int | None]], strong: list[int]
) -> tuple[int, int, int | None] | None:
    """The section under its headings: the last heading before the first comment signal
    below them, else the last heading when a list, or no more text than above, follows."""
    first_strong = next((s for s in strong if s > headers[0][0]), None)
    if first_strong is not None:
        before = [h for h in headers if h[0] < first_strong]
        index, count = before[-1]
        return _cluster_start(lines, before, index), index + 1, count
    index, count = headers[-1]
    following = [ln for ln in lines[index + 1 :] if ln.text]
    preceding = [ln for ln in lines[:index] if ln.text]
    structured = any(
        lay.bullet.match(ln.text) or lay.numbered.fullmatch(ln.text) for ln in following
    )
    if structured or len(following) <= len(preceding):
        return index, index + 1, count
    return None


def _from_signals(
    lay: Layout, lines: list[_Line], strong: list[int]
) -> tuple[int, int, int | None] | None:
    """The section where two or more comment signals start it and no heading does."""
    if len(strong) < 2:
        return None
    first = strong[0]
    text = lines[first].text
    if lay.moderated.fullmatch(text) or not layout.is_action_bar(lay, text):
        return first, first, None
    # The first signal is a button under the first comment: its name line is above it.
    for ln in reversed(lines[max(0, first - BUTTON_LOOKBACK) : first]):
        if ln.text and (
            lay.bullet.match(ln.text) or layout.looks_like_name(lay, ln.text, strict=True)
        ):
            return ln.index, ln.index, None
    return None


def _cluster_start(lines: list[_Line], headers: list[tuple[int, int | None]], index: int) -> int:
    """Where a run of section headings ends up starting ("27 Comments", "Login", "Sort by
    Best", "Join the discussion…"): the widget furniture between them is not article."""
    start = index
    for h, _ in reversed(headers[:-1]):
        between = [ln for ln in lines[h + 1 : start] if ln.text]
        if any(layout.word_count(ln.text) > CLUSTER_MAX_WORDS for ln in between):
            break
        start = h
    return start


def _page_chrome(lay: Layout, text: str) -> bool:
    """Outside the comment list: chrome, and comment furniture that strayed there."""
    return bool(
        layout.is_chrome(lay, text)
        or layout.comment_header(lay, text)[0]
        or layout.declared_count(lay, text) is not None
        or layout.is_action_bar(lay, text)
        or lay.moderated.fullmatch(text)
        or lay.comment_end.fullmatch(text)
        or lay.furniture.fullmatch(text)
        or layout.widget(lay, text)
    )


def _content(lay: Layout, zone: list[_Line]) -> list[_Line]:
    """The article zone's lines less chrome, repeated caption lines and teaser lists."""
    texts = _before_article_end(lay, [ln for ln in zone if ln.text])
    dropped = _chrome_and_captions(lay, texts)
    k = 0
    while k < len(texts):
        ln = texts[k]
        k += 1
        if layout.word_count(ln.text) > 8 or not lay.teaser_headings.fullmatch(ln.text):
            continue
        if _menu_item(lay, texts, k - 1):
            continue  # "Latest" closing a site menu, not a heading over teasers
        dropped.add(ln.index)
        k = _teasers_under(lay, texts, k, dropped)
    return [ln for ln in texts if ln.index not in dropped]


def _chrome_and_captions(lay: Layout, texts: list[_Line]) -> set[int]:
    """Lines of chrome, captions announced by a label ("Image caption,"), short lines said
    twice in a row, and inline teasers ("Read more:" and the headline after it)."""
    dropped: set[int] = {
        ln.index for ln in texts if _page_chrome(lay, _LEADING_BULLET.sub("", ln.text))
    }
    for label, ln in itertools.pairwise(texts):
        if lay.caption_labels.fullmatch(label.text):
            # "Image caption," announces the caption on the next line.
            dropped |= {label.index, ln.index}
        if ln.text == label.text and layout.word_count(ln.text) <= lay.max_repeat_words:
            dropped |= {label.index, ln.index}
        if lay.inline_teaser.fullmatch(label.text):
            dropped.add(label.index)
            if layout.word_count(ln.text) <= lay.teaser_max_words and not ln.text.endswith("."):
                dropped.add(ln.index)
    return dropped


def _teasers_under(lay: Layout, texts: list[_Line], k: int, dropped: set[int]) -> int:
    """Drop the teaser list under a heading ("Most read") from `texts[k]` on; returns where
    the list ends."""
    # Over one- and two-word items ("Health", "NHS": topic tags, or a menu going on past
    # "Latest Headlines") the list ends with them: a headline below is the article's.
    longest = MENU_ITEM_WORDS if _menu_follows(texts, k, dropped) else lay.teaser_max_words
    while k < len(texts):
        t = texts[k].text
        teaser = (
            texts[k].index in dropped
            or (longest > MENU_ITEM_WORDS and lay.ellipsis.match(t))
            or (layout.word_count(t) <= longest and not t.rstrip("'\"’”").endswith("."))
        )
        if not teaser or layout.comment_header(lay, t)[0]:
            break
        if layout.word_count(t) <= 8 and lay.teaser_headings.fullmatch(t):
            break  # the next list's heading ("Most viewed" after topic tags)
        if _byline_below(lay, texts, k, dropped):
            break  # the article's own kicker or headline, above its byline
        dropped.add(texts[k].index)
        k += 1
    return k


#: Headlines are longer than this: a "heading" over this many lines of this many words at most
#: is a menu's item ("Latest Headlines" / "UK" / "Politics" / "World").
MENU_ITEM_WORDS = 2
MENU_RUN = 3


def _menu_follows(texts: list[_Line], k: int, chrome: set[int]) -> bool:
    """Whether the lines from `texts[k]` are a run of one- and two-word items (a menu, tags),
    looking past `chrome` ("Previous", "1", "Next" of a carousel)."""
    run = [t for t in texts[k:] if t.index not in chrome][:MENU_RUN]
    return len(run) == MENU_RUN and all(layout.word_count(t.text) <= MENU_ITEM_WORDS for t in run)


#: How far below a line a byline makes it the article's head (kicker, headline, standfirst).
BYLINE_BELOW = 6


def _byline_below(lay: Layout, texts: list[_Line], k: int, chrome: set[int]) -> bool:
    """Whether a byline ("By HARRIET COLBY") comes within a few lines below `texts[k]`."""
    below = [t for t in texts[k + 1 :] if t.index not in chrome][:BYLINE_BELOW]
    return any(layout.byline(lay, t.text) for t in below)


def _menu_item(lay: Layout, texts: list[_Line], k: int) -> bool:
    """Whether `texts[k]` ends a run of one- and two-word menu lines (no blank line between
    them, none of them chrome such as a share bar's "Email") and a blank line follows it: the
    last item of a site menu."""
    run = texts[max(0, k - 3) : k]
    return (
        len(run) == 3
        and all(layout.word_count(t.text) <= 2 and not _page_chrome(lay, t.text) for t in run)
        and all(b.index == a.index + 1 for a, b in itertools.pairwise([*run, texts[k]]))
        and k + 1 < len(texts)
        and texts[k + 1].index > texts[k].index + 1
    )


def _before_article_end(lay: Layout, texts: list[_Line]) -> list[_Line]:
    """The lines before an end mark ("ENDS", "Notes to editors", "Written by …") that comes
    after the first paragraph: what follows it is boilerplate or an author box."""
    seen_paragraph = False
    for k, ln in enumerate(texts):
        if seen_paragraph and lay.article_end.fullmatch(ln.text):
            return texts[:k]
        seen_paragraph = seen_paragraph or _paragraph_like(lay, ln.text)
    return texts


def _heading_like(lay: Layout, text: str) -> bool:
    words = layout.word_count(text)
    return 0 < words <= lay.headline_max_words and not text.endswith((".", ":", ";", ","))


def _paragraph_like(lay: Layout, text: str) -> bool:
    words = layout.word_count(text)
    ends = text.rstrip("'\"’”)").endswith(".")
    return words > lay.headline_max_words or (words >= lay.paragraph_min_words and ends)


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()


@dataclass(frozen=True, slots=True)
class _Head:
    kicker: str | None
    headline: str | None
    byline: str | None
    published: date | None
    body: tuple[str, ...]


def _next_raw(lines: list[_Line], index: int) -> str:
    """The next non-empty line of the capture after line `index`, chrome included."""
    return next((ln.text for ln in lines[index + 1 : index + 4] if ln.text), "")


def _head_meta(
    lay: Layout, head: list[_Line], lines: list[_Line]
) -> tuple[dict[int, date], dict[int, str], set[int]]:
    """Dates, bylines and other meta lines (timestamps, byline continuations) of the head."""
    dated = {ln.index: d for ln in head if (d := layout.date_line(lay, ln.text))}
    stamps = {
        ln.index for ln in head if ln.index not in dated and layout.is_timestamp(lay, ln.text)
    }
    bylines = {ln.index: b for ln in head if (b := layout.byline(lay, ln.text))}
    longest = 0
    for ln in head:
        words = layout.word_count(ln.text)
        # A name alone above a date, a role or a "Follow" button is a byline, once a longer title
        # line has been read (so a Title Case headline is never taken for a name).
        if (
            ln.index not in bylines
            and longest > words
            and layout.looks_like_name(lay, ln.text, strict=True)
        ):
            following = _next_raw(lines, ln.index)
            if (
                layout.date_line(lay, following)
                or layout.role_line(following)
                or lay.byline_followers.fullmatch(following)
            ):
                bylines[ln.index] = ln.text
        if _heading_like(lay, ln.text):
            longest = max(longest, words)
    meta = set(dated) | set(bylines) | stamps
    for prev, ln in itertools.pairwise(head):
        # The line under a byline that is not prose: the writer's role, desk or publication.
        if (
            prev.index in bylines
            and ln.index not in meta
            and layout.word_count(ln.text) <= lay.kicker_max_words
            and not _paragraph_like(lay, ln.text)
        ):
            meta.add(ln.index)
    return dated, bylines, meta


def _find_headline(lay: Layout, head: list[_Line], meta: set[int]) -> int | None:
    """Where the headline is in `head`: the title line nearest above the first paragraph
    after the byline/date block (or above the first paragraph, or the block itself).

    Of title lines one above the other, the uppermost too long to be a kicker is the headline
    and those below it its standfirst ("Politics" / headline is a kicker and a headline;
    headline / "Opposition says commuters are …" is a headline and a standfirst).
    """
    first_meta = next((k for k, ln in enumerate(head) if ln.index in meta), None)
    paragraphs = [k for k, ln in enumerate(head) if _paragraph_like(lay, ln.text)]
    after_meta = [k for k in paragraphs if first_meta is not None and k > first_meta]
    anchor = (after_meta or paragraphs)[0] if after_meta or paragraphs else first_meta
    if anchor is None:
        titles = [k for k, ln in enumerate(head) if _heading_like(lay, ln.text)]
        return titles[0] if titles else None
    titles = [
        k
        for k in range(anchor - 1, -1, -1)
        if head[k].index not in meta and _heading_like(lay, head[k].text)
    ]
    if not titles:
        return None
    full = [k for k in titles if layout.word_count(head[k].text) >= lay.headline_min_words]
    return _top_of_titles(lay, head, meta, (full or titles)[0])


def _top_of_titles(lay: Layout, head: list[_Line], meta: set[int], found: int) -> int:
    """Up a run of title lines from `found` (a headline over standfirst lines, "Insists the
    driver shortage is 'essentially solved'"), to the first too long to be a kicker."""
    while found > 0:
        above = head[found - 1]
        if (
            above.index in meta
            or not _heading_like(lay, above.text)
            or layout.word_count(above.text) <= lay.kicker_max_words
        ):
            break
        found -= 1
    return found


def _read_article(
    lay: Layout, content: list[_Line], meta: layout_html.HtmlMeta, lines: list[_Line]
) -> _Head:
    window = content[:HEAD_WINDOW]
    first_paragraph = next(
        (k for k, ln in enumerate(window) if _paragraph_like(lay, ln.text)), len(window)
    )
    head = window[: first_paragraph + 1 + HEAD_AFTER_PARAGRAPH]
    dated, bylines, skip = _head_meta(lay, head, lines)
    head_at: int | None = None
    if meta.headline:
        wanted = _norm(meta.headline)
        head_at = next((k for k, ln in enumerate(window) if _norm(ln.text) == wanted), None)
    if head_at is None:
        head_at = _find_headline(lay, head, skip)
    headline = window[head_at].text if head_at is not None else meta.headline
    kicker = _kicker(lay, window, head_at, headline, skip, lines)
    first_body = head_at + 1 if head_at is not None else 0
    body_lines = [ln for ln in content[first_body:] if ln.index not in skip]
    lead = next((k for k, ln in enumerate(body_lines) if _paragraph_like(lay, ln.text)), 0)
    # Between the headline and the first paragraph only a standfirst is article text; short
    # lines there are page furniture the patterns do not know (a read time, a desk name).
    body_lines = [
        ln
        for k, ln in enumerate(body_lines)
        if k >= lead or layout.word_count(ln.text) >= lay.paragraph_min_words
    ]
    body = [t for ln in body_lines if (t := _LEADING_BULLET.sub("", ln.text))]
    published = _published(lay, meta, dated, bylines, window)
    writer = meta.author if meta.author and "/" not in meta.author else None
    writer = writer or (bylines[min(bylines)] if bylines else None)
    if writer is None and body:
        writer = layout.reported_by(lay, body[0])
    return _Head(kicker, headline, writer, published, tuple(_trim_tail(lay, body, writer)))


def _kicker(
    lay: Layout,
    window: list[_Line],
    head_at: int | None,
    headline: str | None,
    skip: set[int],
    lines: list[_Line],
) -> str | None:
    """The short title line right above the headline ("Politics"), if any."""
    if head_at is None or head_at == 0:
        return None
    above = window[head_at - 1]
    words = layout.word_count(above.text)
    if (
        above.index not in skip
        and _heading_like(lay, above.text)
        and words <= lay.kicker_max_words
        and words < layout.word_count(headline or "")
        # A label above the site's navigation (a masthead over the breadcrumbs) is not
        # the headline's kicker.
        and not any(
            lay.navigation.fullmatch(ln.text)
            for ln in lines[above.index + 1 : window[head_at].index]
        )
    ):
        return above.text
    return None


def _published(
    lay: Layout,
    meta: layout_html.HtmlMeta,
    dated: dict[int, date],
    bylines: dict[int, str],
    window: list[_Line],
) -> date | None:
    """The article's date: the page's metadata, else the first dated line of its head, else
    a date in its byline."""
    published = _meta_date(lay, meta.published)
    if published is None and dated:
        published = dated[min(dated)]
    if published is None:
        for index in sorted(bylines):
            line = next(ln.text for ln in window if ln.index == index)
            found = layout.find_date(lay, line)
            if found:
                return found[0]
    return published


def _trim_tail(lay: Layout, body: list[str], writer: str | None) -> list[str]:
    """The body less what closes many articles but is not article text: the writer's
    biography ("Jane Doe is a writer based in Leeds") and a run of topic tags."""
    body = list(body)
    if writer:
        bio = layout.bio_pattern(lay, writer)
        tail = len(body) - BIO_TAIL
        body = [p for k, p in enumerate(body) if k < tail or not bio.fullmatch(p)]
    while len(body) > 1 and _is_tag(lay, body[-1]):
        body.pop()
    return body


def _is_tag(lay: Layout, text: str) -> bool:
    return layout.word_count(text) <= lay.tag_max_words and not text.rstrip("'\"’”)").endswith(
        (".", "!", "?", ":", ";", ",")
    )


def _meta_date(lay: Layout, value: str | None) -> date | None:
    if not value:
        return None
    found = layout.find_date(lay, value)
    return found[0] if found else None


def split(raw: RawPage, rules: Rules | None = None) -> Page:
    """Split one captured page into its article and reader comments.

    Never raises on odd text: a page without an article or comments comes back with a
    warning in `Page.warnings` ("no article text found", "no reader comments in this capture",
    "10 of 21 comments captured", a third-party comment widget that the capture lacks).
    """
    lay = layout.of(rules or rules_mod.load())
    if raw.export is not None:
        return _split_export(lay, raw, raw.export)
    lines = _lines(raw.text)
    meta = layout_html.metadata(raw.html) if raw.html else layout_html.HtmlMeta()
    section = _section_start(lay, lines)
    comments: list[Comment] = []
    declared: int | None = None
    zone_end = len(lines)
    if section is not None:
        zone_end, first, declared = section
        comments = _CommentReader(lay, raw.text, lines, first).read()
    content = _content(lay, lines[:zone_end])
    head = _read_article(lay, content, meta, lines)
    texts = [ln.text for ln in lines if ln.text]
    declared = _declared(lay, texts, declared)
    article_text = "\n".join([head.headline or "", *head.body])
    outlet = (
        meta.site_name
        or layout.outlet(lay, texts, article_text)
        or _publisher(lay, texts, meta, head.headline)
    )
    article = Article(
        outlet=outlet,
        headline=head.headline,
        kicker=head.kicker,
        byline=head.byline,
        published=head.published,
        body=head.body,
    )
    return Page(
        id=raw.id,
        source=raw.source,
        content_hash=raw.content_hash,
        article=article,
        comments=tuple(comments),
        declared_comment_count=declared,
        warnings=(*raw.warnings, *_coverage(lay, texts, comments, declared, article)),
    )


def _split_export(lay: Layout, raw: RawPage, export: CommentExport) -> Page:
    """A comment export's records as they are: nothing in them is page furniture to read past.

    Each record is one slot, in order. Its text is the export's field exactly; a record with
    a removed/deleted/moderated flag is a moderated slot (text ""); a record with no text and
    no flag stays a slot with text "" (the pipeline reads no mood from it), so positions
    match the export's. The article is only what the export says of it (headline,
    published, outlet); it has no body, hence the "no article text found" warning.
    """
    comments = [
        Comment(
            position=n,
            author=c.author,
            moderated=c.moderated,
            text="" if c.moderated else c.text,
            posted=c.posted,
            reply_to=c.reply_to,
        )
        for n, c in enumerate(export.comments, start=1)
    ]
    article = Article(
        outlet=export.outlet,
        headline=export.headline,
        kicker=None,
        byline=None,
        published=_meta_date(lay, export.published),
        body=(),
    )
    declared = export.declared_comment_count
    return Page(
        id=raw.id,
        source=raw.source,
        content_hash=raw.content_hash,
        article=article,
        comments=tuple(comments),
        declared_comment_count=declared,
        warnings=(*raw.warnings, *_coverage(lay, [], comments, declared, article)),
    )


def _publisher(
    lay: Layout, texts: list[str], meta: layout_html.HtmlMeta, headline: str | None
) -> str | None:
    """The outlet a page names itself by when it is not a known one: its copyright footer
    ("© 2024 Vale Voice Ltd."), else the site part of an HTML <title> ("Headline - Site")."""
    for text in reversed(texts):
        holder = layout.copyright_holder(lay, text)
        if holder:
            return holder
    if meta.title and headline:
        for sep in _TITLE_SEPARATORS.finditer(meta.title):
            head, site = meta.title[: sep.start()], meta.title[sep.end() :].strip()
            if _norm(head) == _norm(headline) and 0 < layout.word_count(site) <= 6:
                return site
    return None


_TITLE_SEPARATORS = re.compile(r"(?<!\s)\s+[|\-–—:·]\s+")


def _declared(lay: Layout, texts: list[str], section: int | None) -> int | None:
    """The page's declared comment total: the largest explicit count it shows ("68 comments"
    under the byline, "Showing 8 of 68 comments" at the list, "Readers' comments (9)"), as a
    page may show both a total and the size of the part on screen."""
    counts = [] if section is None else [section]
    for k, text in enumerate(texts):
        # A line may be a bar of fields ("287 points by kev | hide | past | 164 comments").
        for part in _BAR.split(text) if " | " in text else [text]:
            n = layout.declared_count(lay, part)
            if n is None:
                header, n = layout.comment_header(lay, part)
                if header and n is None and k + 1 < len(texts) and _COUNT.fullmatch(texts[k + 1]):
                    n = int(texts[k + 1].replace(",", ""))  # "Comments" over "2,118"
            if n is not None:
                counts.append(n)
    return max(counts, default=None)


_BAR = re.compile(r"(?<!\s)\s+\|\s+")
_COUNT = re.compile(r"\d{1,3}(,\d{3})+|\d{1,6}")


def _coverage(
    lay: Layout, texts: list[str], comments: list[Comment], declared: int | None, article: Article
) -> list[str]:
    """Coverage warnings: what the capture holds against what the page declares."""
    out: list[str] = []
    if not article.body:
        out.append("no article text found")
    if declared is not None and declared > len(comments):
        out.append(f"{len(comments)} of {declared} comments captured")
    if not comments:
        widget = next((w for t in texts if (w := layout.widget(lay, t))), None)
        if widget:
            out.append(
                f"comments were served by {widget} (a third-party widget) "
                "and are not in this capture"
            )
        out.append("no reader comments in this capture")
    return out
