"""Comment lists in a saved page's structure: repeated blocks holding a name, a time and text.

Real pages mark their comments in countless ways, but almost all repeat one shape per comment:
a short "meta" line (a name, a date, "NAME says:", "Posted by NAME at TIME") in the same kind
of element each time. So:

1. meta lines are short blocks with a date or time, a "says:"/"Posted by" form, or markup
   naming an author;
2. meta lines of one shape (tag, class words, the tags above them) form a candidate list;
   items of one list whose classes alternate or shift are joined (`meta_groups`);
3. each meta line's comment is its *unit* — the largest element holding no other meta line
   of the list — or, where the page lays comments out flat (text, meta, text, meta), the
   siblings between consecutive meta lines;
4. every candidate list is described by features (its size, its words, comment words in its
   markup, avatars, reply buttons, where it sits against the headline…) and scored by
   gradient-boosted trees fitted on real pages (`PageRanker`: rules/page_ranker.npz, its
   threshold in rules/pages.toml); the best list above the threshold is the page's
   comments.

Nothing here knows any site: the shapes come from the page itself.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from lxml import etree

from analysis.pages.dom import Block, marks, norm_words, stable_classes
from analysis.pages.meta_groups import groups
from analysis.rules.schema import PageRules

#: Tags whose units are items of a list (a comment is often an <li> or a <dd>).
_ITEM_TAGS = {"li", "dd", "article"}


@dataclass(eq=False)
class Candidate:
    """One candidate comment list: its meta lines, each comment's unit and blocks."""

    metas: list[Block]
    units: list[etree._Element]
    comments: list[list[Block]]
    orientation: str  # "tree" (a unit per comment), "header" or "footer" (flat siblings)
    features: dict[str, float] = field(default_factory=dict)
    probability: float = 0.0
    #: A post heading the list in its markup but far longer than the rest: the opening post
    #: of a forum thread or a blog's own post, which is the article.
    opening: etree._Element | None = None
    #: The shapes (see `shape`) of the site's lines recurring across the comments.
    furniture: set[str] = field(default_factory=set)

    @property
    def texts(self) -> list[str]:
        return ["\n".join(b.text for b in blocks) for blocks in self.comments]


def is_meta(block: Block, rules: PageRules) -> bool:
    """A short block that may head or close a comment: a date, a says-form, an author."""
    meta = rules.meta
    if block.words == 0 or block.words > meta.max_words:
        return False
    if block.text.count("\n") >= meta.max_lines:
        return False
    if (
        block.words <= meta.max_author_words
        and any(rules.dom.author_marks.search(marks(e)) for e in _elements(block.el))
        and not meta.not_a_name.fullmatch(block.text.strip())
    ):
        return True  # (a "Reply" button inside the element naming the writer is not a name)
    text = block.text
    return bool(meta.date.search(text) or meta.says.search(text) or meta.posted_by.search(text))


def _elements(el: etree._Element) -> Iterator[etree._Element]:
    for e in el.iter():
        if isinstance(e.tag, str):
            yield e


def _units(metas: list[Block]) -> list[etree._Element]:
    """Each meta line's unit: its highest ancestor holding no other meta line of the list."""
    count: dict[etree._Element, int] = {}
    for m in metas:
        count[m.el] = count.get(m.el, 0) + 1
        for a in m.el.iterancestors():
            count[a] = count.get(a, 0) + 1
    units = []
    for m in metas:
        u = m.el
        if count[u] == 1:
            parent = u.getparent()
            while parent is not None and count.get(parent, 0) == 1:
                u, parent = parent, parent.getparent()
        units.append(u)
    return units


def _single_unit(meta: Block, rules: PageRules) -> etree._Element:
    """A lone meta line's unit: the nearest ancestor marked as a comment that holds text of
    its own beyond the meta line."""
    el = meta.el
    for _ in range(6):
        parent = el.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        el = parent
        if rules.dom.comment_marks.search(marks(el)):
            words = sum(len(w.split()) for w in el.itertext())
            if words - meta.words >= 3:
                return el
    return meta.el


def _headed(unit: etree._Element) -> bool:
    return unit.tag in ("body", "html") or next(unit.iter("h1"), None) is not None


