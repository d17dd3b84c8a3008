"""A 20,000-comment article in a real browser: Article, Comments and Compare open with no error
and show their parts, since every view asks the store for counts and for one article's rows
rather than reading every comment (analysis/queries.py). The server, browser and tab are
tests/test_browser.py's, over a store of two large invented articles. How fast each view is
on a million comments is `make bench-views`' job, not a test's.
"""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests import dashboard_fixtures as fx
from tests.conftest import save_analyses
from tests.test_browser import _body, _settle, _shot, _wait_count, browser, page, server

__all__ = ["browser", "page", "server"]  # fixtures this module uses from test_browser

pytestmark = [pytest.mark.browser, pytest.mark.slow]

BIG, OTHER = 20_000, 5_000
#: Comment texts cycled through (invented, short and long, every mood).
SAYINGS = (
    ("The waiting list at our surgery is longer than ever, nothing has improved.", "negative"),
    ("Good to see some money going to community care at last.", "positive"),
    ("Not sure what to make of this; the detail matters more than the headline.", "neutral"),
    ("We have heard these promises every year since 2015. Words are cheap.", "negative"),
    ("Our practice nurse retired and nobody replaced her, so count me doubtful.", "negative"),
    ("Credit where it is due, the new clinic hours have helped my mum.", "positive"),
)


def _article(page_id: str, headline: str, n: int) -> Any:
    comments = tuple(
        fx.C(
            text,
            mood,  # type: ignore[arg-type]
            author=f"reader{i % 997}",
            themes=(("distrust", ("heard these promises",)),) if "promises" in text else (),
            claim="c1" if i % 3 else None,
            stance="disagree" if mood == "negative" else "agree",
            posted=f"{1 + i % 28} March 2024 {i % 24:02d}:{i % 60:02d}",
        )
        for i, (text, mood) in zip(range(n), itertools.cycle(SAYINGS), strict=False)
    )
    return fx._analysis(
        page_id,
        headline,
        "Care Weekly",
        date(2024, 3, 1),
        "Dana Whitfield",
        ("The minister said GP access would improve by the autumn.",),
        (("c1", "GP access would improve by the autumn", "Dana Whitfield", "reported", 0),),
        comments,
        declared=n,
    )


@pytest.fixture(scope="module")
def browser_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two invented articles of 20,000 and 5,000 comments in one store."""
    path = tmp_path_factory.mktemp("large") / "store.duckdb"
    save_analyses(
        path,
        [
            _article("gp-access", "GP access to improve by autumn, minister says", BIG),
            _article("clinic-hours", "Longer clinic hours promised for winter", OTHER),
        ],
    )
    return path


def test_a_20000_comment_article_opens_in_article_comments_and_compare(
    page: Any, server: str
) -> None:
    page.goto(server + "/article?id=gp-access")
    _settle(page, "How readers took each claim", timeout=60_000)
    _wait_count(page, ".vega-embed svg, .vega-embed canvas", 1)
    body = _body(page)
    assert f"all {BIG:,} declared comments captured".replace(",", "") in body.replace(",", "")
    # Comments answering the claim and the rest, counted in the store (i % 3 != 0: 13,333).
    assert "n=13333" in body and "n=6667" in body
    assert f"n = {BIG:,} comments, counted in bins of mood score" in body
    _shot(page, "large-article")

    page.goto(server + "/comments?id=gp-access&comment=19999")
    _settle(page, "Comment 19999", timeout=60_000)
    body = _body(page)
    assert f"{BIG} of {BIG} comment slots shown" in body.replace(",", "")
    assert "reader58" in body  # comment 19999 is the 19,999th: reader{19998 % 997}
    _shot(page, "large-comments")

    page.goto(server + "/compare?ids=gp-access,clinic-hours")
    _settle(page, "Every comment on the mood scale", timeout=60_000)
    _wait_count(page, ".vega-embed svg, .vega-embed canvas", 2)
    _shot(page, "large-compare")

    for view in ("large-article", "large-comments", "large-compare"):
        assert not page.dialogs, view
    assert page.locator("[data-testid='stException']").count() == 0
    assert not page.elsewhere
