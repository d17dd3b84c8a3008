"""Saved HTML pages, read from their structure.

1. The markup is parsed (lxml, forgiving: unclosed elements, stray bytes) and cleaned of what
   is never text (scripts, form controls, hidden elements); comment forms go whole.
2. The comment list is found in the structure (`threads`) and taken out of the tree, so no
   comment can leak into the article (trafilatura's own order, STYLE.md #3).
3. The article is read from what is left by trafilatura, a maintained extractor; headline,
   date and outlet come from the page's metadata first.
"""

from __future__ import annotations

import copy
import dataclasses
import logging
import re
from collections.abc import Sequence
from datetime import date

import trafilatura
from lxml import etree

from analysis import layout, layout_html
from analysis.model import Article, Comment, Page, RawPage
from analysis.pages import comment_reader, dom, names, rhythm, threads
from analysis.pages import text as text_pages
from analysis.pages.lines import lines_of
from analysis.rules import Rules
from analysis.rules.schema import DomRules, PageRules

logging.getLogger("trafilatura").addHandler(logging.NullHandler())
logging.getLogger("htmldate").addHandler(logging.NullHandler())
logging.getLogger("courlan").addHandler(logging.NullHandler())

_FIRST_LINE = re.compile(r"[^\n]*")


def split(raw: RawPage, rules: Rules) -> Page:
    """Split a saved page into its article and its reader comments."""
    lay = layout.of(rules)
    page_rules = rules.pages
    reading = dom.read(raw.html or "", page_rules.dom)
    if reading is None:
        return text_pages.split(raw, rules)
    meta = layout_html.metadata(raw.html or "")
    root, blocks = reading.root, reading.blocks
    found = threads.candidates(blocks, page_rules, reading.title)
    stands = bool(found) and found[0].probability >= page_rules.ranker.threshold
    chosen = _fullest(found, page_rules) if stands else None
    if chosen is None:
        chosen = _counted(found, blocks, page_rules)
    comments = _comments(chosen, blocks, page_rules) if chosen else []
    texts = [line for b in blocks for line in b.text.split("\n")]
    first = chosen.metas[0].index if chosen else None
    declared = text_pages._declared(lay, [b.text for b in blocks[: first or len(blocks)]], None)
    whole = copy.deepcopy(root) if chosen is not None and _doubtful(chosen, page_rules) else None
    if chosen is not None:
        _prune(chosen)
    head = _head(root, lay)
    opening = _opening_post(chosen, blocks, page_rules) if chosen is not None else None
    article = _article(root, meta, lay, texts, head, page_rules.dom, opening)
    if whole is not None:
        # A short, doubtful list whose removal takes most of the article was the article.
        unpruned = _article(whole, meta, lay, texts, head, page_rules.dom)
        if _words(article.body) < page_rules.dom.article_kept * _words(unpruned.body):
            comments, article = [], unpruned
            declared = text_pages._declared(lay, [b.text for b in blocks], None)
    unit = chosen.opening if chosen is not None else None
    if comments and unit is not None and opening and not set(opening) & set(article.body):
        # the thread's opening post is not the article (the extractor found far more): it
        # is the first comment, not lost
        opener = _opening_comment(unit, opening, blocks, page_rules)
        comments = [opener, *(dataclasses.replace(c, position=c.position + 1) for c in comments)]
    return Page(
        id=raw.id,
        source=raw.source,
        content_hash=raw.content_hash,
        article=article,
        comments=tuple(comments),
        declared_comment_count=declared,
        warnings=(*raw.warnings, *text_pages._coverage(lay, texts, comments, declared, article)),
    )


def _fullest(found: list[threads.Candidate], rules: PageRules) -> threads.Candidate:
    """The best candidate, or a near-equal one that shares its comments and holds more of
    them: the best is then a part of that list (its replies alone, or all but one). The
    best stands (it is at the threshold or above), so the fuller one stands with it."""
    top = found[0]
    mine = {id(b) for c in top.comments for b in c}
    best = top
    for other in found[1:]:
        if top.probability - other.probability > rules.dom.near_equal:
            break
        if len(other.comments) > len(best.comments) and any(
            id(b) in mine for c in other.comments for b in c
        ):
            best = other
    return best


