"""Run the stages over one page and render the result as the JSON of the CLI contract."""

from __future__ import annotations

import collections
import concurrent.futures
import contextlib
import dataclasses
import hashlib
import itertools
import logging
import multiprocessing
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from analysis import claims as claims_stage
from analysis import linking, mood, pages, sentiment, themes
from analysis import rules as rules_mod
from analysis.errors import AnalysisError
from analysis.model import Analysis, ClaimReading, CommentReading, RawPage, Sentiment, ThemeHit
from analysis.store import Store

#: Bump when a stage changes what it produces, so stored pages are analysed again.
ANALYSIS_VERSION = "13"  # 13: control characters out before parsing html


def rules_digest(theme_set: themes.ThemeSet, rules: rules_mod.Rules | None = None) -> str:
    """One digest of everything an analysis reads besides the page: the code version, every
    rule file (`rules.digest`), the themes and the mood model's file."""
    parts = (ANALYSIS_VERSION, (rules or rules_mod.load()).digest, theme_set.digest, mood.digest())
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:16]


def analysis_key(
    content_hash: str, theme_set: themes.ThemeSet, rules: rules_mod.Rules | None = None
) -> str:
    """What must match for a stored analysis to be reused: the page's content and
    `rules_digest` (change any rule file, theme or the model and the page is read again)."""
    return f"{content_hash}:{rules_digest(theme_set, rules)}"


def key_content(key: str) -> str:
    """The content hash an analysis key was made for (`analysis_key`).

    >>> key_content("abc123:def456")
    'abc123'
    """
    return key.split(":", 1)[0]


def analyse(
    raw: RawPage, theme_set: themes.ThemeSet, rules: rules_mod.Rules | None = None
) -> Analysis:
    """Split, score, judge, tag and link one captured page with `rules` (None: the packaged
    rules; `rules.load`)."""
    # With the packaged rules, split is called as `split(raw)`: the shared page scorer
    # (../shared/tools/score_pages.py) times the splitter through a one-argument wrapper.
    page = pages.split(raw) if rules is None else pages.split(raw, rules)
    rules = rules or rules_mod.load()
    settings = dataclasses.replace(mood.DEFAULT_SETTINGS, rules=rules)
    article = page.article
    claims = claims_stage.extract(article, rules)
    claim_readings = tuple(
        ClaimReading(c, sentiment.score(c.text), themes.tag(c.text, theme_set)) for c in claims
    )
    # Rule 0 of mood: what readers repeat of the article is the article's feeling.
    echo_index = mood.EchoIndex(
        [article.headline or "", *article.body, *(c.text for c in claims)], settings
    )
    partial: list[CommentReading] = []
    for comment in page.comments:
        if comment.moderated or not comment.text.strip():
            partial.append(CommentReading(comment, None, None))
            continue
        reading = sentiment.read(comment.text)
        partial.append(
            CommentReading(
                comment,
                reading.sentiment,
                mood.judge(comment.text, reading, settings, echoes=echo_index.spans(reading.text)),
                themes.tag(comment.text, theme_set),
            )
        )
    links = linking.link_all(
        [(r.comment.text, r.mood) for r in partial if r.mood is not None], claims, article, rules
    )
    link_iter = iter(links)
    readings = tuple(
        CommentReading(r.comment, r.vader, r.mood, r.themes, next(link_iter))
        if r.mood is not None
        else r
        for r in partial
    )
    return Analysis(
        page=page,
        speaker=claims_stage.main_speaker(claims, article),
        claims=claim_readings,
        comments=readings,
        body_vader=tuple(sentiment.score(p) for p in article.body),
    )


#: Fewer pages than this a worker are read in this process (starting a worker takes ~1 s).
MIN_PAGES_PER_JOB = 8
#: Pages written to the store at a time (inside the run's one transaction): memory stays
#: that of a chunk, not of the run.
WRITE_CHUNK = 200


