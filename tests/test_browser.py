"""The dashboard in a real browser: Playwright drives Debian's chromium against
`streamlit run dashboard/app.py` on a free port, over a store made here (the seeds plus
hand-built articles, one with a hostile comment). Each test starts from a fresh tab and clicks
its way through, as a person would. Screenshots of every view at 1366×768 and 390×844 go to
tests/screenshots/ (git-ignored); at 390 px every chart must still show its marks.

Without /usr/bin/chromium the tests skip loudly; with REQUIRE_BROWSER=1 (CI) they fail.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from analysis.model import Analysis
from tests import dashboard_fixtures as fx
from tests.conftest import save_analyses

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
SHOTS = ROOT / "tests" / "screenshots"
REQUIRED = os.environ.get("REQUIRE_BROWSER") == "1"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [pytest.mark.browser, pytest.mark.slow]
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


def _skip_or_fail(why: str) -> None:
    message = f"BROWSER TESTS NOT RUN: {why}"
    if REQUIRED:
        pytest.fail(message + " (REQUIRE_BROWSER=1)")
    # Loud: a warning in the summary as well as the skip reason.
    warnings.warn(message, stacklevel=2)
    print(f"\n*** {message} ***", file=sys.stderr)
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def browser_store(
    tmp_path_factory: pytest.TempPathFactory, seed_analyses: dict[str, Analysis]
) -> Path:
    """The seeds and the hand-built articles in one store."""
    path = tmp_path_factory.mktemp("browser") / "store.duckdb"
    fx.build_store(path)
    save_analyses(path, seed_analyses.values())
    return path


@pytest.fixture(scope="module")
def server(browser_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`streamlit run dashboard/app.py` on a free port; yields its base URL."""
    if not CHROMIUM.exists():
        _skip_or_fail(f"{CHROMIUM} is missing (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _skip_or_fail("the playwright package is not installed")
    port = _free_port()
    log = tmp_path_factory.mktemp("server") / "streamlit.log"
    env = {**os.environ, "READER_MOOD_DB": str(browser_store), "PYTHONPATH": str(ROOT)}
    command = [
        sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard" / "app.py"),
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none", "--global.developmentMode", "false",
        "--client.toolbarMode", "viewer",
    ]  # fmt: skip
    with log.open("w") as out:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as reply:
                    if reply.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"streamlit did not come up:\n{log.read_text()[-3000:]}")
            time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[Any]:
    """Headless chromium through Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh tab; records any JavaScript dialog (alert) the page tries to open."""
    context = browser.new_context(viewport=DESKTOP)
    tab = context.new_page()
    tab.dialogs = []
    tab.on("dialog", lambda d: (tab.dialogs.append(d.message), d.dismiss()))
    # Offline by design (bug 9): anything asked of another host is recorded, then refused.
    tab.elsewhere = []
    tab.route(
        lambda url: not url.startswith(("http://127.0.0.1", "data:", "blob:")),
        lambda route: (tab.elsewhere.append(route.request.url), route.abort()),
    )
    yield tab
    context.close()


def _settle(tab: Any, text: str, timeout: float = 30_000) -> None:
    """Wait until `text` shows and the script run has finished (Streamlit marks its state on
    the app root), then a moment for the last elements and charts to paint."""
    tab.get_by_text(text, exact=False).first.wait_for(timeout=timeout)
    tab.wait_for_function(
        "() => document.querySelector('[data-testid=\"stApp\"]')"
        "?.getAttribute('data-test-script-state') === 'notRunning'",
        timeout=timeout,
    )
    tab.wait_for_timeout(500)


def _wait_count(tab: Any, selector: str, at_least: int, timeout: float = 30_000) -> int:
    """Wait until `selector` matches at least `at_least` elements (charts load lazily)."""
    tab.wait_for_function(
        "([s, n]) => document.querySelectorAll(s).length >= n",
        arg=[selector, at_least],
        timeout=timeout,
    )
    return int(tab.locator(selector).count())


