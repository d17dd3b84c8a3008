"""Issue 13, hostile and unlucky input: one test (or a few) per failure row of the issue.

Rows, numbered as in the report on the issue (its list, split into single failures):
1 long word after a claim (quadratic `_EMPHASIS_RE`), 2 an export of 20,000-letter words,
3 such an upload through /add (tests/test_hostile_app.py), 4 a user theme pattern that
backtracks, 5-8 and 30 the dashboard's charts over many comments (left to the dashboard's
aggregation work), 9 /dev/zero, 10 a FIFO (and a socket), 11 an SQLite file as the store in
the CLI, 12 in the dashboard (test_hostile_app.py), 13 a truncated store in the CLI, 14 in
the dashboard (test_hostile_app.py), 15 a full disk, 16 JSON-LD nested 100,000 deep,
17 the same in `evaluate`, 18 a 5,000-digit JSON integer, 19 a lone surrogate with
`inspect --json`, 20 a labels file nested 100,000 deep, 21 an export of very many one-word
comments, 22 a long text without spaces, 23 `comment_count` above 2³¹, 24 UTF-32 with a BOM,
25 a failed `analyse` leaving an empty store, 26 and its folder, 27 a newline in a file
name, 28 "limit 21 MB" for 20 MiB, 29 `analyse` with nothing to do on a read-only store.

Every input is made here, never kept as a file. Each test asserts the clean outcome: success,
or exit status 2 with one line on stderr and no traceback. Time is only bounded generously
(`finishes`) so a regression fails instead of hanging; how time grows with input is measured
by `make bench` (benchmarks/hostile.py), not asserted here.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import os
import re
import resource
import shutil
import signal
import socket
import sqlite3
import stat
import subprocess
import sys
import threading
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import cli, linking, matching, pipeline, sources, store, themes
from analysis.cli import main
from analysis.errors import BadThemes, StoreError, UnreadablePage
from tests.conftest import ROOT, SEEDS

T = TypeVar("T")

#: A page with one claim (so comments are linked to it) and two bullet comments.
PAGE = (
    "Pool to close\n\nBy Jane Doe\n\n"
    "Council leader Ann Lee said: ‘We will shut the pool this summer because the penance is "
    "over.’\n\nReaders' comments (2)\n\n  • {comment}\n\n  • Fair enough, the pool was old.\n"
)
#: Generous: a hang or the old quadratic time fails; how time grows is `make bench`'s job.
HANG_S = 60


def finishes(fn: Callable[[], T], seconds: float = HANG_S) -> T:
    """`fn()`, failing the test (rather than hanging it) when it has not returned in time."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # handed to the test below
            box["error"] = exc

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), f"still running after {seconds} s"
    if "error" in box:
        raise box["error"]
    return box["value"]  # type: ignore[no-any-return]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_line_exit_2(code: int, err: str) -> str:
    """Assert the contract for bad input; the line, for checking what it says."""
    assert code == 2, (code, err)
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert err.startswith("reader-mood: error: ") and "Traceback" not in err
    return err.strip()


def page_file(tmp_path: Path, comment: str, name: str = "page.txt") -> Path:
    path = tmp_path / name
    path.write_text(PAGE.format(comment=comment), encoding="utf-8")
    return path


def inspect_json(capsys: pytest.CaptureFixture[str], path: Path) -> dict[str, Any]:
    code, out, err = finishes(lambda: run(capsys, "inspect", str(path), "--json"))
    assert code == 0, err
    data: dict[str, Any] = json.loads(out)
    return data


def evil_themes(tmp_path: Path, pattern: str = "(a|aa)+$") -> Path:
    path = tmp_path / "evil.toml"
    path.write_text(f"[themes.evil]\npatterns = ['{pattern}']\n", encoding="utf-8")
    return path


# -- 1, 2: the quadratic emphasis regex ------------------------------------------------------------


@pytest.mark.parametrize("unit", ["a", "A", "a-", "a'", "a’"])
def test_row01_a_100000_letter_word_after_a_claim_is_read(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, unit: str
) -> None:
    word = (unit * 100_000)[:100_000]
    data = inspect_json(capsys, page_file(tmp_path, word))  # was 75 s for "a" * 100,000
    assert data["claims"], "the page must have a claim, or linking never runs"
    assert data["comments"][0]["text"] == word