def _doubtful(chosen: threads.Candidate, rules: PageRules) -> bool:
    """A list of few comments the ranker is not sure of: it may be the article's own
    paragraphs (a dated byline and a named quote repeat as comments do)."""
    return (
        len(chosen.units) <= rules.dom.doubtful_units
        and chosen.probability < rules.dom.doubtful_below
    )


def _words(paragraphs: Sequence[str]) -> int:
    return sum(layout.word_count(p) for p in paragraphs)


def _prune(chosen: threads.Candidate) -> None:
    """Take the comment list out of the tree (tails stay: they belong to the parent)."""
    doomed = {b.el for c in chosen.comments for b in c} | {m.el for m in chosen.metas}
    if chosen.orientation == "tree":
        doomed |= set(chosen.units)
    for el in doomed:
        if el.tag not in ("html", "body") and el.getparent() is not None:
            el.drop_tree()


def _comments(
    chosen: threads.Candidate, blocks: list[dom.Block], rules: PageRules
) -> list[Comment]:
    metas_by_unit = _metas_in_units(chosen, blocks, rules)
    index: list[int] = []  # where each comment of the list landed in `out`
    parents = _parents(chosen.metas) if chosen.orientation == "tree" else [None] * len(chosen.units)
    slots = list(zip(chosen.comments, metas_by_unit, chosen.units, parents, strict=True))
    if chosen.orientation == "header":
        slots = _nested_replies(slots, chosen.metas, blocks, rules)
    out: list[Comment] = []
    authors: list[str | None] = []
    removed = _removed_slots(chosen, blocks, rules)
    for comment_blocks, metas, unit, parent in slots:
        while removed and removed[0] < metas[0].index:
            removed.pop(0)
            out.append(Comment(position=len(out) + 1, author=None, moderated=True, text=""))
            authors.append(None)
        text = "\n".join(b.text for b in comment_blocks)
        author = _author(metas, unit, rules)
        posted = _posted(metas, rules)
        moderated = bool(rules.dom.removed.search(text)) and len(text.split()) <= 30
        reply_to = authors[index[parent]] if parent is not None else None
        if reply_to is None and not moderated:
            reply_to, quoted = _answered(text, out)
            if quoted:  # the quoted line is the earlier comment's words, not this one's
                text = text.partition("\n")[2]
        authors.append(author)
        out.append(
            Comment(
                position=len(out) + 1,
                author=author,
                moderated=moderated,
                text="" if moderated else text,
                posted=posted,
                reply_to=reply_to,
            )
        )
        index.append(len(out) - 1)
    for _ in removed:
        out.append(Comment(position=len(out) + 1, author=None, moderated=True, text=""))
    return out


_Slot = tuple[list[dom.Block], list[dom.Block], etree._Element, int | None]


