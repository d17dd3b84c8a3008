"""Disqus's XML export: one page a thread, into the same contract as every other capture.

The fixture (tests/fixtures/disqus/) is written for these tests: an export of three threads
(two with posts: replies, a reply to a reply, a reply to a deleted post, a deleted and a spam
post, a script in a message), the saved HTML of one thread's page (canonical link, Disqus's
empty widget) and a browser's text of the other's (title only).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from analysis import attach, disqus, pages, sources, store
from analysis.cli import main
from analysis.errors import UnreadablePage
from tests.conftest import FIXTURES, ROOT, SEEDS
from tests.test_cli import CLAIM_KEYS, COMMENT_KEYS, CONTRACT_KEYS

HERE = FIXTURES / "disqus"
EXPORT = HERE / "valevoice-export.xml"
WARD = "valevoice-export-8800101"
BUS = "valevoice-export-8800102"
_HEAD = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">\n'
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _export(body: str) -> str:
    return _HEAD + body + "\n</disqus>\n"


def _thread(key: str, title: str = "A thread title", link: str | None = None) -> str:
    link = link or f"https://example.org/{key}"
    return f'<thread dsq:id="{key}"><link>{link}</link><title>{title}</title></thread>'


def _post(key: str, thread: str, text: str, name: str, parent: str | None = None) -> str:
    up = f'<parent dsq:id="{parent}"/>' if parent else ""
    return (
        f'<post dsq:id="{key}"><message><![CDATA[<p>{text}</p>]]></message>'
        f"<createdAt>2012-11-06T15:45:00Z</createdAt><isDeleted>false</isDeleted>"
        f"<isSpam>false</isSpam><author><name>{name}</name></author>"
        f'<thread dsq:id="{thread}"/>{up}</post>'
    )


# --- reading ---------------------------------------------------------------------------------


def test_each_thread_with_posts_is_a_page_of_slots_in_page_order() -> None:
    raws = sources.read_path_pages(EXPORT)
    assert [r.id for r in raws] == [WARD, BUS]  # the thread without posts gives nothing
    ward = pages.split(raws[0])
    assert ward.article.headline == "Ward closures at Vale General: board defends the plan"
    assert raws[0].source == "https://valevoice.example/2012/11/ward-closures-at-vale-general/"
    assert str(ward.article.published) == "2012-11-06"
    slots = [(c.position, c.author, c.moderated, c.reply_to) for c in ward.comments]
    assert slots == [
        (1, "Hilda Marsh", False, None),
        (2, "Pete O.", False, "Hilda Marsh"),
        (3, "Angry of Vale", True, None),  # deleted
        (4, "Rosa Quint", False, "Angry of Vale"),  # a reply stays under its deleted parent
        (5, "Best Deals", True, None),  # spam
        (6, "Guest", False, None),
    ]
    assert ward.declared_comment_count == 6
    assert all(c.text == "" for c in ward.comments if c.moderated)
    assert ward.comments[0].posted == "2012-11-06T10:02:00Z"
    bus = pages.split(raws[1])
    assert [(c.author, c.reply_to) for c in bus.comments] == [
        ("Sam Teller", None),
        ("June Abara", "Sam Teller"),
        ("Sam Teller", "June Abara"),
        ("Ivy Dunn", None),
    ]


def test_a_message_reads_as_a_browser_shows_it() -> None:
    ward = pages.split(sources.read_path_pages(EXPORT)[0])
    texts = {c.author: c.text for c in ward.comments}
    assert texts["Hilda Marsh"] == (
        "Closing two wards in winter is madness. Where are the patients supposed to go?\n\n"
        "My mum waited nine hours in the corridor last January & nobody could tell us why."
    )
    assert texts["Pete O."] == (
        'The board "defends" it because the board won\'t be lying on a trolley.'
    )
    assert texts["Rosa Quint"] == (
        "Good riddance to whatever that was.\nBack to the wards: has anyone read the consultation?"
    )
    # Markup is never text, and a script is nothing a reader sees.
    assert texts["Guest"] == "Thank you, staff of ward 7. You were wonderful to my dad."
    assert not any("<" in c.text or "alert" in c.text for c in ward.comments)


def test_one_thread_keeps_the_file_stem_as_its_id(tmp_path: Path) -> None:
    path = tmp_path / "one.xml"
    path.write_text(_export(_thread("7") + _post("1", "7", "Fine by me.", "Ann")))
    raw = sources.read_path(path)
    assert raw.id == "one" and raw.export is not None
    # read_bytes (the dashboard's upload) refuses an export of several pages in one line.
    with pytest.raises(UnreadablePage, match="Disqus export of 2 threads"):
        sources.read_bytes(EXPORT.read_bytes(), page_id="x", source="x.xml")


def test_odd_exports_read_with_warnings_not_failures(tmp_path: Path) -> None:
    body = (
        _thread("7", "Known thread here")
        + _post("1", "7", "Top comment.", "Ann")
        + _post("2", "7", "Answers a removed post.", "Bo", parent="999")
        + _post("3", "404", "My thread is missing.", "Cy")
        + _post("4", "7", "Loop one.", "Di", parent="5")
        + _post("5", "7", "Loop two.", "Ed", parent="4")
    )
    threads = disqus.read(_export(body), "odd.xml")
    known, lost = threads
    assert [(c.author, c.reply_to) for c in known.export.comments] == [
        ("Ann", None),
        ("Bo", None),
        ("Di", None),
        ("Ed", None),
    ]
    assert any("answer a post not in this thread" in w for w in known.warnings)
    assert lost.title is None and lost.link is None
    assert [c.author for c in lost.export.comments] == ["Cy"]
    assert any("thread 404 is not in the Disqus export" in w for w in lost.warnings)


def test_a_large_export_reads_in_linear_time(tmp_path: Path) -> None:
    # 20,000 posts, each answering the one before: a quadratic parent search or a recursive
    # walk would show here.
    posts = [_post("0", "7", "Start.", "P0")]
    posts += [
        _post(str(n), "7", f"Reply {n}.", f"P{n}", parent=str(n - 1)) for n in range(1, 20000)
    ]
    text = _export(_thread("7") + "".join(posts))
    start = time.process_time()
    (thread,) = disqus.read(text, "big.xml")
    assert time.process_time() - start < 10
    assert len(thread.export.comments) == 20000
    assert thread.export.comments[-1].reply_to == "P19998"


# --- hostile exports ---------------------------------------------------------------------------

BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE disqus [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">\n'
        for n in range(1, 10)
    )
    + ']>\n<disqus xmlns="http://disqus.com"><thread><title>&lol9;</title></thread></disqus>\n'
)
EXTERNAL_ENTITY = (
    '<?xml version="1.0"?>\n<!DOCTYPE disqus [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
    '<disqus xmlns="http://disqus.com"><post><message>&secret;</message></post></disqus>\n'
)
HOSTILE = {
    "billion laughs": (BILLION_LAUGHS, "declaring entities"),
    "external entity": (EXTERNAL_ENTITY, "external entity (secret -> file:///etc/passwd)"),
    "not well formed": (_HEAD + "<thread>", "not well-formed XML"),
    "other XML": ('<?xml version="1.0"?><urlset><url/></urlset>', "root is <urlset>"),
    "no posts": (_export(_thread("7")), "without comments"),
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_hostile_export_is_one_line_exit_2_and_the_store_keeps_what_it_had(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, kind: str
) -> None:
    text, expected = HOSTILE[kind]
    bad = tmp_path / "bad.xml"
    bad.write_text(text, encoding="utf-8")
    db = tmp_path / "rm.duckdb"
    assert run(capsys, "analyse", str(EXPORT), "--db", str(db), "--quiet")[0] == 0
    with store.open_store(db, read_only=True) as st:
        before = st.stored_keys()
    start = time.process_time()
    for argv in (
        ("analyse", str(EXPORT), str(bad), "--db", str(db), "--quiet"),
        ("inspect", str(bad), "--json"),
    ):
        code, out, err = run(capsys, *argv)
        assert code == 2 and out == ""
        assert len(err.strip().splitlines()) == 1, err
        assert err.startswith(f"reader-mood: error: {bad}: ") and expected in err, err
    assert time.process_time() - start < 5  # refused before anything is expanded
    with store.open_store(db, read_only=True) as st:
        assert st.stored_keys() == before


def test_a_billion_laughs_saved_as_text_is_refused_too(tmp_path: Path) -> None:
    bad = tmp_path / "comments.txt"
    bad.write_text(BILLION_LAUGHS, encoding="utf-8")
    with pytest.raises(UnreadablePage, match="declaring entities"):
        sources.read_path(bad)


def test_no_traceback_from_a_real_process_on_an_external_entity(tmp_path: Path) -> None:
    bad = tmp_path / "export.xml"
    bad.write_text(EXTERNAL_ENTITY, encoding="utf-8")
    exe = shutil.which("reader-mood") or ""
    argv = [exe] if exe else [sys.executable, "-m", "analysis"]
    done = subprocess.run(
        [*argv, "inspect", str(bad)], capture_output=True, text=True, timeout=120, cwd=ROOT
    )
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "external entity" in done.stderr
    assert "root:" not in done.stderr  # nothing of /etc/passwd


# --- the CLI contract and the store --------------------------------------------------------------


def _contract(data: dict[str, Any]) -> None:
    assert data.keys() >= CONTRACT_KEYS
    for comment in data["comments"]:
        assert comment.keys() >= COMMENT_KEYS
        if comment["moderated"]:
            assert comment["text"] == "" and comment["mood"] is None
        else:
            assert set(comment["vader"]) == {"neg", "neu", "pos", "compound"}
            assert comment["mood"] in ("negative", "neutral", "positive")
    for claim in data["claims"]:
        assert claim.keys() >= CLAIM_KEYS


def test_inspect_json_of_a_thread_keeps_the_text_paths_contract(
    capsys: pytest.CaptureFixture[str],
) -> None:
    seeds = (json.loads(run(capsys, "inspect", str(p), "--json")[1]) for p in SEEDS.iterdir())
    text_path = next(page for page in seeds if page["comments"])
    code, out, err = run(capsys, "inspect", str(EXPORT), "--json", "--page", BUS)
    assert code == 0, err
    data = json.loads(out)
    _contract(data)
    assert data.keys() == text_path.keys()
    assert data["comments"][0].keys() == text_path["comments"][0].keys()
    assert data["id"] == BUS and data["headline"] == "Bus fares to rise by 10p from January"
    assert [c["reply_to"] for c in data["comments"]] == [None, "Sam Teller", "June Abara", None]
    # Several threads and no --page: one line naming them.
    code, _, err = run(capsys, "inspect", str(EXPORT))
    assert code == 2 and err.count("\n") == 1 and f"{WARD}, {BUS}" in err and "--page" in err
    code, _, err = run(capsys, "inspect", str(EXPORT), "--page", "nope")
    assert code == 2 and "no page 'nope'" in err


def test_threads_join_the_captures_of_their_pages_by_link_or_title() -> None:
    files = [EXPORT, HERE / "ward-closures.html", HERE / "bus-fares.txt"]
    raws = attach.attach([r for f in files for r in sources.read_path_pages(f)])
    assert [r.id for r in raws] == ["ward-closures", "bus-fares"]
    ward, bus = (pages.split(r) for r in raws)
    # by link (http://www. and no trailing slash in the page's canonical link)
    assert ward.source.endswith("ward-closures.html")
    assert ward.article.body and "Martin Oakes" in " ".join(ward.article.body)
    assert [c.author for c in ward.comments][:2] == ["Hilda Marsh", "Pete O."]
    assert sum(c.moderated for c in ward.comments) == 2
    assert "no article text found" not in ward.warnings
    assert not any("comments" in w for w in ward.warnings), ward.warnings
    # by title (a text capture has no link)
    assert bus.article.body and len(bus.comments) == 4
    assert bus.comments[2].reply_to == "June Abara"


def test_analyse_stores_each_thread_and_reanalyses_only_what_changed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    shutil.copy(EXPORT, folder / EXPORT.name)
    shutil.copy(HERE / "ward-closures.html", folder)
    db = tmp_path / "rm.duckdb"
    code, out, err = run(capsys, "analyse", str(folder), "--db", str(db), "--quiet")
    assert code == 0, err
    assert "analysed 2 page(s)" in out
    with store.open_store(db, read_only=True) as st:
        assert sorted(st.page_ids()) == [BUS, "ward-closures"]
        comments = st.frame("comments")
    ward = comments[comments.page_id == "ward-closures"].sort_values("position")
    assert list(ward.moderated) == [False, False, True, False, True, False]
    assert list(ward.reply_to.fillna("")) == ["", "Hilda Marsh", "", "Angry of Vale", "", ""]
    assert ward[ward.moderated].mood.isna().all()
    # A later export with one more post in the bus thread: only that thread is analysed again.
    bigger = EXPORT.read_text(encoding="utf-8").replace(
        "</disqus>",
        _post("9900011", "8800102", "Walking it is, then.", "Ola", parent="9900010") + "</disqus>",
    )
    (folder / EXPORT.name).write_text(bigger, encoding="utf-8")
    code, out, err = run(capsys, "analyse", str(folder), "--db", str(db), "--quiet")
    assert code == 0 and "analysed 1 page(s), 1 unchanged" in out, out + err
    with store.open_store(db, read_only=True) as st:
        bus = st.frame("comments")
    bus = bus[bus.page_id == BUS].sort_values("position")
    assert list(bus.author) == ["Sam Teller", "June Abara", "Sam Teller", "Ivy Dunn", "Ola"]
    assert bus.reply_to.iloc[-1] == "Ivy Dunn"


def test_a_thread_joins_its_article_stored_before_and_annotations_follow(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    article = folder / "bus-fares.txt"
    shutil.copy(HERE / "bus-fares.txt", article)
    export = tmp_path / "export.xml"
    shutil.copy(EXPORT, export)
    db = tmp_path / "rm.duckdb"
    # The export alone: its bus thread is a page of its own, and a person reads a comment.
    assert run(capsys, "analyse", str(export), "--db", str(db), "--quiet")[0] == 0
    with store.open_store(db) as st:
        st.annotate(store.Annotation("export-8800102", 3, "negative", ("fares",), "sharp"))
    # Then the article alone: nothing to join in this run.
    assert run(capsys, "analyse", str(folder), "--db", str(db), "--quiet")[0] == 0
    with store.open_store(db, read_only=True) as st:
        assert sorted(st.page_ids()) == ["bus-fares", "export-8800101", "export-8800102"]
    # The editor's later export, with the article stored: the thread joins it.
    grown = EXPORT.read_text(encoding="utf-8").replace(
        "</disqus>", _post("9900012", "8800102", "Still no later bus.", "Ola") + "</disqus>"
    )
    export.write_text(grown, encoding="utf-8")
    code, out, err = run(capsys, "analyse", str(export), "--db", str(db), "--quiet")
    assert code == 0, err
    with store.open_store(db, read_only=True) as st:
        assert sorted(st.page_ids()) == ["bus-fares", "export-8800101"]
        pages_ = st.frame("pages").set_index("id")
        comments = st.frame("comments")
        notes = st.frame("annotations")
    assert pages_.loc["bus-fares", "captured_comment_count"] == 5
    assert list(pages_.loc["bus-fares", "body"])  # the article kept its body
    bus = comments[comments.page_id == "bus-fares"].sort_values("position")
    assert list(bus.author) == ["Sam Teller", "June Abara", "Sam Teller", "Ivy Dunn", "Ola"]
    assert list(zip(notes.page_id, notes.position, strict=True)) == [("bus-fares", 3)]
    # Nothing changed since: nothing to do.
    code, out, _ = run(capsys, "analyse", str(export), "--db", str(db), "--quiet")
    assert code == 0 and out.startswith("nothing to do"), out


def test_the_apps_upload_refuses_a_hostile_export_with_one_message(tmp_path: Path) -> None:
    from dashboard import data

    with pytest.raises(UnreadablePage) as caught:
        data.add_upload(BILLION_LAUGHS.encode(), "comments.txt", tmp_path / "rm.duckdb")
    assert "declaring entities" in str(caught.value) and "\n" not in str(caught.value)
    assert not (tmp_path / "rm.duckdb").exists()  # refused before any store was made
    added = data.add_upload(
        _export(_thread("7") + _post("1", "7", "Fine by me.", "Ann")).encode(),
        "one-thread.txt",
        tmp_path / "rm.duckdb",
    )
    assert (added.page_id, added.outcome, added.comments) == ("one-thread", "added", 1)
    with store.open_store(tmp_path / "rm.duckdb", read_only=True) as st:
        assert list(st.frame("comments")["author"]) == ["Ann"]
