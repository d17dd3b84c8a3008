"""Mood and themes in one benchmark run: speed against VADER, and the over-correction guard.

`run()` returns {measure: (value, target, unit)} for `make bench` (tests/benchmark.py). A
measure named "at least" is a lower bound; the others are upper bounds.

- speed: the time mood.judge + themes.tag add per comment, as a ratio (VADER + mood +
  themes) / VADER, on the seed comments and on the NYT sentences, timed in the same run
  (best of several rounds, so the noise of a shared machine counts least). Target 1.30.
- guard: on the VADER authors' NYT editorial sentences (../shared/benchmarks, see its
  SOURCE.md), Pearson r of mood score and of VADER compound with the human mean rating, and
  3-class agreement (human mean > 0 / = 0 / < 0 against ±0.05 on the scores). Mood must not
  do worse than VADER on ordinary prose. Skipped with a message when the file is absent.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis import mood, sentiment, themes  # noqa: E402
from tests.test_mood import seed_comment_texts  # noqa: E402

NYT = ROOT.parent / "shared" / "benchmarks" / "vader-nyt-editorials"
NYT_FILE = NYT / "nytEditorialSnippets_GroundTruth.txt"
SPEED_TARGET = 1.30


def _best(fn: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def speed_ratio(texts: Sequence[str], rounds: int = 7) -> tuple[float, float, float]:
    """(ratio, VADER seconds per text, mood+themes seconds per text) on `texts`."""
    theme_set = themes.load()
    readings = [sentiment.read(t) for t in texts]
    pairs = list(zip(texts, readings, strict=True))

    def vader() -> None:
        for t in texts:
            sentiment.read(t)

    def mood_and_themes() -> None:
        for t, r in pairs:
            mood.judge(t, r)
            themes.tag(t, theme_set)

    mood_and_themes()  # warm the caches of rules and compiled patterns
    vader_s = _best(vader, rounds) / len(texts)
    extra_s = _best(mood_and_themes, rounds) / len(texts)
    return (vader_s + extra_s) / vader_s, vader_s, extra_s


def read_nyt(path: Path = NYT_FILE) -> list[tuple[float, str]]:
    """(human mean rating, sentence) rows of the NYT ground-truth file."""
    rows = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        parts = line.split("\t")
        if len(parts) >= 3 and parts[1].strip():
            rows.append((float(parts[1]), parts[2]))
    return rows


def _three_way(score: float) -> int:
    return 1 if score >= sentiment.NEUTRAL_BAND else -1 if score <= -sentiment.NEUTRAL_BAND else 0


def nyt_guard(rows: Sequence[tuple[float, str]]) -> dict[str, float]:
    """Pearson r and 3-class agreement of mood and of VADER with the human means."""
    human, vader, moods, changed = [], [], [], 0
    for mean, sentence in rows:
        reading = sentiment.read(sentence)
        judged = mood.judge(sentence, reading)
        human.append(mean)
        vader.append(reading.sentiment.compound)
        moods.append(judged.score)
        changed += bool(judged.reasons)
    sign = [(m > 0) - (m < 0) for m in human]
    return {
        "n": len(rows),
        "changed": changed,
        "r_mood": statistics.correlation(human, moods),
        "r_vader": statistics.correlation(human, vader),
        "agree_mood": sum(s == _three_way(x) for s, x in zip(sign, moods, strict=True)) / len(sign),
        "agree_vader": sum(s == _three_way(x) for s, x in zip(sign, vader, strict=True))
        / len(sign),
    }


def seed_texts() -> list[str]:
    texts = []
    for page in sorted((ROOT / "seeds").glob("*.txt")):
        texts += [t for t in seed_comment_texts(page.stem) if t]
    return texts


def run() -> dict[str, tuple[float, float | None, str]]:
    """All measures of this benchmark, for tests/benchmark.py."""
    out: dict[str, tuple[float, float | None, str]] = {}
    ratio, vader_s, extra_s = speed_ratio(seed_texts())
    out["mood+themes: (VADER+mood+themes)/VADER, seed comments"] = (ratio, SPEED_TARGET, "x")
    out["mood+themes: microseconds per seed comment"] = (extra_s * 1e6, None, "")
    out["VADER: microseconds per seed comment"] = (vader_s * 1e6, None, "")
    if not NYT_FILE.exists():
        print(f"benchmark_mood: {NYT_FILE} is absent; NYT guard skipped", file=sys.stderr)
        return out
    rows = read_nyt()
    ratio, _, _ = speed_ratio([s for _, s in rows[:1000]], rounds=3)
    out["mood+themes: (VADER+mood+themes)/VADER, NYT sentences"] = (ratio, SPEED_TARGET, "x")
    guard = nyt_guard(rows)
    out["NYT: Pearson r, VADER compound vs human mean"] = (guard["r_vader"], None, "")
    out["NYT: Pearson r, mood score (at least VADER's)"] = (guard["r_mood"], guard["r_vader"], "")
    out["NYT: 3-class agreement, VADER"] = (guard["agree_vader"], None, "")
    out["NYT: 3-class agreement, mood (at least VADER's)"] = (
        guard["agree_mood"],
        guard["agree_vader"],
        "",
    )
    out["NYT: sentences whose label mood changed"] = (float(guard["changed"]), None, "")
    return out


if __name__ == "__main__":
    for name, (value, target, unit) in run().items():
        print(
            f"{name:<62} {value:10.4f}{unit} "
            + ("" if target is None else f"(target {target:.4f})")
        )
