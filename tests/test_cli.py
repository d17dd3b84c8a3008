"""The CLI contract of DESIGN.md: inspect/analyse/evaluate, exit 2 with one line for bad input."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import sources, store
from analysis.cli import main
from tests.conftest import FIXTURES, LABELS_PATH, ROOT, SEEDS

CONTRACT_KEYS = {
    "id", "source", "outlet", "headline", "kicker", "published", "speaker", "body",
    "declared_comment_count", "comments", "claims", "warnings",
}  # fmt: skip
COMMENT_KEYS = {
    "position", "author", "moderated", "text", "vader", "mood", "mood_score", "mood_reasons",
    "themes", "responds_to",
}  # fmt: skip
CLAIM_KEYS = {"id", "text", "speaker", "kind", "paragraph", "vader", "themes"}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.iterdir()))
def test_inspect_json_keeps_the_contract(capsys: pytest.CaptureFixture[str], seed: str) -> None:
    code, out, _ = run(capsys, "inspect", str(SEEDS / seed), "--json")
    assert code == 0
    data = json.loads(out)
    assert data.keys() >= CONTRACT_KEYS
    assert data["id"] == Path(seed).stem
    assert isinstance(data["body"], list) and data["body"]
    for comment in data["comments"]:
        assert comment.keys() >= COMMENT_KEYS
        if comment["moderated"]:
            assert comment["text"] == "" and comment["mood"] is None
        else:
            assert set(comment["vader"]) == {"neg", "neu", "pos", "compound"}
            assert comment["mood"] in ("negative", "neutral", "positive")
    for claim in data["claims"]:
        assert claim.keys() >= CLAIM_KEYS
        assert claim["kind"] in ("direct", "reported")


def test_console_script_and_module_agree(tmp_path: Path) -> None:
    seed = str(SEEDS / sorted(p.name for p in SEEDS.iterdir())[2])
    module = subprocess.run(
        [sys.executable, "-m", "analysis", "inspect", seed, "--json"],
        capture_output=True, text=True, check=True, cwd=ROOT,
    )  # fmt: skip
    script = Path(sys.executable).with_name("reader-mood")
    console = subprocess.run(
        [str(script), "inspect", seed, "--json"], capture_output=True, text=True, check=True
    )
    assert json.loads(module.stdout) == json.loads(console.stdout)


def test_inspect_text_summary(capsys: pytest.CaptureFixture[str]) -> None:
    seed = sorted(SEEDS.iterdir())[3]
    code, out, _ = run(capsys, "inspect", str(seed))
    assert code == 0
    assert seed.stem in out and "comments:" in out


def test_analyse_is_incremental(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    shutil.copytree(SEEDS, pages)
    db = tmp_path / "rm.duckdb"
    code, out, _ = run(capsys, "analyse", str(pages), "--db", str(db), "--quiet")
    assert code == 0 and "analysed 5 page(s)" in out
    with store.open_store(db, read_only=True) as st:
        first = st.frame("pages").set_index("id")["analysed_at"]
    code, out, _ = run(capsys, "analyse", str(pages), "--db", str(db), "--quiet")
    assert code == 0 and "nothing to do" in out
    changed = sorted(pages.iterdir())[1]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nA late paragraph.\n", "utf-8")
    code, out, _ = run(capsys, "analyse", str(pages), "--db", str(db), "--quiet")
    assert code == 0 and "analysed 1 page(s), 4 unchanged" in out
    with store.open_store(db, read_only=True) as st:
        after = st.frame("pages").set_index("id")["analysed_at"]
    moved = [pid for pid in first.index if after[pid] != first[pid]]
    assert moved == [changed.stem]


def test_a_rerun_reads_no_unchanged_saved_page(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Saved HTML stored from the same bytes (and rules, themes, code) is not parsed again:
    its bytes' hash says it is unchanged. A changed one is read and analysed."""
    pages = tmp_path / "pages"
    pages.mkdir()
    prose = "<p>" + "The bridge reopens to cyclists on Monday after repairs, the council said. " * 3
    for name in ("bridge", "ferry"):
        (pages / f"{name}.html").write_text(
            f"<html><body><h1>{name.title()} news</h1>{prose}</p></body></html>", "utf-8"
        )
    (pages / "note.txt").write_text("Bus times\n\nThe 42 now runs every ten minutes.\n", "utf-8")
    db = tmp_path / "rm.duckdb"
    code, out, _ = run(capsys, "analyse", str(pages), "--db", str(db), "--quiet")
    assert code == 0 and "analysed 3 page(s)" in out
    parsed: list[str] = []
    real = sources._page_text
    monkeypatch.setattr(sources, "_page_text", lambda m: parsed.append(m) or real(m))
    code, out, _ = run(capsys, "analyse", str(pages), "--db", str(db), "--quiet")
    assert code == 0 and "nothing to do: all 3 page(s) unchanged" in out
    assert parsed == []
    ferry = pages / "ferry.html"
    ferry.write_text(ferry.read_text("utf-8").replace("Monday", "Tuesday"), "utf-8")
    code, out, _ = run(capsys, "analyse", str(pages), "--db", str(db), "--quiet")
    assert code == 0 and "analysed 1 page(s), 2 unchanged" in out
    assert len(parsed) == 1 and "Tuesday" in parsed[0]
    # Two pages claiming one id are refused even when one of them is unchanged.
    (pages / "bridge.txt").write_text("Bridge\n\nOpen again.\n", "utf-8")
    code, _, err = run(capsys, "analyse", str(pages), "--db", str(db), "--quiet")
    assert code == 2 and "share the id 'bridge'" in err


