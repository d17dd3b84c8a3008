"""Meta lines grouped into candidate comment lists (see `threads`): one group for each shape
(tag, class words, the tags above), joined where one list's items alternate classes
("even"/"odd"), where its classes shift partway (a thread's zebra classes after a nested
reply), and where replies nest one level deeper than the comments they answer."""

from __future__ import annotations

from lxml import etree

from analysis.pages.dom import Block


def groups(metas: list[Block]) -> list[list[Block]]:
    """Meta lines of one shape; lists whose items alternate classes joined."""
    fine: dict[tuple[str, str, tuple[str, ...]], list[Block]] = {}
    for b in metas:
        fine.setdefault(b.key, []).append(b)
    coarse: dict[tuple[str, tuple[str, ...]], list[list[Block]]] = {}
    for k, g in fine.items():
        coarse.setdefault((k[0], k[2]), []).append(g)
    out: list[list[Block]] = []
    for gs in coarse.values():
        gs.sort(key=lambda g: g[0].index)
        merged: list[list[Block]] = []
        for g in gs:
            for mg in merged:
                overlap = g[0].index < mg[-1].index and mg[0].index < g[-1].index
                if _alternate(g, mg) if overlap else _share_parent(g, mg):
                    mg.extend(g)
                    mg.sort(key=lambda b: b.index)
                    break
            else:
                merged.append(list(g))
        out.extend(merged)
    return _join_replies(out)


def _join_replies(groups: list[list[Block]]) -> list[list[Block]]:
    """Replies nest one level deeper than the comments they answer, so their meta lines have
    other elements above them; a group whose meta lines carry the same class words as another
    group's and sit among them is that list's replies."""
    by_shape: dict[tuple[str, str], list[list[Block]]] = {}
    out: list[list[Block]] = []
    for g in sorted(groups, key=lambda g: -len(g)):
        tag, classes, _ = g[0].key
        if not classes:
            out.append(g)
            continue
        for host in by_shape.get((tag, classes), []):
            if g[0].index < host[-1].index and host[0].index < g[-1].index:
                host.extend(g)
                host.sort(key=lambda b: b.index)
                break
        else:
            out.append(g)
            by_shape.setdefault((tag, classes), []).append(g)
    return out


def _share_parent(g: list[Block], h: list[Block]) -> bool:
    """Whether two groups of one tag and path that do not interleave are items of one list:
    three lines or more in all, some of them under one parent element, sharing a class word
    (a thread's zebra classes shift after a nested reply, and the list's two halves carry
    other class words)."""
    if len(g) + len(h) < 3:
        return False  # two lone lines under one parent are no list by that alone
    words = {w for b in g for w in b.key[1].split(".") if w}
    if not any(w in words for b in h for w in b.key[1].split(".")):
        return False  # a post's byline beside its comments: no class word in common
    parents = {b.el.getparent() for b in g}
    return any(b.el.getparent() in parents for b in h)


def _alternate(g: list[Block], h: list[Block]) -> bool:
    """Whether two groups are items of one list with alternating classes, rather than two
    parts of each item (a name line and a date line under one parent)."""
    pg: dict[etree._Element, int] = {}
    for b in g:
        p = b.el.getparent()
        pg[p] = pg.get(p, 0) + 1
    ph: dict[etree._Element, int] = {}
    for b in h:
        p = b.el.getparent()
        ph[p] = ph.get(p, 0) + 1
    shared = [p for p in pg if p in ph]
    if not shared:
        return True
    same_item = sum(1 for p in shared if pg[p] == 1 and ph[p] == 1)
    return same_item < len(shared) / 2