def _nested_replies(
    slots: list[_Slot], metas: list[dom.Block], blocks: list[dom.Block], rules: PageRules
) -> list[_Slot]:
    """A flat list's comments with their replies taken out: a meta line of the list's tag
    that shares a class word with its meta lines, nested deeper inside a comment's run (a
    <dl> of replies in a <dd>), heads a reply to that comment (or to the reply above it, when
    deeper still), not more of its text."""
    tag = metas[0].el.tag
    words = set().union(*(threads.class_words(m.el) for m in metas))
    mine = {id(m) for m in metas}
    out: list[_Slot] = []
    for comment_blocks, own_metas, unit, parent in slots:
        if not comment_blocks:
            out.append((comment_blocks, own_metas, unit, parent))
            continue
        depth = threads.depth(own_metas[0].el)
        nested = [
            b
            for b in blocks[own_metas[0].index + 1 : comment_blocks[-1].index + 1]
            if b.el.tag == tag
            and id(b) not in mine
            and words & threads.class_words(b.el)
            and threads.depth(b.el) > depth
            and threads.is_meta(b, rules)
        ]
        if not nested:
            out.append((comment_blocks, own_metas, unit, parent))
            continue
        head = len(out)
        own = [b for b in comment_blocks if b.index < nested[0].index]
        out.append((own, own_metas, unit, parent))
        depths = [depth]
        for j, m in enumerate(nested):
            end = nested[j + 1].index if j + 1 < len(nested) else comment_blocks[-1].index + 1
            d = threads.depth(m.el)
            above = next((i for i in range(j, 0, -1) if depths[i] < d), 0)
            depths.append(d)
            text = [b for b in comment_blocks if m.index < b.index < end]
            out.append((text, [m], m.el, head + above))
    return out


def _answered(text: str, earlier: list[Comment]) -> tuple[str | None, bool]:
    """Whom a comment answers when the markup does not nest it: the earlier commenter it
    opens by addressing ("@Dave …"), or whose words its first line repeats whole (then the
    second value is True: that line is a quotation)."""
    m = comment_reader._ADDRESSED.match(text)
    if m is not None:
        name = m.group(1).rstrip(".-").casefold()
        for c in reversed(earlier):
            if c.author and c.author.casefold() == name:
                return c.author, False
    first, _, rest = text.partition("\n")
    passage = " ".join(first.split())
    if not rest or layout.word_count(passage) < comment_reader.QUOTE_MIN_WORDS:
        return None, False
    if passage.endswith((".", "!", "?")):
        return None, False
    for c in reversed(earlier[-comment_reader.QUOTE_LOOKBACK :]):
        if c.author and passage in " ".join(c.text.split()):
            return c.author, True
    return None, False


def _removed_slots(
    chosen: threads.Candidate, blocks: list[dom.Block], rules: PageRules
) -> list[int]:
    """Block indexes of removed-comment notices among the comments ("This comment has been
    deleted."), which hold no name or time, so no meta line finds them."""
    inside = {id(b) for c in chosen.comments for b in c}
    first = chosen.metas[0].index
    last = max(b.index for c in chosen.comments for b in c) if inside else chosen.metas[-1].index
    return [
        b.index
        for b in blocks[first : last + 1]
        if id(b) not in inside and b.words <= 30 and rules.dom.removed.search(b.text)
    ]


def _metas_in_units(
    chosen: threads.Candidate, blocks: list[dom.Block], rules: PageRules
) -> list[list[dom.Block]]:
    """Every meta line of each comment: the chosen one first, then others in its unit."""
    out = [[m] for m in chosen.metas]
    if chosen.orientation != "tree":
        return out
    where = {u: k for k, u in enumerate(chosen.units)}
    chosen_ids = {id(m) for m in chosen.metas}
    for b in blocks:
        if id(b) in chosen_ids or not threads.is_meta(b, rules):
            continue
        el: etree._Element | None = b.el
        while el is not None:
            k = where.get(el)
            if k is not None:
                out[k].append(b)
                break
            el = el.getparent()
    return out


def _parents(metas: list[dom.Block]) -> list[int | None]:
    """Reply nesting, as a reader sees it from indentation: a comment whose meta line sits
    deeper in the markup than the one before answers the nearest earlier shallower comment.
    Meta lines of one list have one shape, so their depth measures nesting alone."""
    depths = [threads.depth(m.el) for m in metas]
    out: list[int | None] = []
    for k, d in enumerate(depths):
        answered = None
        for j in range(k - 1, -1, -1):
            if depths[j] < d:
                answered = j
                break
        out.append(answered)
    return out


