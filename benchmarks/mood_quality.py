"""Every figure the mood model is held to, in one run (`make bench` prints them; the model card
quotes them).

- real comments (benchmarks/real), dev part and test quarter: mood agreement and macro-F1 with
  raw VADER and "always negative" beside, distrust F1, themes with more FP than TP;
- guards: Pearson r of mood score and of VADER compound with the human mean on the four VADER
  gold sets; GoEmotions test split macro-F1 (positive/negative/neutral, ambiguous out); the 16
  labelled seed comments; the held-out written set.

    python benchmarks/mood_quality.py        # prints JSON

Needs ../shared (real pages, GoEmotions, VADER's sets); a part whose data is absent is skipped.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from analysis import evaluate, mood, sentiment, themes  # noqa: E402
from analysis.mood import corpora  # noqa: E402

SHARED = ROOT.parent / "shared"
LABELS = ROOT / "benchmarks" / "real" / "comment_labels.jsonl"
GOLD = SHARED / "realpages" / "gold"
GOLD_SETS = {
    "tweets": SHARED / "benchmarks" / "vader-gold" / "tweets_GroundTruth.txt",
    "movie reviews": SHARED / "benchmarks" / "vader-gold" / "movieReviewSnippets_GroundTruth.txt",
    "product reviews": SHARED
    / "benchmarks"
    / "vader-gold"
    / "amazonReviewSnippets_GroundTruth.txt",
    "NYT editorials": SHARED
    / "benchmarks"
    / "vader-nyt-editorials"
    / "nytEditorialSnippets_GroundTruth.txt",
}
GOEMOTIONS_TEST = SHARED / "corpora" / "goemotions" / "test.tsv"


def real(split: str) -> dict[str, Any]:
    rows = evaluate.load_real(LABELS, GOLD, split)
    report = evaluate.evaluate_real(rows, themes.load())
    return {
        "n": report["n"],
        "mood": {k: report["mood"][k] for k in ("accuracy", "macro_f1")},
        "vader": {k: report["vader"][k] for k in ("accuracy", "macro_f1")},
        "always_negative": {k: report["always_negative"][k] for k in ("accuracy", "macro_f1")},
        "distrust_f1": report["themes"].get("distrust", {}).get("f1"),
        "themes": {k: {m: v[m] for m in ("tp", "fp", "fn")} for k, v in report["themes"].items()},
        "themes_more_fp_than_tp": [k for k, v in report["themes"].items() if v["more_fp_than_tp"]],
    }


def _gold_rows(path: Path) -> list[tuple[float, str]]:
    rows = []
    for line in path.read_text("utf-8", errors="replace").splitlines():
        parts = line.split("\t")
        if len(parts) >= 3:
            rows.append((float(parts[1]), parts[2]))
    return rows


def pearson(texts_and_means: Sequence[tuple[float, str]]) -> dict[str, float]:
    means = np.array([m for m, _ in texts_and_means])
    vader, judged = [], []
    for _, text in texts_and_means:
        reading = sentiment.read(text)
        vader.append(reading.sentiment.compound)
        judged.append(mood.judge(text, reading).score)
    return {
        "n": len(means),
        "mood_r": round(float(np.corrcoef(means, judged)[0, 1]), 4),
        "vader_r": round(float(np.corrcoef(means, vader)[0, 1]), 4),
    }


def goemotions() -> dict[str, Any]:
    from analysis.evaluate import _mood_scores

    rows = corpora.goemotions(GOEMOTIONS_TEST)
    pairs, vpairs = [], []
    for r in rows:
        reading = sentiment.read(r.text)
        pairs.append((r.mood, mood.judge(r.text, reading).label))
        vpairs.append((r.mood, sentiment.label(reading.sentiment.compound)))
    m, v = _mood_scores(pairs), _mood_scores(vpairs)
    return {"n": len(rows), "mood_macro_f1": m["macro_f1"], "vader_macro_f1": v["macro_f1"]}


def seeds() -> dict[str, int]:
    from tests.test_mood import labelled_seed_comments

    rows = labelled_seed_comments()
    right = sum(mood.judge(t, sentiment.read(t)).label == label["mood"] for _, label, t in rows)
    vader = sum(
        sentiment.label(sentiment.score(t).compound) == label["mood"] for _, label, t in rows
    )
    return {"n": len(rows), "mood_correct": right, "vader_correct": vader}


def written(name: str) -> dict[str, int]:
    rows = corpora.written_sets([ROOT / "tests" / "fixtures" / f"{name}.json"])
    right = sum(mood.judge(r.text, sentiment.read(r.text)).label == r.mood for r in rows)
    vader = sum(sentiment.label(sentiment.score(r.text).compound) == r.mood for r in rows)
    return {"n": len(rows), "mood_correct": right, "vader_correct": vader}


def run() -> dict[str, Any]:
    out: dict[str, Any] = {}
    if GOLD.is_dir():
        out["real_dev"] = real("dev")
        out["real_test"] = real("test")
    out["vader_gold"] = {k: pearson(_gold_rows(p)) for k, p in GOLD_SETS.items() if p.exists()}
    if GOEMOTIONS_TEST.exists():
        out["goemotions_test"] = goemotions()
    out["seeds"] = seeds()
    out["heldout"] = written("heldout_comments")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.parse_args()
    report = run()
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
