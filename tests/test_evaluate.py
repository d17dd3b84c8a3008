"""`evaluate`: figures checked by hand on small made-up pages, then the seed floors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from analysis import evaluate, mood, sentiment, themes
from analysis.errors import BadLabels
from analysis.model import (
    Analysis,
    Article,
    Claim,
    ClaimReading,
    Comment,
    CommentReading,
    Link,
    Mood,
    Page,
    Sentiment,
    ThemeHit,
)
from tests.test_mood import FLOORS, ROOT, seed_comment_texts

ARTICLE = Article("Weekly", "Headline", None, None, None, ("Body.",))
CLAIMS = (
    ClaimReading(
        Claim("c1", "We will protect the budget", "Minister", "direct", 1), Sentiment(0, 1, 0, 0)
    ),
    ClaimReading(
        Claim("c2", "GPs are paid too much", "Minister", "direct", 2), Sentiment(0, 1, 0, 0)
    ),
)


def reading(
    position: int,
    vader: float | None,
    mood_label: str | None,
    theme_names: tuple[str, ...] = (),
    link: str | None = None,
    author: str | None = None,
    text: str = "text",
) -> CommentReading:
    moderated = vader is None
    return CommentReading(
        Comment(position, author, moderated, "" if moderated else text),
        None if vader is None else Sentiment(0, 1, 0, vader),
        None if mood_label is None else Mood(mood_label, 0.0),  # type: ignore[arg-type]
        tuple(ThemeHit(n, ("x",)) for n in theme_names),
        () if link is None else (Link(link, 0.9, "words"),),
    )


def page(page_id: str, readings: list[CommentReading]) -> Analysis:
    return Analysis(
        Page(page_id, f"{page_id}.txt", "h", ARTICLE, tuple(readings), None),
        "Minister",
        CLAIMS,
        tuple(readings),
    )


def label(
    position: int,
    mood_label: str | None,
    themes_: list[str],
    responds: list[str],
    author: str | None = None,
    starts: str | None = "text",
) -> dict[str, Any]:
    return {
        "position": position,
        "author": author,
        "moderated": mood_label is None,
        "starts_with": starts if mood_label is not None else None,
        "mood": mood_label,
        "themes": themes_,
        "responds_to": responds,
    }


LABELS = {
    "articles": {
        "p1": {
            "comments": [
                label(1, "negative", ["distrust"], ["budget"]),
                label(2, None, [], []),
                label(3, "negative", ["distrust", "burnout"], []),
                label(4, "positive", [], ["paid"], author="Ann Lee"),
            ]
        },
        "p2": {"comments": [label(1, "neutral", ["burnout"], [])]},
        "gone": {"comments": []},
    }
}
ANALYSES = [
    page(
        "p1",
        [
            reading(1, 0.6, "negative", ("distrust",), link="c1"),  # VADER wrong, mood right
            reading(2, None, None),
            reading(3, -0.5, "negative", ("distrust", "funding"), link="c2"),
            reading(4, 0.7, "negative", ("burnout",), link="c1", author="Ann Lee"),
        ],
    ),
    page("p2", [reading(1, 0.0, "neutral", ())]),
]


def test_mood_figures_by_hand() -> None:
    report = evaluate.evaluate(LABELS, ANALYSES)
    m, v = report["mood"], report["vader"]
    assert (m["n"], m["correct"], m["accuracy"]) == (4, 3, 0.75)
    assert (v["n"], v["correct"]) == (4, 3)  # 0.6 wrong, -0.5 right, 0.7 right, 0.0 right
    assert m["confusion"]["positive"]["negative"] == 1
    assert v["confusion"]["negative"]["positive"] == 1
    # mood: negative P=2/3 R=1 F1=0.8; neutral F1=1; positive F1=0 -> macro 0.6
    assert m["macro_f1"] == pytest.approx(0.6, abs=1e-4)


def test_theme_figures_by_hand() -> None:
    t = evaluate.evaluate(LABELS, ANALYSES)["themes"]
    # distrust: 2 labelled, found on both: P=R=1
    assert (t["distrust"]["precision"], t["distrust"]["recall"], t["distrust"]["f1"]) == (1, 1, 1)
    # burnout: labelled on p1#3 and p2#1, found only on p1#4: tp 0, fp 1, fn 2
    assert (t["burnout"]["tp"], t["burnout"]["n_labelled"], t["burnout"]["n_found"]) == (0, 2, 1)
    assert t["burnout"]["f1"] == 0.0
    # funding is never labelled in this file: counted, not scored
    assert t["funding"]["labelled"] is False and t["funding"]["f1"] is None


def test_split_and_links_by_hand() -> None:
    report = evaluate.evaluate(LABELS, ANALYSES)
    split = report["split"]
    assert split["pages_slot_count"] == {"n": 3, "correct": 2, "accuracy": 0.6667}
    assert split["authors"]["correct"] == split["authors"]["n"] == 5
    assert split["moderated"]["correct"] == 5
    assert report["pages"]["missing"] == ["gone"]
    links = report["claim_links"]
    # p1#1 'budget' -> c1 (hit); p1#4 'paid' -> c1 (miss)
    assert links["answers_claim"] == {"n": 2, "hits": 1, "share": 0.5}
    # p1#3 has a link although it answers the article; p2#1 has none
    assert links["answers_article"] == {"n": 2, "hits": 1, "share": 0.5}


def test_report_is_json_and_renders_side_by_side() -> None:
    report = evaluate.evaluate(LABELS, ANALYSES)
    assert json.loads(json.dumps(report)) == report
    text = evaluate.render(report)
    assert "raw VADER" in text and "3 / 4" in text
    assert "funding" in text and "not labelled" in text


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("{", "not a readable"),
        ('{"articles": []}', "'articles' object"),
        ('{"articles": {"a": {"comments": [{"mood": "negative"}]}}}', "needs a position"),
        ('{"articles": {"a": {"comments": [{"position": 1, "mood": "cross"}]}}}', "'cross'"),
    ],
)
def test_bad_labels(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "labels.json"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(BadLabels, match=message):
        evaluate.load_labels(path)


# --------------------------------------------------------------------------- the seeds


def comment_text_analyses(labels: dict[str, Any]) -> list[Analysis]:
    """The labelled seed pages as analyses built from the comment texts of the captures,
    through mood and themes only (independent of the page splitter)."""
    theme_set = themes.load()
    out = []
    for page_id, article in labels["articles"].items():
        readings = []
        texts = seed_comment_texts(page_id) if article["comments"] else []
        authors = {c["position"]: c["author"] for c in article["comments"]}
        for position, text in enumerate(texts, start=1):
            if text is None:
                readings.append(CommentReading(Comment(position, None, True, ""), None, None))
                continue
            raw = sentiment.read(text)
            readings.append(
                CommentReading(
                    Comment(position, authors.get(position), False, text),
                    raw.sentiment,
                    mood.judge(text, raw),
                    themes.tag(text, theme_set),
                )
            )
        out.append(page(page_id, readings))
    return out


def test_seed_comment_texts_meet_the_floors(labels: dict[str, Any]) -> None:
    report = evaluate.evaluate(labels, comment_text_analyses(labels))
    floors = FLOORS["seed_comment_texts"]
    assert report["mood"]["n"] == floors["n"]
    assert report["mood"]["correct"] >= floors["mood_correct"]
    assert report["vader"]["correct"] == floors["vader_correct"]
    for name, floor in floors["theme_f1"].items():
        assert report["themes"][name]["f1"] >= floor, (name, report["themes"][name])


def test_pipeline_meets_the_floors(
    labels: dict[str, Any], seed_analyses: dict[str, Analysis]
) -> None:
    report = evaluate.evaluate(labels, list(seed_analyses.values()))
    floors = FLOORS["pipeline"]
    assert report["mood"]["correct"] >= floors["mood_correct"], evaluate.render(report)
    for name, floor in floors["theme_f1"].items():
        assert (report["themes"][name]["f1"] or 0) >= floor, (name, report["themes"][name])
    for key, floor in floors["split_accuracy"].items():
        if floor is not None:
            assert report["split"][key]["accuracy"] >= floor, (key, report["split"][key])
    for key, floor in floors["claim_links"].items():
        if floor is not None:
            assert report["claim_links"][key]["share"] >= floor, (key, report["claim_links"][key])


def test_labels_fixture_is_the_shared_copy() -> None:
    shared = ROOT.parent / "shared" / "seed-labels.json"
    if not shared.exists():
        pytest.skip("../shared is not present here")
    assert json.loads(shared.read_text("utf-8")) == json.loads(
        (ROOT / "tests" / "fixtures" / "seed-labels.json").read_text("utf-8")
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [("starts_with", 5), ("themes", "distrust"), ("themes", [["x"]]), ("responds_to", "fix"),
     ("responds_to", [5]), ("moderated", "no"), ("author", ["a"])],
)  # fmt: skip
def test_labels_of_the_wrong_shape_are_refused(tmp_path: Path, field: str, value: object) -> None:
    comment = {"position": 1, "mood": "negative", field: value}
    path = tmp_path / "labels.json"
    path.write_text(json.dumps({"articles": {"p": {"comments": [comment]}}}), "utf-8")
    with pytest.raises(BadLabels, match=f"comment 1: '{field}'"):
        evaluate.load_labels(path)


# --------------------------------------------------------------------------- real labels

_SHARED_GOLD = Path(__file__).resolve().parents[1].parent / "shared" / "realpages" / "gold"
_REAL = Path(__file__).resolve().parents[1] / "benchmarks" / "real" / "comment_labels.jsonl"
needs_real = pytest.mark.skipif(
    not _SHARED_GOLD.is_dir(), reason="../shared/realpages is absent: real labels cannot be read"
)


@needs_real
def test_real_label_mode_reports_mood_beside_vader_and_always_negative() -> None:
    rows = evaluate.load_real(_REAL, _SHARED_GOLD, "test")
    assert len(rows) == 589 and len({r.group for r in rows}) <= 182
    report = evaluate.evaluate_real(rows[:60], themes.load())
    for key in ("mood", "vader", "always_negative"):
        assert report[key]["n"] == 60 and report[key]["macro_f1"] is not None
    assert all({"tp", "fp", "fn", "f1"} <= set(t) for t in report["themes"].values())
    assert "always neg." in evaluate.render_real(report)


@needs_real
def test_real_label_cli(capsys: pytest.CaptureFixture[str]) -> None:
    from analysis import cli

    assert (
        cli.main(["evaluate", str(_REAL), "--gold", str(_SHARED_GOLD), "--split", "dev", "--json"])
        == 0
    )
    out = json.loads(capsys.readouterr().out)
    assert out["n"] == 1767


def test_evaluate_needs_pages_or_gold(capsys: pytest.CaptureFixture[str]) -> None:
    from analysis import cli

    with pytest.raises(SystemExit) as exit_info:
        cli.main(["evaluate", "labels.json"])
    assert exit_info.value.code == 2
    assert "--pages" in capsys.readouterr().err