def analyse_into(
    st: Store,
    raws: Sequence[RawPage],
    theme_set: themes.ThemeSet,
    rules: rules_mod.Rules | None = None,
    *,
    force: bool = False,
    jobs: int = 1,
    scheduler: str | None = None,
    moved: Mapping[str, str] | None = None,
    progress: Callable[[Iterator[Analysis], int], Iterable[Analysis]] = lambda it, _: it,
    release: bool = False,
    analysed: Mapping[str, Analysis] | None = None,
) -> tuple[int, int]:
    """Analyse `raws` into an open store: pages whose stored key matches are skipped unless
    `force`; everything analysed is saved in one transaction (a failure saves nothing).
    `jobs` > 1 reads pages in that many worker processes; `scheduler` reads them on a Dask
    cluster instead: a scheduler's address ("tcp://host:8786"), or "local" for a local
    cluster of `jobs` workers. `progress(results, total)` wraps the analyses as they come (a
    progress bar). `moved`: stored pages another page now holds (`Store.move`), moved in the
    same transaction. `release`: empty `raws` (a list) once the work is known, and let go of
    each page once it is analysed, so a large run never holds every page's text and every
    stored row at once (the CLI's runs). `analysed`: analyses already made of some of
    `raws` (by page id, with the same theme set and rules), stored as they are rather than
    read again. Returns (analysed, unchanged).

    The CLI's `analyse` and the dashboard's uploads (read within a time budget by
    `analysis.offload`, then handed in through `analysed`) both store through it.
    """
    rules = rules or rules_mod.load()
    known = st.stored_keys()
    keyed = {raw.id: analysis_key(raw.content_hash, theme_set, rules) for raw in raws}
    todo = [raw for raw in raws if force or known.get(raw.id) != keyed[raw.id]]
    moving = {old: new for old, new in (moved or {}).items() if old in known}
    total = len(raws)
    if release and isinstance(raws, list):
        raws.clear()
    if not todo:
        if moving:
            with st.transaction():
                st.move(moving)
        return 0, total
    n_todo = len(todo)
    given = analysed or {}
    ready = [given[raw.id] for raw in todo if raw.id in given]
    if ready:
        todo = [raw for raw in todo if raw.id not in given]
    engine = (
        _on_dask(todo, theme_set, rules, scheduler, jobs)
        if scheduler and todo
        else _analyses(_drain(todo) if release else iter(todo), len(todo), theme_set, rules, jobs)
    )
    with st.transaction(), engine as results:
        chunk: list[tuple[Analysis, str]] = []
        for a in progress(itertools.chain(ready, results), n_todo):
            chunk.append((a, keyed[a.page.id]))
            if len(chunk) >= WRITE_CHUNK:
                st.write(chunk)
                chunk = []
        st.write(chunk)
        st.move(moving)
    return n_todo, total - n_todo


def _drain(todo: list[RawPage]) -> Iterator[RawPage]:
    """The pages of `todo` in order, each let go of (by the list) as it is handed on."""
    todo.reverse()
    while todo:
        yield todo.pop()


#: Pages a worker pool holds at once for each worker (handed out, or analysed and not yet
#: written): enough to keep every worker busy, few enough that memory stays flat.
AHEAD_PER_JOB = 16


@contextlib.contextmanager
def _analyses(
    todo: Iterator[RawPage],
    n_todo: int,
    theme_set: themes.ThemeSet,
    rules: rules_mod.Rules,
    jobs: int,
) -> Iterator[Iterator[Analysis]]:
    """The analyses of `todo` (`n_todo` pages), in order: here, or from `jobs` worker
    processes."""
    # Starting a worker costs about a second: a few pages are read here.
    jobs = 1 if n_todo < MIN_PAGES_PER_JOB * 2 else max(1, min(jobs, n_todo))
    if jobs == 1:
        yield (analyse(raw, theme_set, rules) for raw in todo)
        return
    # forkserver: workers start from a clean process (no threads or open store inherited);
    # each gets the themes and rules once, then pages a few at a time.
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(
        jobs, mp_context=context, initializer=_start_worker, initargs=(theme_set, rules)
    ) as pool:
        try:
            yield _in_order(pool, todo, jobs * AHEAD_PER_JOB)
        except BaseException:
            pool.shutdown(cancel_futures=True)
            raise


def _in_order(pool: ProcessPoolExecutor, todo: Iterator[RawPage], ahead: int) -> Iterator[Analysis]:
    """The pool's analyses of `todo` in order, with at most `ahead` pages handed out and not
    yet taken (`Executor.map` hands out every page at once, and keeps every result until
    it is taken)."""
    waiting: collections.deque[concurrent.futures.Future[Analysis]] = collections.deque()
    for raw in todo:
        waiting.append(pool.submit(_work, raw))
        if len(waiting) >= ahead:
            yield waiting.popleft().result()
    while waiting:
        yield waiting.popleft().result()