def _bad_inputs(tmp_path: Path) -> dict[str, Path]:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(bytes(range(256)) * 64)
    no_pages = tmp_path / "no-pages"
    no_pages.mkdir()
    (no_pages / "notes.bin").write_bytes(b"\x00\x01")
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as f:
        f.truncate(50 * 1024 * 1024)
    return {
        "empty": empty,
        "binary": binary,
        "folder without pages": no_pages,
        "50 MB": huge,
        "missing": tmp_path / "missing.txt",
    }


@pytest.mark.parametrize("kind", ["empty", "binary", "folder without pages", "50 MB", "missing"])
def test_bad_input_is_one_line_exit_2_and_the_store_keeps_what_it_had(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, kind: str
) -> None:
    db = tmp_path / "rm.duckdb"
    assert run(capsys, "analyse", str(SEEDS), "--db", str(db), "--quiet")[0] == 0
    with store.open_store(db, read_only=True) as st:
        before = st.stored_keys()
    bad = _bad_inputs(tmp_path)[kind]
    code, _out, err = run(capsys, "analyse", str(SEEDS), str(bad), "--db", str(db), "--quiet")
    assert code == 2
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith("reader-mood: error:") and "Traceback" not in err
    with store.open_store(db, read_only=True) as st:
        assert st.stored_keys() == before
    code, _, err = run(capsys, "inspect", str(bad), "--json")
    assert code == 2 and len(err.strip().splitlines()) == 1


def test_no_traceback_from_a_real_process_on_bad_input(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    done = subprocess.run(
        [sys.executable, "-m", "analysis", "inspect", str(empty), "--json"],
        capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1


def test_cp1252_smart_quotes_are_decoded(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    page = tmp_path / "cp1252.txt"
    text = "Minister\u2019s \u201cbold\u201d plan\n\nThe minister said: \u2018We will act.\u2019\n"
    page.write_bytes(text.encode("cp1252"))
    code, out, _ = run(capsys, "inspect", str(page), "--json")
    assert code == 0
    assert "\u2018We will act.\u2019" in "\n".join(json.loads(out)["body"])


def test_bad_labels_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    labels = tmp_path / "labels.json"
    labels.write_text("{not json")
    code, _, err = run(capsys, "evaluate", str(labels), "--pages", str(SEEDS))
    assert code == 2 and "labels" in err and len(err.strip().splitlines()) == 1


def test_evaluate_runs_on_the_seed_labels(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "evaluate", str(LABELS_PATH), "--pages", str(SEEDS), "--json")
    assert code == 0
    report = json.loads(out)
    floors = json.loads((FIXTURES / "quality_floors.json").read_text("utf-8"))["pipeline"]
    assert report["mood"]["correct"] >= floors["mood_correct"]
    assert report["mood"]["n"] == 16
    code, text, _ = run(capsys, "evaluate", str(LABELS_PATH), "--pages", str(SEEDS))
    assert code == 0 and "raw VADER" in text and "macro-F1" in text


def test_export_labels_needs_a_store(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = tmp_path / "rm.duckdb"
    code, _, err = run(capsys, "export-labels", "--db", str(missing))
    assert code == 2 and "no store" in err and len(err.strip().splitlines()) == 1
    assert not missing.exists(), "exporting must not create a store"
    with store.open_store(missing):
        pass  # an empty store: no annotations yet
    code, out, _ = run(capsys, "export-labels", "--db", str(missing))
    assert code == 0
    assert json.loads(out)["articles"] == {}


def test_usage_errors_are_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["inspect"], ["analyse"], ["nonsense"], ["evaluate", "x.json"]):
        with pytest.raises(SystemExit) as exit_info:
            main(argv)
        _, err = capsys.readouterr()
        assert exit_info.value.code == 2
        assert len(err.strip().splitlines()) == 1, err
        assert err.startswith("reader-mood")


def test_store_path_under_a_file_is_a_clear_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    code, _, err = run(capsys, "analyse", str(SEEDS), "--db", str(blocker / "rm.duckdb"), "--quiet")
    assert code == 2 and "cannot open the store" in err and "Traceback" not in err


def test_hand_corrections_round_trip_through_evaluate(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = tmp_path / "rm.duckdb"
    assert run(capsys, "analyse", str(SEEDS), "--db", str(db), "--quiet")[0] == 0
    with store.open_store(db) as st:
        comments = st.frame("comments")
        row = comments[~comments["moderated"]].iloc[0]
        st.annotate(store.Annotation(row["page_id"], int(row["position"]), "positive", ()))
    code, out, _ = run(capsys, "export-labels", "--db", str(db))
    assert code == 0
    labels = tmp_path / "mine.json"
    labels.write_text(out, encoding="utf-8")
    code, out, _ = run(capsys, "evaluate", str(labels), "--pages", str(SEEDS), "--json")
    assert code == 0
    report = json.loads(out)
    # One corrected comment is one mood case; slots and claim links are not judged from it.
    assert report["mood"]["n"] == 1
    assert report["split"]["pages_slot_count"]["n"] == 0
    assert report["split"]["starts_with"] == {"n": 1, "correct": 1, "accuracy": 1.0}
    assert report["claim_links"]["answers_claim"]["n"] == 0
    assert report["claim_links"]["answers_article"]["n"] == 0
