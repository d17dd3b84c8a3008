"""Server-side run time of each dashboard view on the seeds, after warm-up (for `make bench`).

AppTest runs the real script in this process: the time of `at.run()` is the server's share of
a page view (the browser's rendering is not included).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from dashboard import ui

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")


def run_view(page: str | None = None, **params: str) -> AppTest:
    """Run the app, then switch to `page` (views/x.py) with query parameters, as a URL would.

    Shared by the AppTest tests and this benchmark (whose first run is the warm-up)."""
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page is not None:
        at.switch_page(page)
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
    return at


def _timed_run(page: str | None, params: dict[str, str], rounds: int = 5) -> float:
    at = run_view(page, **params)  # warm-up: caches filled
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        at.run()
        best = min(best, time.perf_counter() - start)
    if at.exception:
        raise RuntimeError(f"{page}: {[e.value for e in at.exception]}")
    return best


def time_views(db: Path) -> dict[str, float]:
    """Best-of-5 seconds of each view's script run after warm-up, on the store at `db`."""
    os.environ["READER_MOOD_DB"] = str(db)
    ids = sorted(p.stem for p in (Path(APP).parent.parent / "seeds").glob("*.txt"))
    with_comments = [i for i in ids if i.startswith(("002", "003"))] or ids[:2]
    first = with_comments[0]
    return {
        "overview": _timed_run(None, {}),
        "article": _timed_run(ui.ARTICLE, {"id": first}),
        "comments": _timed_run(ui.COMMENTS, {"id": first, "comment": "1"}),
        "compare": _timed_run(ui.COMPARE, {"ids": ",".join(with_comments[:2])}),
        "search": _timed_run(ui.SEARCH, {"q": "the"}),
        "trends": _timed_run(ui.TRENDS, {}),
    }