@contextlib.contextmanager
def _on_dask(
    todo: Sequence[RawPage],
    theme_set: themes.ThemeSet,
    rules: rules_mod.Rules,
    scheduler: str,
    jobs: int,
) -> Iterator[Iterator[Analysis]]:
    """The analyses of `todo`, in order, from a Dask cluster: the scheduler at `scheduler`,
    or (`scheduler == "local"`) a local cluster of `jobs` worker processes. The same pure
    `analyse` runs on the workers; themes and rules go to each worker once."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:
        raise AnalysisError(
            "the Dask engine needs dask.distributed: pip install 'reader-mood[cluster]'"
        ) from exc
    with contextlib.ExitStack() as stack:
        if scheduler == "local":
            cluster = stack.enter_context(
                LocalCluster(
                    n_workers=max(1, jobs),
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
            )
            client = stack.enter_context(Client(cluster))
        else:
            try:
                client = stack.enter_context(Client(scheduler, timeout=30))
            except OSError as exc:
                raise AnalysisError(f"no Dask scheduler at {scheduler}: {exc}") from exc
        shared = client.scatter([theme_set, rules], broadcast=True)
        futures = client.map(_analyse_shared, todo, theme_set=shared[0], rules=shared[1])
        try:
            yield (future.result() for future in futures)
        finally:
            client.cancel(futures)


def _analyse_shared(raw: RawPage, theme_set: themes.ThemeSet, rules: rules_mod.Rules) -> Analysis:
    return analyse(raw, theme_set, rules)


_WORKER: tuple[themes.ThemeSet, rules_mod.Rules] | None = None


def _start_worker(theme_set: themes.ThemeSet, rules: rules_mod.Rules) -> None:
    global _WORKER
    _WORKER = (theme_set, rules)


def _work(raw: RawPage) -> Analysis:
    assert _WORKER is not None, "worker not started"
    return analyse(raw, *_WORKER)


def _vader(s: Sentiment | None) -> dict[str, float] | None:
    if s is None:
        return None
    return {"neg": s.neg, "neu": s.neu, "pos": s.pos, "compound": s.compound}


def _themes(hits: Iterable[ThemeHit]) -> dict[str, list[str]]:
    return {h.name: list(h.evidence) for h in hits}


def to_json(a: Analysis) -> dict[str, Any]:
    """The `inspect --json` object of DESIGN.md (plus a few extra keys)."""
    page, article = a.page, a.page.article
    claim_text = {c.claim.id: c.claim.text for c in a.claims}
    return {
        "id": page.id,
        "source": page.source,
        "content_hash": page.content_hash,
        "outlet": article.outlet,
        "headline": article.headline,
        "kicker": article.kicker,
        "byline": article.byline,
        "published": article.published.isoformat() if article.published else None,
        "speaker": a.speaker,
        "body": list(article.body),
        "declared_comment_count": page.declared_comment_count,
        "comments": [
            {
                "position": r.comment.position,
                "author": r.comment.author,
                "moderated": r.comment.moderated,
                "posted": r.comment.posted,
                "reply_to": r.comment.reply_to,
                "text": r.comment.text,
                "vader": _vader(r.vader),
                "vader_label": sentiment.label(r.vader.compound) if r.vader else None,
                "mood": r.mood.label if r.mood else None,
                "mood_score": r.mood.score if r.mood else None,
                "mood_reasons": list(r.mood.reasons) if r.mood else [],
                "mood_explanation": [x.record() for x in r.mood.explanation] if r.mood else [],
                "themes": _themes(r.themes),
                "responds_to": [
                    {
                        "claim": link.claim_id,
                        "claim_text": claim_text.get(link.claim_id),
                        "score": round(link.score, 4),
                        "via": link.via,
                        "stance": link.stance,
                    }
                    for link in r.links
                ],
            }
            for r in a.comments
        ],
        "claims": [
            {
                "id": c.claim.id,
                "text": c.claim.text,
                "speaker": c.claim.speaker,
                "kind": c.claim.kind,
                "paragraph": c.claim.paragraph,
                "vader": _vader(c.vader),
                "themes": _themes(c.themes),
            }
            for c in a.claims
        ],
        "warnings": list(page.warnings),
    }
