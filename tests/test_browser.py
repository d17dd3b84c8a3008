"""The dashboard in a real browser: Playwright drives Debian's chromium against
`streamlit run dashboard/app.py` on a free port, over a store made here (the seeds plus
hand-built articles, one with a hostile comment). Screenshots go to tests/screenshots/.

Without /usr/bin/chromium the tests skip loudly; with REQUIRE_BROWSER=1 (CI) they fail.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
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
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    tab = context.new_page()
    tab.dialogs = []
    tab.on("dialog", lambda d: (tab.dialogs.append(d.message), d.dismiss()))
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
    # Row `index` of the mirror table is row `index` of the grid (the header is row 0);
    # the first column is the row's select box.
    page.mouse.click(grid["x"] + 15, grid["y"] + 35 * index + 17)
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
    page.get_by_role(
        "option", name="ambulance-times · Ambulance waits fall for a third month"
    ).click()
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
    assert f"Open {a}" in text and f"Open {b}" in text
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