def _author(metas: list[dom.Block], unit: etree._Element, rules: PageRules) -> str | None:
    """The commenter's name: marked up as an author, else the meta line less its date and
    its "by"/"says:" words."""
    for m in metas:
        for el in m.el.iter():
            if not isinstance(el.tag, str) or el is m.el:
                continue
            if rules.dom.author_marks.search(dom.marks(el)):
                name = names.clean(dom.text_of(el), rules)
                if name:
                    return name
    for m in metas:
        line = _FIRST_LINE.match(m.text)
        # the first line, else the whole meta block ("Posted by:" over the name)
        name = names.from_lines(
            (line.group(0) if line else m.text, " ".join(m.text.split())), rules
        )
        if name:
            return name
    return None


def _counted(
    found: list[threads.Candidate], blocks: list[dom.Block], rules: PageRules
) -> threads.Candidate | None:
    """A short list below the ranker's threshold that stands because the page counts it above
    the list: "One Comment" over one comment (`[text] declared_small_list`, as in copied
    text)."""
    small = [c for c in found if 0 < len(c.comments) <= rules.text.declared_small_list]
    if not small:
        return None
    first: dict[int, int] = {}  # each count the page declares -> the first block saying it
    for b in blocks:
        for n in rhythm.declared_counts(lines_of(b.text), rules):
            first.setdefault(n, b.index)
    return next(
        (c for c in small if first.get(len(c.comments), len(blocks)) < c.metas[0].index), None
    )


def _posted(metas: list[dom.Block], rules: PageRules) -> str | None:
    """The comment's time as the page writes it: from its first date or time to the end of
    the last one on that line ("October 23rd, 2012 1:37 pm")."""
    for m in metas:
        for line in m.text.split("\n"):
            hits = list(rules.meta.date.finditer(line))
            if hits:
                return line[hits[0].start() : hits[-1].end()].strip()
    return None


def _opening_post(
    chosen: threads.Candidate, blocks: list[dom.Block], rules: PageRules
) -> tuple[str, ...] | None:
    """The text of the post that opens a thread (a forum's first post, a blog's own post in
    its comments' markup): the article, less its meta lines and buttons."""
    if chosen.opening is None:
        return None
    inside = threads.blocks_in(blocks, chosen.opening)
    return tuple(
        line
        for b in inside
        if not threads.is_meta(b, rules)
        and not rules.dom.actions.match(b.text)
        and threads.shape(b.text) not in chosen.furniture
        for line in b.text.split("\n")
    )


def _opening_comment(
    unit: etree._Element, opening: tuple[str, ...], blocks: list[dom.Block], rules: PageRules
) -> Comment:
    """The opening post (`unit`, its text lines `opening` as `_opening_post` reads them)
    taken as the list's first comment, with its author and time."""
    metas = [b for b in threads.blocks_in(blocks, unit) if threads.is_meta(b, rules)]
    return Comment(
        position=1,
        author=_author(metas, unit, rules),
        moderated=False,
        text="\n".join(opening),
        posted=_posted(metas, rules),
    )


def _head(root: etree._Element, lay: layout.Layout) -> tuple[str | None, str | None]:
    """The kicker (a short label right above the <h1>) and the standfirst (a sentence right
    below it, in the same header), which extractors leave out of the body."""
    h1 = next(root.iter("h1"), None)
    if h1 is None:
        return None, None
    kicker = standfirst = None
    prev = h1.getprevious()
    while prev is not None and not dom.text_of(prev):
        prev = prev.getprevious()
    if prev is not None:
        label = dom.text_of(prev)
        if 0 < layout.word_count(label) <= lay.kicker_max_words and not layout.find_date(
            lay, label
        ):
            kicker = label
    nxt = h1.getnext()
    while nxt is not None and not dom.text_of(nxt):
        nxt = nxt.getnext()
    if nxt is not None and nxt.tag in ("p", "h2", "div") and len(nxt) <= 2:
        para = dom.text_of(nxt)
        if layout.word_count(para) >= lay.paragraph_min_words and not layout.find_date(lay, para):
            standfirst = para
    return kicker, standfirst


