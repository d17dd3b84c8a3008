"""Split copied page text (select-all and copy in a browser) into article and comments.

The comments first (STYLE.md #3): the page's comment list is found from its own rhythm
(`rhythm`), each comment read from its meta lines (author, time) and its text lines (one
verbatim slice of the capture). Then the article from the lines above the list
(`article_text`): the headline and the body, without the site's chrome.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from analysis import layout
from analysis.model import Article, Comment, Page, RawPage
from analysis.pages import article_text, names, rhythm, text
from analysis.pages.lines import Line, lines_of
from analysis.pages.rhythm import Candidate
from analysis.rules import Rules
from analysis.rules.schema import PageRules

#: How alike two readings' words must be for the catalogue's to stand.
AGREE = 0.8
#: A capture of at most this many lines is a snippet, not a page with site chrome: the
#: catalogue's line-by-line reading suits it better than a body run.
SHORT = 40


def comments(
    source: str, lines: Sequence[Line], chosen: Candidate, rules: PageRules
) -> list[Comment]:
    """The comments of a chosen list, in page order, each text a verbatim slice."""
    out: list[Comment] = []
    for found in chosen.comments:
        metas = [lines[k].text for k in found.meta]
        text = ""
        if found.text:
            text = source[lines[found.text[0]].start : lines[found.text[-1]].end]
        moderated = bool(text) and bool(rules.dom.removed.match(text)) and len(found.text) == 1
        if not text and not moderated:
            continue
        out.append(
            Comment(
                position=len(out) + 1,
                author=author(metas, rules) or _lead_author(lines, found.text, rules),
                moderated=moderated,
                text="" if moderated else text,
                posted=posted(metas, rules),
            )
        )
    return out


def author(metas: Sequence[str], rules: PageRules) -> str | None:
    """The commenter's name: the first meta line, less its date and its "by"/"says:" words,
    that is not a line of buttons."""
    return names.from_lines(
        (m for m in metas if not rules.text.action_shape.fullmatch(rhythm.shape(m, rules))), rules
    )


#: How far into a comment's text, and how long a line, a name-and-date line may be read from
#: when the page's beat is a footer ("Reply" under each comment, the name over its text).
LEAD_LINES = 2
LEAD_WORDS = 14


def _lead_author(lines: Sequence[Line], text: Sequence[int], rules: PageRules) -> str | None:
    """A name from a dated line opening the comment's text ("1. Jo Bloggs - 29 August, 2011",
    "by jdoe (1234) on Monday July 23"): the name before the date, if it reads as no prose."""
    for k in text[:LEAD_LINES]:
        line = lines[k]
        if line.words > LEAD_WORDS or rules.meta.date.search(line.text) is None:
            continue
        name = names.from_lines([line.text], rules)
        if name and not rules.text.prose.search(name):
            return name
    return None


def posted(metas: Sequence[str], rules: PageRules) -> str | None:
    """The comment's time as the page writes it: from its first date or time to the end of
    the last one on that line."""
    for line in metas:
        hits = list(rules.meta.date.finditer(line))
        if hits:
            return line[hits[0].start() : hits[-1].end()].strip()
    return None


def split(raw: RawPage, all_rules: Rules) -> Page:
    """Split one text capture: the article by the body model (`article_text.body`), the
    comments by rhythm, unless the layout catalogue (text.py) recognises the page (see
    `_catalogue_knows`): then its comments (never among the body's lines), kicker, byline and
    date."""
    rules = all_rules.pages
    old = text.split(raw, all_rules)
    lines = lines_of(raw.text)
    chosen = rhythm.best(lines, rules)
    found = comments(raw.text, lines, chosen, rules) if chosen is not None else []
    art = article_text.body(lines, rules, chosen.start if chosen is not None else None)
    body = tuple(lines[k].text for k in art.lines)
    article = replace(
        old.article,
        headline=lines[art.headline].text if art.headline is not None else None,
        body=body,
    )
    known = {o.name for o in layout.of(all_rules).outlets}
    agrees = _catalogue_agrees(old, body, found)
    if len(lines) <= SHORT or _catalogue_knows(old, agrees, known, len(found)):
        if not found and _unvouched(old, lines, rules):
            return _with(old, raw, lines, article, [], all_rules)
        if found and not old.comments:
            return _with(old, raw, lines, article, found, all_rules)  # the rhythm's list only
        kept = names.drop_interface(old.comments, rules)
        if _gave_article_away(old, body, rules):
            return _with(old, raw, lines, article, found, all_rules)
        if _catalogue_reads_article(old):
            return replace(old, comments=kept)
        said = {ln.strip() for c in kept for ln in c.text.split("\n")}
        article = replace(article, body=tuple(t for t in body if t not in said))
        return replace(old, article=article, comments=kept)
    return _with(old, raw, lines, article, found, all_rules)


def _with(
    old: Page,
    raw: RawPage,
    lines: Sequence[Line],
    article: Article,
    found: list[Comment],
    all_rules: Rules,
) -> Page:
    """The catalogue's page with this article and these comments, and the coverage warnings
    said of them (not of the catalogue's own reading)."""
    coverage = text._coverage(
        layout.of(all_rules), [ln.text for ln in lines], found, old.declared_comment_count, article
    )
    return replace(old, article=article, comments=tuple(found), warnings=(*raw.warnings, *coverage))


def _unvouched(page: Page, lines: Sequence[Line], rules: PageRules) -> bool:
    """Whether the catalogue's comments have nothing for them where the page's rhythm found
    none: the page declares no comments; or no comment has an author and the page declares
    fewer than them or more than twice as many (one hidden or moderated is usual); or, on a
    long page whose article header (kicker and byline) the catalogue did not read, too few
    are signed and the middle one is too short to be prose (a site's buttons and notices)."""
    found = page.comments
    if not found:
        return False
    declared = page.declared_comment_count
    if declared == 0:
        return True
    n = len(found)
    signed = sum(1 for c in found if c.author)
    if not signed and declared is not None and not n <= declared <= 2 * n:
        return True
    if not signed and declared is None and n <= rules.text.catalogue_unsigned_max:
        return True  # a block or two, unsigned and uncounted: the site's notices
    header = page.article.kicker is not None and page.article.byline is not None
    if header or len(lines) <= SHORT:
        return False
    tr = rules.text
    words = sorted(len(_WORDS.findall(c.text)) for c in found)
    return signed < tr.catalogue_signed_share * n and words[n // 2] < tr.catalogue_words


_WORDS = re.compile(r"\w+")


def _overlap(a: Sequence[str], b: Sequence[str]) -> float:
    """Bag-of-words F1 of two texts' words."""
    wa = Counter(w for t in a for w in _WORDS.findall(t.lower()))
    wb = Counter(w for t in b for w in _WORDS.findall(t.lower()))
    both = sum((wa & wb).values())
    if not both:
        return 0.0
    return 2 * both / (sum(wa.values()) + sum(wb.values()))


def _catalogue_agrees(old: Page, body: tuple[str, ...], found: list[Comment]) -> bool:
    """Whether the layout catalogue's reading (text.py: kicker, byline, replies, end marks) can
    stand: its body is the body found here, and its comments are these or none are found."""
    if _overlap(old.article.body, body) < AGREE:
        return False
    if not found:
        return True
    if 2 * len(old.comments) < len(found):
        return False  # the same words, run together into fewer comments
    return _overlap([c.text for c in old.comments], [c.text for c in found]) >= AGREE


def _gave_article_away(old: Page, body: Sequence[str], rules: PageRules) -> bool:
    """Whether one of the catalogue's comments swallowed the article (its comments began at
    a "Comments" tab above the headline): a single comment holds more than
    `catalogue_max_body` of the lines the body model reads as the article, two at least, and
    the catalogue kept less than that share of the body model's words as its article. (A
    thread's comments each hold their own lines, however many the body model takes.)"""
    share = rules.text.catalogue_max_body
    lines = set(body)
    held = max(
        (sum(ln.strip() in lines for ln in c.text.split("\n")) for c in old.comments), default=0
    )
    if held < 2 or held <= share * len(body):
        return False
    kept = sum(len(_WORDS.findall(p)) for p in old.article.body)
    return kept < share * sum(len(_WORDS.findall(t)) for t in body)


def _catalogue_reads_article(old: Page) -> bool:
    """Whether the layout catalogue read the article's own header (a headline with a byline,
    kicker or date): then its headline and body stand, not the body model's."""
    return old.article.headline is not None


def _counts_better(old: Page, rhythm_found: int) -> bool:
    """Whether the rhythm's list is far nearer the page's declared count than the
    catalogue's (366 comments found against its 1 under "455 Comments"), or just the count
    (of two or more: one list of one is easily found) where the catalogue's is not: then the
    count vouches for the rhythm's list."""
    declared, n = old.declared_comment_count, len(old.comments)
    if declared is None or not rhythm_found:
        return False
    if rhythm_found == declared != n and declared > 1:
        return True  # the rhythm found just the comments the page counts, the catalogue not
    return rhythm_found > 2 * n and abs(rhythm_found - declared) < abs(n - declared)


def _catalogue_knows(old: Page, agrees: bool, known: set[str], rhythm_found: int = 0) -> bool:
    """Whether the layout catalogue (text.py, written for UK news and trade-press pages)
    recognised this page's layout: a kicker over a byline and a date; a comment list under a
    declared count (unless the rhythm's list is far nearer that count) with a kicker or the
    same body found here; an outlet with the same body; or an outlet it knows (one of
    `known`, not a name read from a copyright line) with a kicker and a byline."""
    art = old.article
    kicker, byline = art.kicker is not None, art.byline is not None
    dated = byline and art.published is not None
    declared = old.declared_comment_count is not None
    listed = bool(old.comments) and declared and not _counts_better(old, rhythm_found)
    return (
        (kicker and dated and agrees)
        or (listed and (kicker or dated or agrees))
        or (art.outlet is not None and agrees)
        or (art.outlet in known and kicker and byline)
    )
