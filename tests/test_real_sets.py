"""The labels kept about ../shared/realpages: page ids, labels and line numbers only (the pages
are AGPLv3 data; no text of theirs may enter the project), and the dev/test summary that
reads them (benchmarks/real/score_split.py)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AUDIT = ROOT / "benchmarks" / "real" / "gold_audit.jsonl"


def _score_split():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "score_split", ROOT / "benchmarks" / "real" / "score_split.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_gold_audit_holds_ids_labels_and_line_numbers_only() -> None:
    rows = [json.loads(ln) for ln in AUDIT.read_text().splitlines() if ln.strip()]
    assert rows, "the audit file is empty"
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids)), "a page is labelled twice"
    for r in rows:
        assert set(r) == {"id", "label", "n_comments", "lines"}, r
        assert r["label"] in {"YES", "NO", "PINGBACK-ONLY", "UNSURE"}, r
        assert isinstance(r["n_comments"], int) and r["n_comments"] >= 0, r
        if r["lines"] is not None:
            first, last = r["lines"]
            assert isinstance(first, int) and isinstance(last, int) and 0 < first <= last, r
        assert (r["label"] == "YES") == (r["n_comments"] > 0), r


def _page(pid: str, has: bool, n: int) -> dict:
    rec = {
        "status": "ok",
        "n_comments": n,
        "content": {"f1": 1.0},
        "comments": {"f1": 1.0},
        "comments_meta": {"f1": 1.0},
    }
    return {"id": pid, "has_comments": has, "forms": {"text": {"reader-mood": rec}}}


def test_the_audited_column_leaves_out_pages_the_audit_found_comments_on() -> None:
    result = {
        "forms": ["text"],
        "pages": [
            _page("a", True, 3),
            _page("b", False, 2),  # comments reported; the audit found real ones
            _page("c", False, 1),  # comments reported; the audit found none
            _page("d", False, 0),
            _page("t", True, 1),
            _page("u", False, 0),
        ],
    }
    out = _score_split().summarise(result, {"t", "u"}, frozenset({"b"}))
    dev = next(ln for ln in out.splitlines() if ln.strip().startswith("dev"))
    assert dev.split()[-3:-1] == ["2/3", "0"], dev  # raw: two of three comment-free pages
    assert dev.split()[-1] == "1/2", dev  # audited: "b" leaves both sides of the count