_OLD_EMPHASIS = re.compile(r"([A-Za-z][A-Za-z'’-]+)\s*[?!]")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab'’-A ?!.\n1", max_size=40))
def test_row01_the_linear_emphasis_regex_finds_what_the_old_one_did(text: str) -> None:
    old = [m.group(1) for m in _OLD_EMPHASIS.finditer(text)]
    new = [m.group(1).lstrip("'’-") for m in linking._EMPHASIS_RE.finditer(text)]
    assert old == [w for w in new if len(w) >= 2]


def test_row02_an_export_of_20000_letter_words_is_read(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # The report's export held 476 such words (9.5 MB); 40 of them show the same cost per word.
    words = [chr(ord("a") + n % 26) * 20_000 + "?" for n in range(40)]
    page = tmp_path / "long-words.json"
    page.write_text(
        json.dumps({"headline": "Pool to close", "comments": [{"text": w} for w in words]}),
        encoding="utf-8",
    )
    data = inspect_json(capsys, page)
    assert [c["text"] for c in data["comments"]] == words
    # The same words under an article with a claim, where linking runs.
    html = tmp_path / "long-words.html"
    items = "".join(
        f"<li><b>Reader {n}</b> <time>{n + 1} hours ago</time><p>Look at this: {w} Odd.</p></li>"
        for n, w in enumerate(words[:20])
    )
    html.write_text(
        "<html><body><h1>Pool to close</h1><p>Council leader Ann Lee said: “We will shut the "
        f"pool this summer.”</p><h2>Comments</h2><ul>{items}</ul></body></html>",
        encoding="utf-8",
    )
    assert [c["text"] for c in inspect_json(capsys, html)["comments"]] == [
        f"Look at this: {w} Odd." for w in words[:20]
    ]


# -- 4: a user's theme pattern that backtracks -----------------------------------------------------


def test_row04_nested_repeat_from_the_report_runs_quickly(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    theme_set = themes.load(evil_themes(tmp_path, "(a+)+$"))
    # `re` took 14 s on these 28 characters; the guarded engine answers at once, or refuses.
    assert finishes(lambda: themes.tag("a" * 28 + "!", theme_set), 10) == ()
    hits = themes.tag("a calm aaa", theme_set)
    assert ("evil", ("aaa",)) in [(h.name, h.evidence) for h in hits]


def test_row04_a_pattern_over_its_budget_is_one_line_naming_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    page = page_file(tmp_path, "a" * 40 + "!")
    code, _, err = finishes(
        lambda: run(capsys, "inspect", str(page), "--themes", str(evil_themes(tmp_path)))
    )
    line = one_line_exit_2(code, err)
    assert "(a|aa)+$" in line and "time budget" in line


def test_row04_shipped_themes_are_not_guarded_and_user_words_stay_plain(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(
        "[themes.pools]\nwords = ['pool*']\npatterns = ['shut\\s+the\\s+pool']\n", encoding="utf-8"
    )
    theme_set = themes.load(path)
    hits = {h.name: h.evidence for h in themes.tag("They shut the pool. Pools matter.", theme_set)}
    assert hits["pools"] == ("shut the pool", "Pools")
    guarded = [
        g for g in theme_set.index.always if isinstance(g.regex, matching._GuardedPattern)
    ] + [
        g
        for _, (_, _, groups, _) in theme_set.index.automaton.items()
        for g in groups
        if isinstance(g.regex, matching._GuardedPattern)
    ]
    assert {g.regex.shown for g in guarded} == {"shut\\s+the\\s+pool"}


# -- 9, 10: devices, FIFOs, sockets ----------------------------------------------------------------


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
@pytest.mark.parametrize("command", ["inspect", "analyse", "evaluate", "themes"])
def test_row09_dev_zero_is_refused_as_a_device(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str
) -> None:
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    argv = {
        "inspect": ["inspect", str(link), "--json"],
        "analyse": ["analyse", str(link), "--db", str(tmp_path / "s.duckdb")],
        "evaluate": ["evaluate", "/dev/zero", "--pages", str(SEEDS)],
        "themes": ["inspect", str(SEEDS / "000_72a48411cc834e39.txt"), "--themes", "/dev/zero"],
    }[command]
    code, _, err = finishes(lambda: run(capsys, *argv), 20)  # was a MemoryError at 5.3 GB
    assert "a device" in one_line_exit_2(code, err)
    assert not (tmp_path / "s.duckdb").exists()


def test_row10_a_fifo_is_refused_without_waiting_for_a_writer(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    code, _, err = finishes(lambda: run(capsys, "inspect", str(fifo)), 20)  # hung before
    assert "FIFO" in one_line_exit_2(code, err)
    code, _, err = finishes(lambda: run(capsys, "evaluate", str(fifo), "--pages", str(SEEDS)), 20)
    assert "FIFO" in one_line_exit_2(code, err)


def test_row10_a_fifo_in_a_folder_is_passed_over(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    os.mkfifo(folder / "pipe.txt")
    page_file(folder, "Shut the pool? Penance!")
    db = tmp_path / "s.duckdb"
    code, out, err = finishes(lambda: run(capsys, "analyse", str(folder), "--db", str(db)), 60)
    assert code == 0 and "analysed 1 page" in out, err


def test_row10_a_socket_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "s.txt"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        server.bind(str(path))
        code, _, err = finishes(lambda: run(capsys, "inspect", str(path)), 20)
    finally:
        server.close()
    assert "a socket" in one_line_exit_2(code, err)


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="no /proc here")
def test_row09_a_file_holding_more_than_it_claims_is_read_only_up_to_the_limit() -> None:
    # /proc files are regular files that claim 0 bytes: the read itself is bounded.
    status = Path("/proc/self/status")
    assert status.stat().st_size == 0
    with pytest.raises(UnreadablePage, match="more than"):
        sources.read_limited(status, 100)
    assert sources.read_limited(status, 1_000_000)


# -- 11, 13, 15: stores that are not DuckDB, damaged, or cannot be written -------------------------


def _sqlite(path: Path) -> Path:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE pages (id TEXT)")
    con.commit()
    con.close()
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("command", ["analyse", "export-labels"])
def test_row11_an_sqlite_store_is_one_line_and_never_touched(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str
) -> None:
    db = _sqlite(tmp_path / "store.duckdb")
    before = _digest(db)
    argv = [command, *([str(SEEDS)] if command == "analyse" else []), "--db", str(db)]
    code, _, err = finishes(lambda: run(capsys, *argv), 30)
    line = one_line_exit_2(code, err)
    assert "SQLite" in line and "xtension" not in line
    assert _digest(db) == before
    assert not Path(str(db) + ".wal").exists()


def test_row11_no_connection_may_load_or_install_an_extension(tmp_path: Path) -> None:
    for path, read_only in ((":memory:", False), (tmp_path / "s.duckdb", False)):
        with store.open_store(path, read_only=read_only) as st_:
            settings_now = dict(
                st_.con.execute(
                    "SELECT name, value FROM duckdb_settings() WHERE name IN "
                    "('autoload_known_extensions', 'autoinstall_known_extensions')"
                ).fetchall()
            )
        assert settings_now == {
            "autoload_known_extensions": "false",
            "autoinstall_known_extensions": "false",
        }


def _seeded_copy(seeded_db: Path, tmp_path: Path) -> Path:
    db = tmp_path / "store.duckdb"
    shutil.copy(seeded_db, db)
    return db


@pytest.mark.parametrize("keep", [0.5, 100, 0])
@pytest.mark.parametrize("command", ["analyse", "export-labels"])
def test_row13_a_truncated_store_is_one_line(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    seeded_db: Path,
    keep: float,
    command: str,
) -> None:
    db = _seeded_copy(seeded_db, tmp_path)
    size = db.stat().st_size
    with db.open("r+b") as handle:
        handle.truncate(int(size * keep) if keep < 1 else int(keep))
    argv = [command, *([str(SEEDS), "--force"] if command == "analyse" else []), "--db", str(db)]
    code, _, err = finishes(lambda: run(capsys, *argv), 60)  # exit 1 and a traceback before
    assert "store" in one_line_exit_2(code, err)


def test_row13_a_store_cut_anywhere_is_read_or_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, seeded_db: Path
) -> None:
    size = seeded_db.stat().st_size
    for cut in sorted({1, 8, 12, 4096, 8192, 12_288, *range(0, size, max(size // 12, 1))}):
        db = tmp_path / f"cut-{cut}.duckdb"
        shutil.copy(seeded_db, db)
        with db.open("r+b") as handle:
            handle.truncate(cut)
        code, out, err = run(capsys, "export-labels", "--db", str(db))
        if code == 0:  # only free space was cut off: the store is whole
            assert json.loads(out)["articles"] == {} and not err
        else:
            one_line_exit_2(code, err)


def test_row13_garbled_blocks_are_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, seeded_db: Path
) -> None:
    db = _seeded_copy(seeded_db, tmp_path)
    size = db.stat().st_size
    with db.open("r+b") as handle:
        handle.seek(size // 3)
        handle.write(bytes(range(256)) * ((size // 3) // 256))
    code, _, err = run(capsys, "export-labels", "--db", str(db))
    assert "store" in one_line_exit_2(code, err)


def _limited_run(argv: list[str], file_size_limit: int) -> subprocess.CompletedProcess[str]:
    """The CLI in a process that may not write files beyond `file_size_limit` bytes, as on a
    full disk (EFBIG instead of ENOSPC: the same failed write, no root needed)."""

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (file_size_limit, file_size_limit))

    return subprocess.run(
        [sys.executable, "-m", "analysis", *argv],
        capture_output=True, text=True, cwd=ROOT, preexec_fn=limit, timeout=120,
    )  # fmt: skip


@pytest.mark.skipif(not hasattr(resource, "RLIMIT_FSIZE"), reason="no file size limit here")
def test_row15_a_full_disk_is_one_line_and_leaves_nothing_new(tmp_path: Path) -> None:
    db = tmp_path / "new" / "store.duckdb"
    done = _limited_run(["analyse", str(SEEDS), "--db", str(db), "--quiet"], 20_000)
    line = one_line_exit_2(done.returncode, done.stderr)
    assert "could not write the store" in line
    assert not db.exists() and not db.parent.exists()


@pytest.mark.skipif(not hasattr(resource, "RLIMIT_FSIZE"), reason="no file size limit here")
def test_row15_a_full_disk_keeps_what_an_existing_store_had(tmp_path: Path) -> None:
    db = tmp_path / "store.duckdb"
    first = SEEDS / "000_72a48411cc834e39.txt"
    assert main(["analyse", str(first), "--db", str(db), "--quiet"]) == 0
    with store.open_store(db, read_only=True) as st_:
        before = st_.stored_keys()
    done = _limited_run(["analyse", str(SEEDS), "--db", str(db), "--quiet"], 20_000)
    assert "could not write the store" in one_line_exit_2(done.returncode, done.stderr)
    with store.open_store(db, read_only=True) as st_:
        assert st_.stored_keys() == before


def test_row15_a_failed_rollback_after_a_failed_commit_is_one_error(tmp_path: Path) -> None:
    class FailingCommit:
        def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
            self.con = con

        def execute(self, sql: str, *args: Any) -> Any:
            if sql in ("COMMIT", "ROLLBACK"):
                raise duckdb.IOException(f"{sql}: No space left on device\n\nmore context")
            return self.con.execute(sql, *args)

        def __getattr__(self, name: str) -> Any:  # register, unregister: the real ones
            return getattr(self.con, name)

    theme_set = themes.load()
    raw = sources.read_path(SEEDS / "000_72a48411cc834e39.txt")
    with store.open_store(tmp_path / "s.duckdb") as st_:
        st_.con = FailingCommit(st_.con)  # type: ignore[assignment]
        with pytest.raises(StoreError) as info:
            st_.save([(pipeline.analyse(raw, theme_set), "k")])
    assert str(info.value) == "could not write the store: COMMIT: No space left on device"


# -- 16-20: JSON nesting, long numbers, lone surrogates --------------------------------------------


def _json_ld_page(tmp_path: Path, block: str) -> Path:
    path = tmp_path / "ld.html"
    path.write_text(
        "<html><head><title>T</title>"
        f'<script type="application/ld+json">{block}</script></head><body>'
        "<h1>Pool to close</h1><p>Council leader Ann Lee said: “We will shut the pool.”</p>"
        "</body></html>",
        encoding="utf-8",
    )
    return path


DEEP_OBJECT = '{"a":' * 100_000 + "1" + "}" * 100_000


def test_row16_json_ld_nested_100000_deep_is_skipped(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = inspect_json(capsys, _json_ld_page(tmp_path, DEEP_OBJECT))  # RecursionError before
    assert data["headline"] == "Pool to close"


def test_row17_json_ld_nested_100000_deep_in_evaluate(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    _json_ld_page(pages, "[" * 100_000 + "]" * 100_000)
    labels = tmp_path / "labels.json"
    labels.write_text(json.dumps({"articles": {"ld": {"comments": []}}}), encoding="utf-8")
    code, out, err = finishes(
        lambda: run(capsys, "evaluate", str(labels), "--pages", str(pages), "--json")
    )
    assert code == 0, err
    assert json.loads(out)["pages"]["analysed"] == 1


@pytest.mark.parametrize("where", ["comment_count", "author id", "deep in a record"])
def test_row18_a_5000_digit_json_integer_in_an_export_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, where: str
) -> None:
    number = "9" * 5000
    text = {
        "comment_count": f'{{"comment_count": {number}, "comments": [{{"text": "Yes"}}]}}',
        "author id": f'[{{"text": "Yes", "author": {number}}}]',
        "deep in a record": f'[{{"text": "Yes", "meta": {{"n": [-{number}]}}}}]',
    }[where]
    page = tmp_path / "long-number.json"
    page.write_text(text, encoding="utf-8")
    code, _, err = run(capsys, "inspect", str(page), "--json")
    assert "5,000 digits" in one_line_exit_2(code, err)


def test_row18_a_5000_digit_integer_in_json_ld_or_labels(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    number = "9" * 5000
    data = inspect_json(capsys, _json_ld_page(tmp_path, f'{{"wordCount": {number}}}'))
    assert data["headline"] == "Pool to close"
    labels = tmp_path / "labels.json"
    labels.write_text(f'{{"articles": {{}}, "n": {number}}}', encoding="utf-8")
    code, _, err = run(capsys, "evaluate", str(labels), "--pages", str(SEEDS))
    assert "5,000 digits" in one_line_exit_2(code, err)


@pytest.mark.parametrize("surrogate", ["\\udc80", "\\ud800", "\\udfff"])
def test_row19_a_lone_surrogate_prints_with_inspect_json(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, surrogate: str
) -> None:
    page = tmp_path / "surrogate.json"
    page.write_text(
        f'{{"headline": "Pool {surrogate}", "comments": [{{"text": "caf{surrogate} ok", '
        f'"author": "Bo{surrogate}"}}]}}',
        encoding="utf-8",
    )
    data = inspect_json(capsys, page)  # UnicodeEncodeError before
    comment = data["comments"][0]
    assert comment["text"] == "caf\ufffd ok" and comment["author"] == "Bo\ufffd"
    assert data["headline"] == "Pool \ufffd"
    db = tmp_path / "s.duckdb"
    assert run(capsys, "analyse", str(page), "--db", str(db), "--quiet")[0] == 0


def test_row19_a_real_process_prints_it_under_any_terminal_encoding(tmp_path: Path) -> None:
    page = tmp_path / "surrogate.json"
    page.write_text('[{"text": "caf\\udc80 \\u2019ok\\u2019"}]', encoding="utf-8")
    for encoding in ("utf-8", "ascii"):
        done = subprocess.run(
            [sys.executable, "-m", "analysis", "inspect", str(page), "--json"],
            capture_output=True, cwd=ROOT, timeout=120,
            env={**os.environ, "PYTHONIOENCODING": encoding},
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert b"Traceback" not in done.stderr


@pytest.mark.skipif(sys.platform != "linux", reason="file names are bytes on Linux only")
def test_row19_a_file_name_in_another_encoding(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    raw_name = os.fsencode(tmp_path) + b"/caf\xe9.txt"
    with open(raw_name, "wb") as handle:
        handle.write(PAGE.format(comment="Shut the pool? Penance!").encode())
    name = os.fsdecode(raw_name)  # a lone surrogate stands for the byte 0xE9
    data = inspect_json(capsys, Path(name))
    assert data["id"] == "caf\ufffd"
    code, _, err = run(capsys, "inspect", name + "-missing")
    assert "\\udce9" in one_line_exit_2(code, err)


def test_row20_labels_nested_100000_deep_are_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    labels = tmp_path / "labels.json"
    labels.write_text('{"articles": ' + DEEP_OBJECT + "}", encoding="utf-8")
    code, _, err = run(capsys, "evaluate", str(labels), "--pages", str(SEEDS))
    line = one_line_exit_2(code, err)
    assert "labels" in line and "nested too deeply" in line


# -- 21, 22: blow-ups under the size limit ---------------------------------------------------------


class _Discard(io.TextIOBase):
    def write(self, text: str) -> int:
        return len(text)


def _peak_bytes(fn: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_row21_many_one_word_comments_take_memory_per_comment_not_per_page(
    tmp_path: Path,
) -> None:
    # The report's export: 1,000,000 one-word comments, 4.4 GB in `inspect` (about 4.4 kB a
    # comment, half of it the JSON text built whole). 10,000 show the cost a comment.
    n = 10_000
    data = json.dumps([{"text": "yes"} for _ in range(n)]).encode()
    theme_set = themes.load()

    def inspect() -> None:
        raw = sources.read_bytes(data, page_id="many", source="many.json")
        cli.write_json(pipeline.analyse(raw, theme_set), _Discard())

    per_comment = _peak_bytes(inspect) / n
    assert per_comment < 2_000, f"{per_comment:.0f} bytes a comment"


def test_row21_streamed_json_is_the_json_of_the_contract(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "_JSON_CHUNK", 3)
    page = tmp_path / "export.json"
    page.write_text(
        json.dumps({"headline": "Pool", "comments": [{"text": f"Yes {n}"} for n in range(8)]})
    )
    code, out, _ = run(capsys, "inspect", str(page), "--json")
    analysis = pipeline.analyse(sources.read_path(page), themes.load())
    assert code == 0
    assert out == json.dumps(pipeline.to_json(analysis), indent=2, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("unit", ["a", "Ab,c.d!e?f'g\"h-i;", "!?"])
def test_row22_text_without_spaces_takes_memory_in_proportion(tmp_path: Path, unit: str) -> None:
    # The report's 19 MB without spaces took 10 min and 3.7 GB (about 195 bytes a byte).
    body = (unit * (1_000_000 // len(unit) + 1))[:1_000_000]
    data = PAGE.format(comment=body).encode()
    theme_set = themes.load()

    def inspect() -> None:
        raw = sources.read_bytes(data, page_id="nospace", source="nospace.txt")
        cli.write_json(pipeline.analyse(raw, theme_set), _Discard())

    per_byte = finishes(lambda: _peak_bytes(inspect)) / len(data)
    assert per_byte < 100, f"{per_byte:.0f} bytes of memory a byte of input"


# -- 23, 24: counts and encodings ------------------------------------------------------------------


@pytest.mark.parametrize("count", [2**31, 2**63, -5, "99999999999999999999"])
def test_row23_a_declared_count_no_page_could_have_is_dropped_with_a_warning(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, count: int | str
) -> None:
    page = tmp_path / "count.json"
    page.write_text(json.dumps({"comment_count": count, "comments": [{"text": "Yes"}]}))
    db = tmp_path / "s.duckdb"
    code, _, err = run(capsys, "analyse", str(page), "--db", str(db), "--quiet")
    assert code == 0, err  # a 4-line error blaming the store before
    with store.open_store(db, read_only=True) as st_:
        assert st_.frame("pages")["declared_comment_count"].tolist() == [1]
    text_count = isinstance(count, str)  # a count written as text of over 12 digits
    data = inspect_json(capsys, page)
    assert data["declared_comment_count"] == 1
    if not text_count:
        assert any("not a count of comments" in w for w in data["warnings"])


def test_row23_the_store_never_overflows_its_integer_columns(tmp_path: Path) -> None:
    raw = sources.read_path(SEEDS / "000_72a48411cc834e39.txt")
    analysis = pipeline.analyse(raw, themes.load())
    huge = dataclasses.replace(analysis.page, declared_comment_count=2**40)
    with store.open_store(tmp_path / "s.duckdb") as st_:
        st_.save([(dataclasses.replace(analysis, page=huge), "k")])
        assert st_.frame("pages")["declared_comment_count"].isna().all()


@pytest.mark.parametrize("codec", ["utf-32", "utf-32-le", "utf-32-be"])
def test_row24_utf32_with_a_bom_reads_right(tmp_path: Path, codec: str) -> None:
    text = "Pool to close\n\nAnn Lee said: ‘We will shut it.’ Café €5\n"
    data = text.encode(codec)
    if codec != "utf-32":
        data = ("\ufeff").encode(codec) + data  # the BOM, written out for one byte order
    path = tmp_path / "wide.txt"
    path.write_bytes(data)
    raw = sources.read_path(path)
    assert raw.text == text and raw.encoding == "utf-32"


def test_row24_broken_utf32_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "broken.txt"
    path.write_bytes(b"\xff\xfe\x00\x00" + b"\x00\x00\x11\x00" * 4)  # beyond U+10FFFF
    code, _, err = run(capsys, "inspect", str(path))
    assert "UTF-32" in one_line_exit_2(code, err)


# -- 25, 26: nothing left behind by a failed run ---------------------------------------------------


def test_row25_row26_a_failed_analyse_leaves_no_store_and_no_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # The analysis fails after the store is opened: a user pattern runs over its budget.
    page = page_file(tmp_path, "a" * 40 + "!")
    db = tmp_path / "new" / "deeper" / "store.duckdb"
    argv = ["analyse", str(page), "--db", str(db), "--themes", str(evil_themes(tmp_path))]
    code, _, err = finishes(lambda: run(capsys, *argv))
    one_line_exit_2(code, err)
    assert not (tmp_path / "new").exists()


def test_row25_an_interrupted_analyse_leaves_no_new_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "analyse", interrupted)
    db = tmp_path / "new" / "store.duckdb"
    assert main(["analyse", str(SEEDS), "--db", str(db), "--quiet"]) == 130
    assert not (tmp_path / "new").exists()


def test_row25_a_failed_run_on_an_existing_store_keeps_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = tmp_path / "store.duckdb"
    assert main(["analyse", str(SEEDS), "--db", str(db), "--quiet"]) == 0
    page = page_file(tmp_path, "a" * 40 + "!")
    argv = ["analyse", str(page), "--db", str(db), "--themes", str(evil_themes(tmp_path))]
    one_line_exit_2(*run(capsys, *argv)[::2])
    assert db.exists()
    with store.open_store(db, read_only=True) as st_:
        assert len(st_.page_ids()) == len(list(SEEDS.iterdir()))


# -- 27, 28: the one line itself -------------------------------------------------------------------


@pytest.mark.parametrize("name", ["bad\nname.txt", "tab\there.txt", "bell\x07.txt", "cr\r.txt"])
def test_row27_a_control_character_in_a_file_name_stays_on_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str
) -> None:
    path = tmp_path / name
    path.write_bytes(b"")
    code, _, err = run(capsys, "inspect", str(path))
    line = one_line_exit_2(code, err)
    assert repr(name)[1:-1] in line and "empty file" in line


def test_row27_every_unexpected_error_is_one_line_too(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    seed = str(SEEDS / "000_72a48411cc834e39.txt")
    for error in (
        MemoryError(),
        RecursionError(),
        RuntimeError("boom\nsecond line"),
        OSError(28, "No space left on device"),
    ):

        def fail(*_: object, error: BaseException = error) -> None:
            raise error

        monkeypatch.setattr(pipeline, "analyse", fail)
        line = one_line_exit_2(*run(capsys, "inspect", seed)[::2])
        assert "second line" not in line


def test_row28_sizes_are_in_mib(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert sources.MAX_BYTES == 20 * 1024 * 1024
    path = tmp_path / "big.txt"
    with path.open("wb") as handle:
        handle.truncate(22_020_096)  # 21 MiB
    code, _, err = run(capsys, "inspect", str(path))
    assert "21.0 MiB is too large (limit 20 MiB)" in one_line_exit_2(code, err)
    with pytest.raises(UnreadablePage, match=r"20\.0 MiB is too large \(limit 20 MiB\)"):
        sources.read_bytes(b"a" * (sources.MAX_BYTES + 1), page_id="x", source="x.txt")


# -- 29: nothing to do on a read-only store --------------------------------------------------------


@contextmanager
def _read_only_store(db: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The store as a read-only file: by its mode where that binds (not for root), and by
    refusing to open it for writing as DuckDB would."""
    real = store.open_store
    mode = db.stat().st_mode
    db.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)

    def open_store(path: Any = store.DEFAULT_DB, read_only: bool = False) -> Any:
        if not read_only and Path(path) == db:
            raise StoreError(f"{db}: cannot open the store (Permission denied)")
        return real(path, read_only=read_only)

    monkeypatch.setattr(store, "open_store", open_store)
    try:
        yield
    finally:
        db.chmod(mode)


def test_row29_nothing_to_do_on_a_read_only_store_succeeds(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "store.duckdb"
    assert main(["analyse", str(SEEDS), "--db", str(db), "--quiet"]) == 0
    capsys.readouterr()
    with _read_only_store(db, monkeypatch):
        code, out, err = run(capsys, "analyse", str(SEEDS), "--db", str(db), "--quiet")
        assert code == 0 and out.startswith("nothing to do"), err
        # With something to do, the read-only store is one line.
        page = page_file(tmp_path, "Shut the pool? Penance!")
        code, _, err = run(capsys, "analyse", str(page), "--db", str(db), "--quiet")
        assert "Permission denied" in one_line_exit_2(code, err)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes read-only files")
def test_row29_a_read_only_file_for_real(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = tmp_path / "store.duckdb"
    assert main(["analyse", str(SEEDS), "--db", str(db), "--quiet"]) == 0
    capsys.readouterr()
    db.chmod(0o444)
    tmp_path.chmod(0o555)
    try:
        code, out, err = run(capsys, "analyse", str(SEEDS), "--db", str(db), "--quiet")
        assert code == 0 and out.startswith("nothing to do"), err
    finally:
        tmp_path.chmod(0o755)
        db.chmod(0o644)


# -- found by the audit of every regex and loop over reader text (not rows of the issue) -----------


def test_audit_a_run_of_dots_not_ending_a_sentence_is_linear() -> None:
    # mood's sentence-boundary regex retried a run from each of its dots: 200,000 dots and a
    # letter would have taken minutes.
    from analysis.mood import reading

    text = "." * 200_000 + "x"
    assert finishes(lambda: list(reading._BOUNDARY.finditer(text)), 20) == []


@pytest.mark.parametrize(
    "text",
    [
        "“" * 100_000 + " a'" * 100_000,  # a close walked past every open of the other family
        "‘ " + "dogs' " * 100_000,  # each ambiguous mark looked ahead to the end
        '.")' * 100_000,  # each orphan close looked back for a colon from the start
    ],
    ids=["opens of one family, closes of the other", "ambiguous marks", "orphan closes"],
)
def test_audit_quotes_are_found_in_linear_time(text: str) -> None:
    from analysis.claims import find_quotes

    finishes(lambda: find_quotes(text), 20)  # 20,000 of the first took 17.7 s


def test_audit_a_long_sentence_of_scare_quotes_is_linear() -> None:
    # The scare-quote theme pattern looked to the sentence's end for a "?" after each quote.
    text = "'ab' " * 200_000
    hits = finishes(lambda: themes.tag(text, themes.load()), 30)
    assert hits == () or all(h.name for h in hits)


@pytest.mark.parametrize(
    "page",
    [
        "Pool to close\n\nBy Jane Smith"
        + " " * 300_000
        + "x\n\nAnn Lee said: ‘We will shut it.’\n",
        PAGE.format(comment="Bob" + " " * 300_000 + "| 2 hours ago"),
        "Pool" + " " * 300_000 + "\n\nx " + "\t" * 300_000 + "y\n",
    ],
    ids=["byline", "comment header", "headline and body"],
)
def test_audit_long_runs_of_white_space_are_linear(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, page: str
) -> None:
    # Separators led by "\s+" or "\s*" were retried from every space of a run (a byline
    # followed by 100,000 spaces took 277 s), and every chrome pattern ran over the line.
    path = tmp_path / "spaces.txt"
    path.write_text(page, encoding="utf-8")
    inspect_json(capsys, path)


@pytest.mark.parametrize(
    "text",
    ["Bob says" + " " * 200_000 + "x", "Bob" + " " * 200_000 + "x"],
    ids=["after a speech verb", "inside a name"],
)
def test_audit_comment_meta_patterns_are_linear_in_a_run_of_spaces(text: str) -> None:
    # "says\s*(:)?\s*$" gave the run back one space at a time to the second "\s*", and the
    # name cleaner's "\s+says" was tried from every space of a run: 20,000 spaces took 1.9 s,
    # 200,000 would have taken minutes.
    from analysis import rules
    from analysis.pages import names

    page_rules = rules.load().pages
    assert finishes(lambda: page_rules.meta.says.search(text), 20) is None
    assert finishes(lambda: names.clean(text, page_rules), 20) == text  # nothing to clean
    assert names.clean("Jane Smith   says:", page_rules) == "Jane Smith"  # still cleaned


# -- themes files are bounded too ------------------------------------------------------------------


def test_a_themes_file_that_is_no_regular_file_is_one_line(tmp_path: Path) -> None:
    fifo = tmp_path / "themes.toml"
    os.mkfifo(fifo)
    with pytest.raises(BadThemes, match="FIFO"):
        finishes(lambda: themes.load(fifo), 20)