def _descendants(blocks: list[Block], units: list[etree._Element]) -> list[list[Block]]:
    """The blocks inside each unit (the nearest unit holding them, where units nest), in
    page order: read down each unit's subtree, the deepest units first."""
    by_el: dict[etree._Element, list[int]] = {}
    for n, b in enumerate(blocks):
        by_el.setdefault(b.el, []).append(n)
    where = {u: k for k, u in enumerate(units)}  # a unit listed twice: its last place
    deepest_first = sorted(where.values(), key=lambda k: -depth(units[k]))
    out: list[list[Block]] = [[] for _ in units]
    taken: set[int] = set()
    for k in deepest_first:
        mine = [n for e in units[k].iter() for n in by_el.get(e, ()) if n not in taken]
        taken.update(mine)
        out[k] = [blocks[n] for n in sorted(mine)]
    return out


def _with_replies(
    blocks: list[Block], units: list[etree._Element], own: list[list[Block]], meta_ids: set[int]
) -> None:
    """A comment holding its replies has a unit of its meta line alone (its element holds
    the replies' meta lines too): its text is what its element holds outside the replies."""
    others = {u: k for k, u in enumerate(units)}
    by_el: dict[etree._Element, list[int]] = {}
    for n, b in enumerate(blocks):
        by_el.setdefault(b.el, []).append(n)
    below: dict[etree._Element, list[int]] = {}  # each element's units inside it, in order
    for k, unit in enumerate(units):
        for up in unit.iterancestors():
            below.setdefault(up, []).append(k)
    for k, unit in enumerate(units):
        if any(b.words for b in own[k]):
            continue
        item = unit.getparent()
        if item is None or item.tag in ("body", "html"):
            continue
        holds = [j for j in below.get(item, ())[:2] if j != k]
        if not holds or holds[0] < k:
            continue  # the element is the list itself, not this comment's
        found = []
        for n in sorted(n for e in item.iter() for n in by_el.get(e, ())):
            b = blocks[n]
            if id(b) in meta_ids:
                continue
            el: etree._Element | None = b.el
            while el is not None and el is not item and el not in others:
                el = el.getparent()
            if el is item:
                found.append(b)
        own[k] = found


def _flat(
    blocks: list[Block], metas: list[Block], units: list[etree._Element], rules: PageRules
) -> tuple[list[list[Block]], str] | None:
    """Comments laid out as siblings: the runs between consecutive meta lines, the first or
    last run taken only as far as siblings of the shapes seen between meta lines."""
    parent = units[0].getparent()
    if parent is None or any(u.getparent() is not parent for u in units):
        return None
    kids = [k for k in parent if isinstance(k.tag, str)]
    pos = {k: n for n, k in enumerate(kids)}
    idx = [pos[u] for u in units]
    runs = [kids[idx[i] + 1 : idx[i + 1]] for i in range(len(idx) - 1)]
    shapes = {(k.tag, stable_classes(k)) for r in runs for k in r}
    before, after = _ends(kids, idx, lambda k: (k.tag, stable_classes(k)) in shapes)
    if not before and not after:
        # no sibling of a shape seen between meta lines: the list's class words may shift
        # along it (zebra and thread classes), so a sibling of a tag seen there that shares
        # one of their class words will do
        tags = {k.tag for r in runs for k in r}
        words = {w for r in runs for k in r for w in class_words(k)}
        before, after = _ends(kids, idx, lambda k: k.tag in tags and bool(class_words(k) & words))
    header = bool(rules.meta.says.search(metas[0].text)) or (bool(after) and not before)
    chosen = [*runs, after] if header else [before, *runs]
    flat_els = [el for run in chosen for el in run]
    per_el = dict(zip(flat_els, _descendants(blocks, flat_els), strict=True))
    comments = [[b for el in run for b in per_el[el]] for run in chosen]
    return comments, ("header" if header else "footer")


def _ends(
    kids: list[etree._Element], idx: list[int], fits: Callable[[etree._Element], bool]
) -> tuple[list[etree._Element], list[etree._Element]]:
    """The siblings that `fits` right before the first meta line and right after the last."""
    before: list[etree._Element] = []
    for k in reversed(kids[: idx[0]]):
        if not fits(k):
            break
        before.insert(0, k)
    after: list[etree._Element] = []
    for k in kids[idx[-1] + 1 :]:
        if not fits(k):
            break
        after.append(k)
    return before, after


def class_words(el: etree._Element) -> set[str]:
    """An element's class words, lower-cased."""
    return set((el.get("class") or "").lower().split())


def depth(el: etree._Element) -> int:
    """How many elements hold this one."""
    return sum(1 for _ in el.iterancestors())


