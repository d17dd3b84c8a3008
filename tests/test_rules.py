"""The rules object: one loader for every rule file, a schema that names file and line, and a
store key that changes with any rule file (so `analyse` reads the page again)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from analysis import pipeline, rules, sources, themes
from analysis.rules import trees
from tests.conftest import FIXTURES

SEED = Path(__file__).parents[1] / "seeds" / "001_7337c63da4c34d42.txt"


#: Tables whose keys are the user's own (words, widget names, role kinds), not schema fields.
FREE_TABLES = ("[words]", "[widgets]", "[roles.titles]")


def _first_key_line(text: str) -> tuple[int, str]:
    """The number and key of the first `key = value` line inside a table of fixed keys."""
    in_table = False
    for number, line in enumerate(text.splitlines(), start=1):
        if re.match(r"\s*\[", line):
            in_table = not line.strip().startswith(FREE_TABLES)
            continue
        m = re.match(r"\s*([A-Za-z_][\w-]*)\s*=", line)
        if m and in_table:
            return number, m.group(1)
    raise AssertionError("no key found")


@pytest.mark.parametrize("name", sorted(rules.FILES))
def test_a_misspelt_key_fails_loading_with_file_and_line(tmp_path: Path, name: str) -> None:
    text = rules.FILES[name].read_text(encoding="utf-8")
    number, key = _first_key_line(text)
    lines = text.splitlines()
    lines[number - 1] = lines[number - 1].replace(key, key + "g", 1)
    bad = tmp_path / f"{name}.toml"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(rules.BadRules) as caught:
        rules.load({name: bad})
    message = str(caught.value)
    # The misspelt key is unknown, the one it replaced is missing: either names the line.
    assert message.startswith(f"{bad}:")
    where = int(message.split(":")[1])
    assert where in (number, *_header_lines(lines, number))
    assert "unknown key" in message or "required" in message.lower()


def _header_lines(lines: list[str], number: int) -> list[int]:
    """The line of the table header above line `number` (a missing key is reported there)."""
    for k in range(number - 1, -1, -1):
        if re.match(r"\s*\[", lines[k]):
            return [k + 1]
    return []


def test_the_packaged_rules_round_trip_through_their_schemas() -> None:
    loaded = rules.load()
    for name in ("chrome", "claims", "lexicon", "mood_cues"):
        data = tomllib.loads(rules.FILES[name].read_text(encoding="utf-8"))
        assert getattr(loaded, name).model_dump(by_alias=True) == data


def test_an_unknown_rule_file_name_is_refused() -> None:
    with pytest.raises(rules.BadRules, match="no rule file called 'chrom'"):
        rules.load({"chrom": Path("x.toml")})


def _edited(folder: Path, name: str) -> Path:
    """A copy of one packaged rule file with a comment added: same rules, other bytes."""
    folder.mkdir(exist_ok=True)
    target = folder / f"{name}.toml"
    shutil.copy(rules.FILES[name], target)
    with target.open("a", encoding="utf-8") as fh:
        fh.write("\n# edited by a user\n")
    return target


@pytest.mark.parametrize("name", sorted(rules.FILES))
def test_changing_any_rule_file_changes_the_store_key(tmp_path: Path, name: str) -> None:
    raw = sources.read_path(SEED)
    theme_set = themes.load(None)
    before = pipeline.analysis_key(raw.content_hash, theme_set, rules.load())
    edited = rules.load({name: _edited(tmp_path, name)})
    assert pipeline.analysis_key(raw.content_hash, theme_set, edited) != before
    # And the same files give the same key.
    assert pipeline.analysis_key(raw.content_hash, theme_set, rules.load()) == before


@pytest.mark.parametrize("name", sorted(rules.MODELS))
def test_changing_any_model_file_changes_the_store_key(tmp_path: Path, name: str) -> None:
    raw = sources.read_path(SEED)
    theme_set = themes.load(None)
    before = pipeline.analysis_key(raw.content_hash, theme_set, rules.load())
    model = trees.from_bytes(rules.MODELS[name].read_bytes())
    arrays = trees.to_arrays(model)
    arrays["value"] = arrays["value"] * 1.01  # the same trees, leaves a little stronger
    edited = tmp_path / f"{name}.npz"
    np.savez(edited, **arrays)
    assert pipeline.analysis_key(raw.content_hash, theme_set, rules.load({name: edited})) != before
    assert rules.from_folder(tmp_path).digest != rules.load().digest


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda a: a.pop("roots"), "no array 'roots'"),
        (lambda a: a.update(left=a["left"] + 10**6), "points past its end"),
        (lambda a: a.update(split=a["split"][:-1]), "shape"),
        (lambda a: a.update(value=a["value"] * np.nan), "not a number"),
        (lambda a: a.update(left=np.where(a["leaf"], a["left"], a["roots"][0])), "reached twice"),
    ],
)
def test_a_damaged_model_file_fails_loading_in_one_line(
    tmp_path: Path, damage: Callable[[dict[str, np.ndarray]], object], message: str
) -> None:
    arrays = trees.to_arrays(trees.from_bytes(rules.MODELS["body_model"].read_bytes()))
    damage(arrays)
    bad = tmp_path / "body_model.npz"
    np.savez(bad, **arrays)
    with pytest.raises(rules.BadRules) as caught:
        rules.load({"body_model": bad})
    assert str(caught.value).startswith(f"{bad}: ") and message in str(caught.value)
    assert "\n" not in str(caught.value)
    bad.write_bytes(b"not a zip file at all")
    with pytest.raises(rules.BadRules, match="not a model file"):
        rules.load({"body_model": bad})
    buf = io.BytesIO()
    np.save(buf, np.arange(3))
    bad.write_bytes(buf.getvalue())
    with pytest.raises(rules.BadRules, match="not a model file"):
        rules.load({"body_model": bad})


def test_exported_trees_give_scikit_learns_probabilities() -> None:
    """The arrays `from_sklearn` writes decide every row as scikit-learn does."""
    ensemble = pytest.importorskip("sklearn.ensemble")
    rng = np.random.default_rng(7)
    x = rng.normal(size=(600, 4))
    y = ((x[:, 0] > 0.3) ^ (x[:, 1] * x[:, 2] > 0)).astype(int)
    fitted = ensemble.HistGradientBoostingClassifier(max_iter=30, random_state=0).fit(x, y)
    model = trees.from_sklearn(fitted, ["a", "b", "c", "d"], 0.5, 1.0)
    ours = np.array(model.probabilities(x))
    assert np.allclose(ours, fitted.predict_proba(x)[:, 1])
    assert trees.from_bytes(_npz(trees.to_arrays(model))).names == ("a", "b", "c", "d")


def _npz(arrays: dict[str, np.ndarray]) -> bytes:
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    return buf.getvalue()


def test_changing_the_themes_changes_the_store_key(tmp_path: Path) -> None:
    raw = sources.read_path(SEED)
    mine = tmp_path / "themes.toml"
    mine.write_text('[themes.parking]\nwords = ["parking"]\n', encoding="utf-8")
    assert pipeline.analysis_key(raw.content_hash, themes.load(None)) != pipeline.analysis_key(
        raw.content_hash, themes.load(mine)
    )


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "analysis", *args], capture_output=True, text=True, timeout=300
    )


def test_analyse_reads_a_page_again_when_a_rule_file_changes(tmp_path: Path) -> None:
    db = tmp_path / "store.duckdb"
    first = _cli("analyse", str(SEED), "--db", str(db), "--quiet")
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("analysed 1 page(s)")
    again = _cli("analyse", str(SEED), "--db", str(db), "--quiet")
    assert again.stdout.startswith("nothing to do")
    folder = tmp_path / "my-rules"
    _edited(folder, "claims")
    changed = _cli("analyse", str(SEED), "--db", str(db), "--quiet", "--rules", str(folder))
    assert changed.returncode == 0, changed.stderr
    assert changed.stdout.startswith("analysed 1 page(s)")


def test_a_bad_rules_folder_is_one_line_and_exit_2(tmp_path: Path) -> None:
    folder = tmp_path / "my-rules"
    folder.mkdir()
    (folder / "chrome.toml").write_text("[head]\nkicker_max_wordz = 3\n", encoding="utf-8")
    done = _cli("inspect", str(SEED), "--rules", str(folder))
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "chrome.toml:2:" in lines[0], done.stderr


def _patterns(obj: object, seen: set[int], depth: int = 0) -> list[re.Pattern[str]]:
    """Every compiled pattern reachable from a rules object (fields, dicts, lists)."""
    if depth > 8 or id(obj) in seen or isinstance(obj, (str, bytes, int, float, bool)):
        return []
    seen.add(id(obj))
    if isinstance(obj, re.Pattern):
        return [obj]
    if isinstance(obj, dict):
        children: list[object] = list(obj.values())
    elif isinstance(obj, (list, tuple, set, frozenset)):
        children = list(obj)
    else:
        names = list(getattr(type(obj), "model_fields", {}) or {})
        names += list(getattr(type(obj), "__slots__", ()) or ())
        names += list(getattr(obj, "__dict__", {}) or {})
        children = [getattr(obj, n) for n in names if hasattr(obj, n)]
    return [p for c in children for p in _patterns(c, seen, depth + 1)]


def test_no_rule_pattern_backtracks_on_a_long_run() -> None:
    """Every pattern of the rules and the layout, tried on short runs of the shapes that make a
    nested repetition backtrack (digits, letters, spaces, initials, separators) that then
    fail at the end, finishes at once: a repeated group holding a repeated number once took
    two seconds on 24 digits. A hang guard, not a speed target."""
    from analysis import layout

    loaded = rules.load()
    found = _patterns(loaded, set()) + _patterns(layout.of(loaded), set())
    assert len(found) > 100
    units = ["1", "1 ", "a", "a ", "A. ", " ", "-", "1:", ". ", "share ", "•", "@a", "ab,", "'"]
    slow = []
    for pattern in found:
        start = time.process_time()
        for unit in units:
            text = unit * 26 + "\x00!"
            pattern.fullmatch(text)
            pattern.search(text)
        if time.process_time() - start > 1.0:
            slow.append(pattern.pattern[:80])
    assert not slow


def test_the_page_ranker_weighs_what_a_candidate_list_has() -> None:
    """The shipped trees read only features a candidate list carries, and the list of those
    features is the one the loader checks model files against."""
    from analysis.pages import dom, threads
    from analysis.rules.schema import PAGE_RANKER_FEATURES

    markup = (FIXTURES / "pages" / "news_cms_saved_page.html").read_text(encoding="utf-8")
    page_rules = rules.load().pages
    reading = dom.read(markup, page_rules.dom)
    assert reading is not None
    found = threads.candidates(reading.blocks, page_rules, reading.title)
    assert found and set(found[0].features) == set(PAGE_RANKER_FEATURES)
    assert page_rules.ranker.trees is not None
    assert set(page_rules.ranker.trees.names) <= set(PAGE_RANKER_FEATURES)


def test_a_model_file_of_another_kind_is_no_page_ranker(tmp_path: Path) -> None:
    """The body model's trees put in the page ranker's place fail loading in one line, not
    with a traceback on the first page read."""
    folder = tmp_path / "rules"
    folder.mkdir()
    shutil.copy(rules.MODELS["body_model"], folder / "page_ranker.npz")
    with pytest.raises(rules.BadRules) as caught:
        rules.from_folder(folder)
    text = str(caught.value)
    assert "page_ranker.npz" in text and "not a comment-list ranker" in text
    assert "\n" not in text
