"""Labelled comments the mood model learns from and is measured on: readers' labels of real
comments (page id + offsets into ../shared/realpages/gold), GoEmotions, the tests' own sets.

Real labels keep no text: `real_labels` cuts it from the gold files when it reads them. 201
comments were labelled twice (same page, overlapping span): the first record is kept.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from analysis.errors import BadLabels
from analysis.model import MOOD_ORDER, MoodLabel

#: GoEmotions' own grouping of its emotions (the authors' sentiment_dict.json); the
#: ambiguous ones (realization, surprise, curiosity, confusion) are left out.
GOEMOTIONS_POSITIVE = frozenset(
    [
        "amusement",
        "excitement",
        "joy",
        "love",
        "desire",
        "optimism",
        "caring",
        "pride",
        "admiration",
        "gratitude",
        "relief",
        "approval",
    ]
)
GOEMOTIONS_NEGATIVE = frozenset(
    [
        "fear",
        "nervousness",
        "remorse",
        "embarrassment",
        "disappointment",
        "sadness",
        "grief",
        "disgust",
        "anger",
        "annoyance",
        "disapproval",
    ]
)


@dataclass(frozen=True, slots=True)
class Labelled:
    """One labelled comment: its text, a reader's mood and themes, and where it comes from
    (`group`: the page id for real comments, so cross-validation keeps a page together)."""

    text: str
    mood: MoodLabel
    group: str
    themes: tuple[str, ...] = ()
    sarcastic: bool = False


def decode_gold(data: bytes) -> str:
    """A gold file's text as the labelling tool reads it (benchmarks/real/labeltool.py)."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        text = data.decode("utf-16")
    else:
        for enc in ("utf-8-sig", "cp1252"):
            try:
                text = data.decode(enc)
                break
            except UnicodeDecodeError:
                continue
        else:
            text = data.decode("latin-1")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def test_pages(split_path: Path) -> frozenset[str]:
    """The page ids of the seeded test quarter (`benchmarks/real/split.json`)."""
    try:
        return frozenset(json.loads(split_path.read_text("utf-8"))["test"])
    except (OSError, ValueError, KeyError) as exc:
        raise BadLabels(f"{split_path}: not a split file with a 'test' list ({exc})") from exc


def real_labels(path: Path, gold_dir: Path) -> list[Labelled]:
    """The readers' labels of `path` (JSONL of page, start, end, mood, themes …), each with
    its text cut from `gold_dir`/<page>.txt; a comment labelled twice counts once."""
    kept: dict[str, list[tuple[int, int]]] = {}
    golds: dict[str, str] = {}
    out: list[Labelled] = []
    try:
        lines = path.read_text("utf-8").splitlines()
    except OSError as exc:
        raise BadLabels(f"{path}: cannot read the labels ({exc})") from exc
    for k, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
            page, start, end, mood = (
                str(rec["page"]),
                int(rec["start"]),
                int(rec["end"]),
                rec["mood"],
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise BadLabels(f"{path}:{k}: not a label record ({exc})") from exc
        if mood not in MOOD_ORDER:
            raise BadLabels(f"{path}:{k}: mood {mood!r} is not one of {', '.join(MOOD_ORDER)}")
        spans = kept.setdefault(page, [])
        if any(start < e and s < end for s, e in spans):
            continue  # labelled twice: keep the first reading
        spans.append((start, end))
        if page not in golds:
            gold = gold_dir / f"{page}.txt"
            try:
                golds[page] = decode_gold(gold.read_bytes())
            except OSError as exc:
                raise BadLabels(f"{gold}: cannot read the gold page ({exc})") from exc
        out.append(
            Labelled(
                golds[page][start:end],
                mood,
                page,
                tuple(rec.get("themes", ())),
                bool(rec.get("sarcastic", False)),
            )
        )
    return out


def goemotions(path: Path) -> list[Labelled]:
    """GoEmotions rows (text, label ids, id) as positive/negative/neutral; a row whose
    emotions are ambiguous or fall in two groups is left out."""
    names = (path.parent / "emotions.txt").read_text("utf-8").split()
    out = []
    for line in path.read_text("utf-8").splitlines():
        text, ids, row_id = line.split("\t")
        groups = set()
        for i in ids.split(","):
            name = names[int(i)]
            groups.add(
                "positive"
                if name in GOEMOTIONS_POSITIVE
                else "negative"
                if name in GOEMOTIONS_NEGATIVE
                else "neutral"
                if name == "neutral"
                else "ambiguous"
            )
        if len(groups) == 1 and "ambiguous" not in groups:
            mood: MoodLabel = groups.pop()  # type: ignore[assignment]
            out.append(Labelled(text, mood, f"goemotions:{row_id}"))
    return out


def written_sets(paths: Iterable[Path]) -> list[Labelled]:
    """The tests' own comment sets (`{"comments": [{text, mood, sarcastic, …}]}` or a list)."""
    out = []
    for path in paths:
        data = json.loads(path.read_text("utf-8"))
        rows = data["comments"] if isinstance(data, dict) else data
        for i, row in enumerate(rows):
            out.append(
                Labelled(
                    row["text"],
                    row["mood"],
                    f"{path.stem}:{i}",
                    tuple(row.get("themes", ())),
                    bool(row.get("sarcastic", False)),
                )
            )
    return out