def furniture_shapes(comments: list[list[Block]]) -> set[str]:
    """Short lines that recur in many comments (buttons, badges, permalinks): the site's."""
    limit = max(3.0, 0.3 * len(comments))
    seen: dict[str, int] = {}
    for blocks in comments:
        for t in {shape(b.text) for b in blocks if b.words <= 12}:
            seen[t] = seen.get(t, 0) + 1
    return {t for t, n in seen.items() if n >= limit}


def _furniture(comments: list[list[Block]], rules: PageRules) -> list[list[Block]]:
    """Comments less the site's recurring lines and lines that are only buttons."""
    site = furniture_shapes(comments)
    return [
        [
            b
            for b in blocks
            if not (b.words <= 12 and (shape(b.text) in site or rules.dom.actions.match(b.text)))
        ]
        for blocks in comments
    ]


_DIGITS = re.compile(r"\d+")


def shape(text: str) -> str:
    """A line with its numbers made 0 and its case folded: its shape across comments."""
    return _DIGITS.sub("0", text.lower()).strip()


def _substance(comments: Iterable[list[Block]]) -> float:
    return sum(math.sqrt(min(sum(b.words for b in c), 80)) for c in comments)


def candidate(
    blocks: list[Block], metas: list[Block], meta_ids: set[int], rules: PageRules
) -> Candidate | None:
    """The comments a list of meta lines stands for, or None when it stands for none."""
    units = _units(metas) if len(metas) > 1 else [_single_unit(metas[0], rules)]
    kept = [(m, u) for m, u in zip(metas, units, strict=True) if not _headed(u)]
    if not kept:
        return None
    kept = _inside_the_list(kept)
    if len(kept) < len(metas):
        metas = [m for m, _ in kept]
        units = _units(metas) if len(metas) > 1 else [_single_unit(metas[0], rules)]
    comments, orientation = _read_units(blocks, metas, units, meta_ids, rules)
    site = furniture_shapes(comments)
    comments = _furniture(comments, rules)
    words = [sum(b.words for b in c) for c in comments]
    # A blog's own post often heads the list in the same markup as its comments.
    if len(metas) >= 3:
        rest = sorted(words[1:])
        if words[0] >= 150 and words[0] > 4 * max(rest[len(rest) // 2], 1):
            found = candidate(blocks, metas[1:], meta_ids, rules)
            if found is not None:
                found.opening = units[0]
            return found
    if not (any(w >= 3 for w in words) or _signed(metas, rules)) or _story_list(comments, rules):
        return None  # (short items under plain names or dates are a menu, not comments)
    return Candidate(metas, units, comments, orientation, {}, 0.0, None, site)


def _inside_the_list(
    kept: list[tuple[Block, etree._Element]],
) -> list[tuple[Block, etree._Element]]:
    """The meta lines whose units sit in the element most of the list's units share, or hold
    it (a comment holding its replies' list): a dated link in a sidebar that repeats the
    comments' markup joins the list's shape, and its unit is then the whole sidebar."""
    parents = Counter(u.getparent() for _, u in kept)
    if len(kept) < 3 or not parents:
        return kept
    home, n = parents.most_common(1)[0]
    if home is None or 3 * n < 2 * len(kept):
        return kept
    ancestors = set(home.iterancestors())  # a comment holding its replies' list holds home
    inside = [(m, u) for m, u in kept if u is home or u in ancestors or home in u.iterancestors()]
    return inside if len(inside) >= 3 else kept


def _signed(metas: list[Block], rules: PageRules) -> bool:
    """Whether every meta line of two or more signs a comment with its time ("Posted by: Jo |
    May 2, 2012 at 9:14", "Jo says: May 2"): comments then stand however short they are."""
    meta = rules.meta
    return len(metas) >= 2 and all(
        (meta.posted_by.search(m.text) or meta.says.search(m.text)) and meta.date.search(m.text)
        for m in metas
    )


def _read_units(
    blocks: list[Block],
    metas: list[Block],
    units: list[etree._Element],
    meta_ids: set[int],
    rules: PageRules,
) -> tuple[list[list[Block]], str]:
    """Each unit's comment blocks, meta lines left out, and how the list is laid out: as a
    tree (each comment inside its unit, replies inside their parents) or flat (a comment's
    blocks between one meta line and the next), whichever holds more substance."""
    inside = _descendants(blocks, units)
    own = [[b for b in bs if id(b) not in meta_ids] for bs in inside]
    if len(units) > 1:
        _with_replies(blocks, units, own, meta_ids)
    flat = _flat(blocks, metas, units, rules)
    if flat is not None:
        flat = ([[b for b in c if id(b) not in meta_ids] for c in flat[0]], flat[1])
    if flat is not None and _substance(flat[0]) > _substance(own):
        return flat
    return own, "tree"


def _story_list(comments: list[list[Block]], rules: PageRules) -> bool:
    """Whether the items open with linked titles of other pages (a related-stories box)."""
    dom = rules.dom
    if len(comments) < dom.story_list_items:
        return False
    titled = sum(
        1
        for c in comments
        if c and c[0].words >= dom.headline_words and c[0].link_words >= c[0].words
    )
    return titled >= dom.story_list_share * len(comments)


def candidates(blocks: list[Block], rules: PageRules, title: str | None) -> list[Candidate]:
    """Every candidate comment list of a page, scored, best first."""
    metas = [b for b in blocks if is_meta(b, rules)]
    meta_ids = {id(b) for b in metas}
    title_at = _title_index(blocks, title)
    out = []
    for group in groups(metas):
        found = candidate(blocks, group, meta_ids, rules)
        if found is None:
            continue
        found.features = features(found, blocks, rules, title, title_at)
        out.append(found)
    seen = {id(c.units[0]) for c in out}
    for found in _listed(blocks, rules):
        if id(found.units[0]) in seen:
            continue
        found.features = features(found, blocks, rules, title, title_at)
        out.append(found)
    for found, p in zip(out, scores([c.features for c in out], rules), strict=True):
        found.probability = p
    out.sort(key=lambda c: -c.probability)
    return out


#: How many elements after a comment heading may hold its list.
_AFTER_HEADING = 3


def _listed(blocks: list[Block], rules: PageRules) -> list[Candidate]:
    """Lists that a comment heading introduces ("Comments", "14 Responses"), for comments
    that show no time or says-form: each item of the list is a comment, its first short line
    the writer's name when more text follows."""
    out = []
    for b in blocks:
        if b.words > 8 or not rules.dom.comment_heading.search(b.text):
            continue
        el: etree._Element | None = b.el
        for _ in range(_AFTER_HEADING):
            el = el.getnext() if el is not None else None
            if el is None:
                break
            items = [k for k in el if isinstance(k.tag, str)]
            tags = {k.tag for k in items}
            if (
                len(items) >= 1
                and len(tags) == 1
                and next(iter(tags)) in ("li", "div", "dd", "article")
            ):
                found = _list_candidate(blocks, items, rules)
                if found is not None:
                    out.append(found)
                break
    return out


def _list_candidate(
    blocks: list[Block], items: list[etree._Element], rules: PageRules
) -> Candidate | None:
    inside = _descendants(blocks, items)
    metas, comments = [], []
    for item_blocks in inside:
        if not item_blocks:
            return None
        head, rest = item_blocks[0], item_blocks[1:]
        if rest and head.words <= rules.meta.max_author_words:
            metas.append(head)
            comments.append(rest)
        else:
            metas.append(head)
            comments.append(item_blocks)
    comments = _furniture(comments, rules)
    if not any(sum(b.words for b in c) >= 3 for c in comments):
        return None
    return Candidate(metas, list(items), comments, "tree", {}, 0.0)


def _title_index(blocks: list[Block], title: str | None) -> int | None:
    if not title:
        return None
    for b in blocks:
        if b.words <= 40 and title in norm_words(b.text):
            return b.index
    return None


def features(
    cand: Candidate, blocks: list[Block], rules: PageRules, title: str | None, title_at: int | None
) -> dict[str, float]:
    """What the ranker weighs, each a plain number."""
    dom, meta = rules.dom, rules.meta
    metas, units, comments = cand.metas, cand.units, cand.comments
    n = len(metas)
    words = [sum(b.words for b in c) for c in comments]
    link = sum(b.link_words for c in comments for b in c) / max(1, sum(words))
    pos = neg = 0
    for u in units[:5]:
        el: etree._Element | None = u
        while el is not None:
            m = marks(el)
            pos += bool(dom.comment_marks.search(m))
            neg += bool(dom.furniture_marks.search(m))
            el = el.getparent()
    texts = cand.texts
    first = metas[0].index
    before = blocks[max(0, first - 12) : first]
    heading = any(b.words <= 10 and dom.comment_heading.search(b.text) for b in before)
    raw_score = _substance(comments) * (1 + min(pos, 10) * 0.2) / (1 + neg * 0.3)
    raw_score *= max(0.0, 1 - link)
    return {
        "heading_share": _share(units, lambda u: next(u.iter("h1", "h2", "h3"), None) is not None),
        "title_in": float(
            title is not None
            and any(title in norm_words(" ".join(u.itertext())) for u in units[:3])
        ),
        "after_title": float(title_at is not None and first > title_at),
        "name_share": _share(metas, lambda m: bool(_NAMEISH.search(m.text))),
        "n_log": math.log1p(n),
        "mean_words_log": math.log1p(sum(words) / n),
        "ok_share": sum(1 for w in words if w >= 3) / n,
        "comment_marks": float(pos),
        "furniture_marks": float(neg),
        "link": link,
        "tree": float(cand.orientation == "tree"),
        "header": float(cand.orientation == "header"),
        "footer": float(cand.orientation == "footer"),
        "date_share": _share(metas, lambda m: bool(meta.date.search(m.text))),
        "says_share": _share(metas, lambda m: bool(meta.says.search(m.text))),
        "meta_words_log": math.log1p(sum(m.words for m in metas) / n),
        "position": first / max(1, len(blocks)),
        "heading": float(heading),
        "avatar": _share(units, lambda u: _has_avatar(u, rules)),
        "actions": _share(
            _all_blocks(units, blocks),
            lambda inside: any(dom.actions.match(b.text) for b in inside),
        ),
        "id_numbered": _share(units, lambda u: _id_numbered(u, rules)),
        "distinct": len(set(texts)) / n,
        "by_share": _share(metas, lambda m: bool(_BY.search(m.text))),
        "raw_score_log": math.log1p(raw_score),
        "item_unit": float(units[0].tag in _ITEM_TAGS),
    }


def blocks_in(blocks: list[Block], el: etree._Element) -> list[Block]:
    """The blocks inside one element, in page order."""
    return _descendants(blocks, [el])[0]


def _all_blocks(units: list[etree._Element], blocks: list[Block]) -> list[list[Block]]:
    """Every block inside each unit, nested units' blocks included, in one pass over the
    blocks (none on pages of 5,000 blocks or more)."""
    out: list[list[Block]] = [[] for _ in units]
    if len(blocks) >= 5000:
        return out
    where = {u: k for k, u in enumerate(units)}
    for b in blocks:
        el: etree._Element | None = b.el
        while el is not None:
            k = where.get(el)
            if k is not None:
                out[k].append(b)
            el = el.getparent()
    return out


_NAMEISH = re.compile(
    r"(?:^|\n)\s*(?:by\s+|posted by:?\s+|\d+\.\s*)?"
    r"[A-Za-z][\w.'-]{0,40}(?:\s+[A-Z][\w.'-]{0,40}){0,3}"
    r"\s*(?:says|said|wrote|on|at|\||\n|$)",
    re.IGNORECASE,
)
_BY = re.compile(r"\bby\b", re.IGNORECASE)


def _share(items: list[Any], test: Callable[[Any], bool]) -> float:
    return sum(1 for x in items if test(x)) / max(1, len(items))


def _has_avatar(unit: etree._Element, rules: PageRules) -> bool:
    for img in unit.iter("img"):
        m = f"{img.get('src') or ''} {img.get('class') or ''} {img.get('alt') or ''}"
        if rules.dom.avatar_marks.search(m):
            return True
    return False


_DIGIT = re.compile(r"\d")


def _id_numbered(unit: etree._Element, rules: PageRules) -> bool:
    """Whether the unit (or an element just above it) carries a numbered comment id."""
    el: etree._Element | None = unit
    for _ in range(4):
        if el is None:
            break
        ident = f"{el.get('id') or ''} {el.get('name') or ''}"
        if _DIGIT.search(ident) and rules.dom.comment_marks.search(f"{ident} {el.get('class')}"):
            return True
        el = el.getparent()
    anchor = next(unit.iter("a"), None)
    return anchor is not None and bool(_DIGIT.search(anchor.get("name") or anchor.get("id") or ""))


def scores(rows: list[dict[str, float]], rules: PageRules) -> list[float]:
    """The ranker's probability for each candidate (`rows`: their features) that it is the
    page's comment list, from one pass of the trees over all rows."""
    model = rules.ranker.trees
    if not rows:
        return []
    if model is None:
        raise ValueError("the page rules carry no ranker trees (load them with rules.load)")
    return model.probabilities(np.array([[f[n] for n in model.names] for f in rows]))