def _article(
    root: etree._Element,
    meta: layout_html.HtmlMeta,
    lay: layout.Layout,
    texts: list[str],
    head: tuple[str | None, str | None],
    dom_rules: DomRules,
    opening: tuple[str, ...] | None = None,
) -> Article:
    doc = trafilatura.bare_extraction(
        root,
        favor_recall=True,
        include_comments=False,
        include_tables=True,
        with_metadata=True,
        deduplicate=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    body_text = getattr(doc, "text", None) or ""
    body = tuple(p.strip() for p in body_text.split("\n") if p.strip())
    headline = getattr(doc, "title", None) or meta.headline
    if headline and body and dom.norm_words(body[0]) == dom.norm_words(headline):
        body = body[1:]
    if opening and _words(opening) * 2 >= _words(body):
        body = opening  # unless the extractor found far more: the thread's opening was short
    body = _without_links(_without_chrome(lay, body), root, dom_rules.link_run)
    kicker, standfirst = head
    if standfirst and dom.norm_words(standfirst) not in dom.norm_words(" ".join(body[:3])):
        body = (standfirst, *body)  # (a block of two paragraphs the body holds apart is in)
    published = _date(lay, meta.published) or _date(lay, getattr(doc, "date", None))
    outlet = (
        meta.site_name
        or getattr(doc, "sitename", None)
        or layout.outlet(lay, texts, body_text)
        or text_pages._publisher(lay, texts, meta, headline)
    )
    return Article(
        outlet=outlet,
        headline=headline,
        kicker=kicker,
        byline=getattr(doc, "author", None) or meta.author,
        published=published,
        body=body,
    )


_INLINE_TEASER = re.compile(r"\s*[:|»›]\s*\S")


def _without_chrome(lay: layout.Layout, body: tuple[str, ...]) -> tuple[str, ...]:
    """What an extractor keeps that a reader skips: chrome lines, a related headline put
    inside the article ("READ MORE: …"), and a teaser list closing it ("Related", then short
    titles and dates)."""
    out: list[str] = []
    for k, para in enumerate(body):
        if lay.teaser_headings.fullmatch(para.strip(" :")) and all(
            layout.word_count(p) <= lay.teaser_max_words for p in body[k + 1 :]
        ):
            break
        teaser = lay.inline_teaser.match(para)
        if teaser and _INLINE_TEASER.match(para, teaser.end()):
            continue
        if layout.is_chrome(lay, para):
            continue
        out.append(para)
    return tuple(out)


def _without_links(body: tuple[str, ...], root: etree._Element, run: int) -> tuple[str, ...]:
    """The paragraphs less the link lists the extractor kept: `run` or more in a row that
    are each the whole text of one link (a menu, a tag list, related posts)."""
    if len(body) < run:
        return body
    paragraphs = [" ".join(p.split()) for p in body]
    links = _link_texts(root, 4 * max(len(p) for p in paragraphs) + 200)
    linked = [p in links for p in paragraphs]
    out: list[str] = []
    k = 0
    while k < len(body):
        end = k + 1
        while linked[k] and end < len(body) and linked[end]:
            end += 1
        if not (linked[k] and end - k >= run):
            out.extend(body[k:end])
        k = end
    return tuple(out)


def _link_texts(root: etree._Element, longest: int) -> set[str]:
    """The whole texts of the page's links, read no further than `longest` characters (a
    longer one is no paragraph's); a link holding another (broken markup) is left out."""
    out: set[str] = set()
    for a in root.iter("a"):
        if a.find(".//a") is not None:
            continue
        parts: list[str] = []
        size = 0
        for t in a.itertext():
            size += len(t)
            if size > longest:
                break
            parts.append(t)
        else:
            out.add(" ".join("".join(parts).split()))
    return out


def _date(lay: layout.Layout, value: str | None) -> date | None:
    if not value:
        return None
    found = layout.find_date(lay, value)
    return found[0] if found else None