def _shot(tab: Any, name: str) -> None:
    """A screenshot of the whole view: Streamlit scrolls inside its main block, so the
    viewport is stretched to the content's height first."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    height = tab.evaluate(
        '() => Math.max(...[...document.querySelectorAll(\'[data-testid="stMain"], '
        '[data-testid="stMainBlockContainer"]\')].map(e => e.scrollHeight))'
    )
    size = tab.viewport_size
    tab.set_viewport_size({"width": size["width"], "height": min(int(height) + 120, 8000)})
    tab.wait_for_timeout(700)
    tab.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    tab.set_viewport_size(size)


def _body(tab: Any) -> str:
    return str(tab.inner_text("[data-testid='stMain']"))


def _seed_id(seed_analyses: dict[str, Analysis], prefix: str) -> str:
    return next(pid for pid in seed_analyses if pid.startswith(prefix))


def _grid_rows(tab: Any) -> list[str]:
    """The overview table's rows as text (the grid draws on a canvas; Streamlit mirrors it in
    an accessible table), header first."""
    rows = tab.locator("[data-testid='stDataFrame']").first.locator("table tr")
    return [rows.nth(i).inner_text() for i in range(rows.count())]


def test_overview_lists_every_article_and_a_row_click_opens_it_and_back(
    page: Any, server: str, seed_analyses: dict[str, Analysis]
) -> None:
    page.goto(server + "/")
    _settle(page, "How readers took each article")
    _settle(page, "Click a row to open its article")
    _wait_count(page, "[data-testid='stDataFrame'] table tr", 2)
    rows = _grid_rows(page)
    # The mirror holds only the columns in view; the headline is the first.
    for analysis in [*seed_analyses.values(), *fx.analyses()]:
        headline = " ".join((analysis.page.article.headline or "").split())
        assert any(headline in " ".join(r.split()) for r in rows), headline
    # No second list of links under the table: its rows are the way in.
    assert page.locator("[data-testid='stMain'] [data-testid='stPageLink']").count() == 0
    _shot(page, "overview")

    index = next(i for i, r in enumerate(rows) if "Minister pledges 5,000 more nurses" in r)
    grid = page.locator("[data-testid='stDataFrame']").first.bounding_box()
    # Row `index` of the mirror table is row `index` of the grid (the header is row 0); the
    # click lands on the headline cell, not the row's small select box (bug 2).
    page.mouse.click(grid["x"] + 120, grid["y"] + 35 * index + 17)
    _settle(page, "How readers took each claim")
    assert "/article" in page.url and "id=nurses-pledge" in page.url
    assert "7 of 9 declared comments captured" in _body(page)
    page.go_back()
    _settle(page, "Click a row to open its article")
    assert "/article" not in page.url


def test_claim_labels_are_readable_on_the_main_chart(page: Any, server: str) -> None:
    page.goto(server + "/article?id=nurses-pledge")
    _settle(page, "How readers took each claim")
    _wait_count(page, ".vega-embed svg, .vega-embed canvas", 1)
    # The main chart's legend line says what the marks mean, in words.
    assert "the claim's own tone" in _body(page)
    assert "n = how many comments" in _body(page)


def test_indented_seed_comment_reads_as_paragraphs_and_verbatim_on_demand(
    page: Any, server: str, seed_analyses: dict[str, Analysis]
) -> None:
    pid, comment = next(
        (pid, r.comment)
        for pid, a in seed_analyses.items()
        for r in a.comments
        if "\n    " in r.comment.text
    )
    page.goto(f"{server}/comments?id={pid}&comment={comment.position}")
    _settle(page, f"Comment {comment.position}")
    _settle(page, "Exactly as captured")
    page.get_by_text("Exactly as captured").click()
    page.wait_for_timeout(500)
    code = page.locator("[data-testid='stMain'] [data-testid='stCode'] code").first
    assert code.inner_text() == comment.text
    _shot(page, "comment-indented")


def test_article_by_url_shows_claims_chart_and_coverage(page: Any, server: str) -> None:
    page.goto(server + "/article?id=nurses-pledge")
    _settle(page, "Minister pledges 5,000 more nurses")
    text = _body(page)
    assert "WORKFORCE" in text  # the kicker
    assert "7 of 9 comments captured" in text  # the page's own coverage warning
    assert "Dana Whitfield" in text
    # Vega renders the main chart, the strip and the themes.
    assert _wait_count(page, ".vega-embed", 3) >= 3
    _shot(page, "article")


def test_picking_another_article_is_a_history_entry(page: Any, server: str) -> None:
    page.goto(server + "/article?id=nurses-pledge")
    _settle(page, "Minister pledges 5,000 more nurses")
    page.get_by_test_id("stSelectbox").first.click()
    page.get_by_role("option", name="Ambulance waits fall for a third month").click()
    _settle(page, "Ambulance waits fall for a third month")
    assert "id=ambulance-times" in page.url
    page.go_back()
    _settle(page, "Minister pledges 5,000 more nurses")
    assert "id=nurses-pledge" in page.url
    assert "Minister pledges 5,000 more nurses" in _body(page)


def test_hostile_comment_and_headline_stay_literal_and_inert(page: Any, server: str) -> None:
    page.goto(server + "/comments?id=nurses-pledge&comment=4")
    _settle(page, "Comment 4")
    text = _body(page)
    assert fx.HOSTILE_TEXT in text
    assert fx.HOSTILE_AUTHOR in text
    main = page.locator("[data-testid='stMain']")
    assert main.locator("img[src='x'], img[src*='127.0.0.1']").count() == 0
    assert page.locator("img[src='x'], img[src*='127.0.0.1']").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    assert main.locator(".katex, .katex-display, math").count() == 0
    for tag in ("strong", "b", "i", "em"):
        assert main.locator(tag, has_text="bold").count() == 0
        assert main.locator(tag, has_text="Mallory").count() == 0
        assert main.locator(tag, has_text="Ann").count() == 0
    _shot(page, "comment-hostile")
    assert page.dialogs == []

    page.goto(server + "/article?id=pharmacy-cuts")
    _settle(page, "Pharma Today")
    assert fx.HOSTILE_HEADLINE in _body(page)
    main = page.locator("[data-testid='stMain']")
    assert main.locator(".katex").count() == 0
    assert main.locator("strong, i, em", has_text="new").count() == 0
    assert main.locator("i", has_text="wards").count() == 0
    assert page.dialogs == []


def test_comment_of_a_seed_by_url(
    page: Any, server: str, seed_analyses: dict[str, Analysis]
) -> None:
    pid = _seed_id(seed_analyses, "002_")
    page.goto(f"{server}/comments?id={pid}&comment=1")
    _settle(page, "Comments")
    text = _body(page)
    first = seed_analyses[pid].comments[0].comment
    assert first.text, "seed 002 opens with a reader comment"
    _settle(page, "Comment 1")
    assert " ".join(first.text.split()[:6]) in " ".join(_body(page).split())
    assert "No reader comments were captured on this page." not in text
    _shot(page, "comment-seed-002")


def test_compare_two_seeds_by_url(
    page: Any, server: str, seed_analyses: dict[str, Analysis]
) -> None:
    a, b = _seed_id(seed_analyses, "002_"), _seed_id(seed_analyses, "003_")
    page.goto(f"{server}/compare?ids={a},{b}")
    _settle(page, "Compare articles")
    _settle(page, "Headline figures")
    text = _body(page)
    assert text.count("Open “") == 2 and a not in text and b not in text
    assert "Pick at least two" not in text
    _shot(page, "compare-002-003")


def test_compare_hand_built_articles_draws_shared_charts(page: Any, server: str) -> None:
    page.goto(f"{server}/compare?ids=nurses-pledge,ambulance-times,pharmacy-cuts")
    _settle(page, "Claims against reader mood")
    assert _wait_count(page, ".vega-embed", 5) >= 5
    _shot(page, "compare-hand-built")


UPLOAD = """<html><head><title>Dental contract reform delayed again</title></head><body>
<h1>Dental contract reform delayed again</h1>
<p>The health secretary Sam Patel said: "We will publish the new contract this autumn."</p>
<p>Dentists said they had heard the promise before.</p>
</body></html>
"""


def test_upload_a_page_then_a_bad_file(page: Any, server: str, tmp_path: Path) -> None:
    good = tmp_path / "dental-reform.html"
    good.write_text(UPLOAD, encoding="utf-8")
    page.goto(server + "/add")
    _settle(page, "Add an article")
    page.locator("input[type='file']").set_input_files(str(good))
    page.get_by_role("button", name="Analyse the file").click()
    _settle(page, "Added dental-reform")
    _shot(page, "upload-done")
    page.get_by_text("Open the article").click()
    _settle(page, "How readers took each claim")
    assert "id=dental-reform" in page.url

    bad = tmp_path / "broken.txt"
    bad.write_bytes(b"\x00\x01\x02binary\x00" * 50)
    page.goto(server + "/add")
    _settle(page, "Add an article")
    page.locator("input[type='file']").set_input_files(str(bad))
    page.get_by_role("button", name="Analyse the file").click()
    _settle(page, "Could not add this page")
    assert "binary" in _body(page)
    _shot(page, "upload-bad")

    page.goto(server + "/")
    _settle(page, "Click a row to open its article")
    _wait_count(page, "[data-testid='stDataFrame'] table tr", 2)
    assert any("Dental contract reform delayed again" in r for r in _grid_rows(page))


# -- the analyst's journeys (issue 14) ---------------------------------------------------------

#: Per chart on screen: its drawn data marks (bars, dots, rules, lines; not text, axes or
#: legends) at least 2 px each way and inside the chart's own box.
_MARKS_JS = """() => [...document.querySelectorAll('[data-testid="stMain"] .vega-embed')].map(e => {
  const svg = e.querySelector('svg');
  if (!svg) return e.querySelector('canvas') ? 1 : 0;
  const box = svg.getBoundingClientRect();
  return [...svg.querySelectorAll('.role-mark > path, .role-mark > line')].filter(m => {
    const r = m.getBoundingClientRect();
    return (r.width >= 2 || r.height >= 2) && r.left >= box.left - 1 && r.right <= box.right + 1;
  }).length;
})"""

#: Every view, with what shows once it has drawn and how many charts it draws.
VIEWS = [
    ("overview", "/", "Click a row to open its article", 3),
    ("article", "/article?id=nurses-pledge", "How readers took each claim", 6),
    ("comments", "/comments?id=nurses-pledge&comment=1", "What each word gave VADER", 1),
    ("compare", "/compare?ids=nurses-pledge,ambulance-times", "Claims against reader mood", 5),
    ("search", "/search?q=pay", "Mood of the comments found", 1),
    ("trends", "/trends", "Most active commenters", 6),
    ("add", "/add", "Add an article", 0),
]


def _open(tab: Any, url: str, text: str, charts: int) -> float:
    """Go to `url` and wait until it has drawn (script finished, `charts` charts on screen);
    returns the seconds that took, as a person waits for it."""
    start = time.monotonic()
    tab.goto(url)
    tab.get_by_text(text, exact=False).first.wait_for(timeout=30_000)
    tab.wait_for_function(
        "() => document.querySelector('[data-testid=\"stApp\"]')"
        "?.getAttribute('data-test-script-state') === 'notRunning'",
        timeout=30_000,
    )
    if charts:
        _wait_count(tab, "[data-testid='stMain'] .vega-embed svg", charts)
    return time.monotonic() - start


def test_every_view_at_desktop_and_phone_width_keeps_its_marks(browser: Any, server: str) -> None:
    timings: dict[str, dict[str, float]] = {}
    for size_name, size in (("desktop", DESKTOP), ("phone", PHONE)):
        context = browser.new_context(viewport=size)
        tab = context.new_page()
        elsewhere: list[str] = []
        tab.route(
            lambda url: not url.startswith(("http://127.0.0.1", "data:", "blob:")),
            lambda route, elsewhere=elsewhere: (
                elsewhere.append(route.request.url),
                route.abort(),
            ),
        )
        for name, path, text, charts in VIEWS:
            # The earlier tests of this module have filled the server's caches.
            seconds = _open(tab, server + path, text, charts)
            timings.setdefault(name, {})[size_name] = round(seconds, 2)
            tab.wait_for_timeout(400)
            marks = tab.evaluate(_MARKS_JS)
            assert len(marks) >= charts, (name, size_name, marks)
            assert all(n > 0 for n in marks), (name, size_name, marks)  # no empty chart
            assert tab.locator("[data-testid='stException']").count() == 0, name
            _shot(tab, f"{size_name}-{name}")
        assert elsewhere == [], elsewhere  # nothing fetched from another host (bug 9)
        context.close()
    SHOTS.mkdir(parents=True, exist_ok=True)
    # Seconds from navigation to the view drawn, in a fresh tab; reported, not asserted.
    (SHOTS / "timings.json").write_text(json.dumps(timings, indent=1), encoding="utf-8")


def _article_id(tab: Any) -> str | None:
    query = urllib.parse.urlparse(tab.url).query
    return urllib.parse.parse_qs(query).get("id", [None])[0]


def _click_row(tab: Any, index: int, x: int = 120, grid: int = 0) -> None:
    """Click a cell (not the row's box) of row `index` (0-based) of the `grid`th table."""
    box = tab.locator("[data-testid='stMain'] [data-testid='stDataFrame']").nth(grid)
    box.scroll_into_view_if_needed()
    tab.wait_for_timeout(300)
    where = box.bounding_box()
    tab.mouse.click(where["x"] + x, where["y"] + 35 * (index + 1) + 17)


def test_journey_overview_article_comments_claim_and_back(
    page: Any, server: str, seed_analyses: dict[str, Analysis]
) -> None:
    pid = _seed_id(seed_analyses, "003_")
    analysis = seed_analyses[pid]
    headline = " ".join((analysis.page.article.headline or "").split())
    # A comment answering a claim, not the first listed (that one is open on arrival).
    linked = next(
        i for i, r in enumerate(analysis.comments) if i and r.links and r.mood is not None
    )
    comment = analysis.comments[linked].comment

    page.goto(server + "/")
    _settle(page, "Click a row to open its article")
    _wait_count(page, "[data-testid='stDataFrame'] table tr", 2)
    index = next(i for i, r in enumerate(_grid_rows(page)) if headline[:30] in " ".join(r.split()))
    _click_row(page, index - 1)  # the mirror's row 0 is the header
    _settle(page, "How readers took each claim")
    assert "/article" in page.url and _article_id(page) == pid

    page.get_by_text("Read every comment").click()
    _settle(page, f"Comment {analysis.comments[0].comment.position}")
    assert "/comments" in page.url and _article_id(page) == pid

    _click_row(page, linked, x=150)  # all slots listed, in position order
    _settle(page, f"Comment {comment.position}")
    page.wait_for_url(f"**comment={comment.position}**")
    assert _article_id(page) == pid

    page.get_by_text("See this claim in the article").click()
    _settle(page, "The claim you followed")
    assert "/article" in page.url and _article_id(page) == pid
    assert f"claim={analysis.comments[linked].links[0].claim_id}" in page.url
    assert headline[:30] in " ".join(_body(page).split())

    page.go_back()
    _settle(page, f"Comment {comment.position}")
    assert "/comments" in page.url and _article_id(page) == pid
    page.go_back()
    _settle(page, "Comments")
    assert "/comments" in page.url and _article_id(page) == pid
    assert "comment=" not in page.url
    assert page.elsewhere == []
    _shot(page, "journey-comments")


def test_search_across_articles_finds_a_comment_and_opens_it(
    page: Any, server: str, seed_analyses: dict[str, Analysis]
) -> None:
    page.goto(server + "/search")
    _settle(page, "Search every comment")
    box = page.get_by_role("textbox", name="Words, an author, a theme or words of a claim")
    box.fill("penance")
    box.press("Enter")
    _settle(page, "Comments found")
    assert "q=penance" in page.url
    rows = page.locator("[data-testid='stDataFrame']").first.locator("table tr")
    # Found in the text or in the words of the claim answered (the marks: AppTest).
    assert any(w in rows.nth(1).inner_text() for w in ("text", "claim"))
    hits = [
        (pid, r.comment.position)
        for pid, a in sorted(seed_analyses.items())
        for r in a.comments
        if r.mood is not None
        and (
            "penance" in r.comment.text.casefold()
            or "penance" in " ".join(t.name for t in r.themes)
            or any(
                "penance" in c.claim.text.casefold()
                for c in a.claims
                if r.links and c.claim.id == r.links[0].claim_id
            )
        )
    ]
    assert hits
    _shot(page, "search-penance")
    _click_row(page, 0, x=200)
    # (the search view also says "Comment…": wait for the move to the comments view first)
    page.wait_for_url("**/comments?**", timeout=30_000)
    _settle(page, "Comment ")
    assert "/comments" in page.url
    assert (_article_id(page), int(page.url.split("comment=")[1].split("&")[0])) == hits[0]


def test_remove_asks_removes_and_the_overview_no_longer_lists_it(page: Any, server: str) -> None:
    # Last in this module: it changes the store the other tests read.
    page.goto(server + "/article?id=quiet-page")
    _settle(page, "Practice opening hours consultation opens")
    page.get_by_text("Remove this article", exact=True).click()
    page.get_by_role("button", name="Remove this article…").click()
    _settle(page, "Yes, remove it")
    assert "cannot be undone" in _body(page)
    _shot(page, "remove-confirm")
    page.get_by_role("button", name="Yes, remove it").click()
    _settle(page, "Removed")
    assert urllib.parse.urlparse(page.url).path == "/"
    _wait_count(page, "[data-testid='stDataFrame'] table tr", 2)
    assert not any("Practice opening hours" in r for r in _grid_rows(page))
    assert any("Minister pledges 5,000 more nurses" in r for r in _grid_rows(page))
