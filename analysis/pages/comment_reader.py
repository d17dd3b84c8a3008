"""The layout catalogue's comment reader: the comment section of a copied page read line by line
into slots (a header, its text, moderated slots, replies, quoted passages), then into
comments."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from analysis import headers, layout
from analysis.layout import Layout
from analysis.model import Comment
from analysis.pages.catalogue_lines import _Line

#: A line with a letter or digit: lines without one ("·", "|") separate a header's parts.
_HAS_WORD = re.compile(r"\w")
#: A line quoting the comment answered ("> if a human checks the output").
_QUOTED = re.compile(r">\s\S")


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
