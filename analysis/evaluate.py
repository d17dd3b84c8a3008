"""Measure the analysis against a labels file (the format of seed-labels.json).

`evaluate` compares analysed pages with a careful human reading and reports, with the number
of cases `n` beside every figure:

- mood: accuracy and macro-F1 of the project's mood, and of raw VADER (compound ±0.05)
  beside it, with both 3x3 confusion matrices (rows: label, columns: prediction);
- themes: precision, recall and F1 per theme (themes the labels never use are listed with
  their counts but no scores: the labeller did not look for them);
- split: comment slots per page, and per labelled comment its author, moderated flag and
  start ("starts_with");
- claim links: for comments that answer a claim (non-empty "responds_to"), the share whose
  best link's claim contains one of the listed words; for comments that answer the article
  in general, the share with no link.

Comments are matched by position. A labels file exported from the dashboard's hand
corrections (`reader-mood export-labels`) marks its articles "comments_partial" and carries no
"responds_to": it then counts toward mood, themes and per-comment split figures only.

`evaluate_real` measures instead a file of readers' labels of real comments (page id and
character offsets into gold pages, `benchmarks/real/comment_labels.jsonl`): mood beside raw
VADER and "always negative", confusion matrices, and per-theme TP/FP/FN with P/R/F1, over the
test quarter, the dev part or all of them.

Macro-F1 averages the classes that occur in the labels or
the predictions (the usual convention), so it is defined however few classes a page has.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from analysis import jsontext, mood, sentiment, sources, themes
from analysis import rules as rules_mod
from analysis.errors import BadLabels
from analysis.model import MOOD_ORDER, Analysis, CommentReading
from analysis.mood import corpora

#: A comment the analysis lacks, or left without a mood: counted as a wrong prediction.
MISSING = "missing"


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


#: Per-comment fields and the shape each must have; checked before any figure is computed.
_FIELD_CHECKS: dict[str, Any] = {
    "author": lambda v: v is None or isinstance(v, str),
    "moderated": lambda v: isinstance(v, bool),
    "starts_with": lambda v: v is None or isinstance(v, str),
    "themes": _strings,
    "responds_to": _strings,
}
_FIELD_FORMS = {
    "author": "must be a string or null",
    "moderated": "must be true or false",
    "starts_with": "must be a string or null",
    "themes": "must be a list of theme names",
    "responds_to": "must be a list of words",
}


def load_labels(path: Path) -> dict[str, Any]:
    """Read and check a labels file."""
    # At most the page size limit, from a regular file; nesting and numbers bounded.
    raw = sources.read_limited(path, what="a labels file", error=BadLabels)
    try:
        data = jsontext.loads(raw.decode("utf-8"))
    except ValueError as exc:
        raise BadLabels(f"{path}: not a readable labels JSON file ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("articles"), dict):
        raise BadLabels(f"{path}: expected an object with an 'articles' object")
    for page_id, article in data["articles"].items():
        if not isinstance(article, dict) or not isinstance(article.get("comments", []), list):
            raise BadLabels(f"{path}: article {page_id!r}: expected an object with a comments list")
        for i, comment in enumerate(article.get("comments", []), start=1):
            if not isinstance(comment, dict) or not isinstance(comment.get("position"), int):
                raise BadLabels(f"{path}: article {page_id!r}, comment {i}: needs a position")
            where = f"{path}: article {page_id!r}, comment {comment['position']}"
            for key, ok in _FIELD_CHECKS.items():
                if key in comment and not ok(comment[key]):
                    raise BadLabels(f"{where}: {key!r} {_FIELD_FORMS[key]}")
            mood = comment.get("mood")
            if mood is not None and mood not in MOOD_ORDER:
                raise BadLabels(
                    f"{path}: article {page_id!r}, comment {comment['position']}: "
                    f"mood {mood!r} is not one of {', '.join(MOOD_ORDER)}"
                )
    return data


def _ratio(hits: int, n: int) -> float | None:
    return round(hits / n, 4) if n else None


def _f1(tp: int, fp: int, fn: int) -> tuple[float | None, float | None, float | None]:
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / (tp + fn) if tp + fn else None
    if precision is None or recall is None:
        return precision, recall, None
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return round(precision, 4), round(recall, 4), round(f1, 4)


def _mood_scores(pairs: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """Accuracy, macro-F1 and confusion matrix of (label, prediction) pairs."""
    n = len(pairs)
    correct = sum(label == pred for label, pred in pairs)
    matrix: dict[str, dict[str, int]] = {
        label: {pred: 0 for pred in (*MOOD_ORDER, MISSING)} for label in MOOD_ORDER
    }
    for label, pred in pairs:
        matrix[label][pred] += 1
    present = [c for c in MOOD_ORDER if any(c in pair for pair in pairs)]
    f1s = []
    for c in present:
        tp = sum(1 for label, pred in pairs if label == c and pred == c)
        fp = sum(1 for label, pred in pairs if label != c and pred == c)
        fn = sum(1 for label, pred in pairs if label == c and pred != c)
        f1s.append(_f1(tp, fp, fn)[2] or 0.0)
    return {
        "n": n,
        "correct": correct,
        "accuracy": _ratio(correct, n),
        "macro_f1": round(sum(f1s) / len(f1s), 4) if f1s else None,
        "confusion": matrix,
    }


def _by_position(analysis: Analysis | None) -> dict[int, CommentReading]:
    return {} if analysis is None else {r.comment.position: r for r in analysis.comments}


def _starts_with(text: str, start: str) -> bool:
    return " ".join(text.split()).startswith(" ".join(start.split()))


@dataclasses.dataclass
class _Tally:
    """What `evaluate` counts over the labelled comments: [correct, n] for each check of the
    split and the claim links, the (label, reading) mood pairs of mood and of raw VADER, and
    each theme's true and false positives and negatives."""

    split: dict[str, list[int]] = dataclasses.field(
        default_factory=lambda: {
            k: [0, 0] for k in ("pages_slot_count", "authors", "moderated", "starts_with")
        }
    )
    links: dict[str, list[int]] = dataclasses.field(
        default_factory=lambda: {"answers_claim": [0, 0], "answers_article": [0, 0]}
    )
    mood_pairs: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    vader_pairs: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    theme_counts: dict[str, dict[str, int]] = dataclasses.field(default_factory=dict)
    labelled_themes: set[str] = dataclasses.field(default_factory=set)

    @staticmethod
    def count(table: dict[str, list[int]], key: str, ok: bool) -> None:
        table[key][0] += ok
        table[key][1] += 1

    def comment(
        self, label: dict[str, Any], reading: CommentReading | None, claim_text: dict[str, str]
    ) -> None:
        """Count one labelled comment against its reading (None when none was found)."""
        comment = reading.comment if reading else None
        if "author" in label:
            self.count(
                self.split, "authors", comment is not None and comment.author == label["author"]
            )
        if "moderated" in label:
            ok = comment is not None and comment.moderated == label["moderated"]
            self.count(self.split, "moderated", ok)
        if label.get("starts_with"):
            ok = comment is not None and _starts_with(comment.text, label["starts_with"])
            self.count(self.split, "starts_with", ok)
        if label.get("moderated"):
            return
        if label.get("mood") in MOOD_ORDER:
            mood = reading.mood.label if reading and reading.mood else MISSING
            vader = (
                sentiment.label(reading.vader.compound) if reading and reading.vader else MISSING
            )
            self.mood_pairs.append((label["mood"], mood))
            self.vader_pairs.append((label["mood"], vader))
        if "themes" in label:
            self.themes(set(label["themes"]), reading)
        if "responds_to" in label:
            self.link([w.lower() for w in label["responds_to"]], reading, claim_text)

    def themes(self, expected: set[str], reading: CommentReading | None) -> None:
        self.labelled_themes |= expected
        found = {h.name for h in reading.themes} if reading else set()
        for name in expected | found:
            c = self.theme_counts.setdefault(name, {"tp": 0, "fp": 0, "fn": 0})
            c[
                "tp" if name in expected and name in found else "fn" if name in expected else "fp"
            ] += 1

    def link(
        self, words: list[str], reading: CommentReading | None, claim_text: dict[str, str]
    ) -> None:
        best = reading.links[0] if reading and reading.links else None
        if words:
            text = claim_text.get(best.claim_id, "").lower() if best else ""
            self.count(self.links, "answers_claim", any(w in text for w in words))
        else:
            self.count(self.links, "answers_article", best is None)

    def themes_report(self) -> dict[str, Any]:
        out = {}
        for name in sorted(self.theme_counts):
            c = self.theme_counts[name]
            precision, recall, f1 = _f1(c["tp"], c["fp"], c["fn"])
            labelled_here = name in self.labelled_themes
            out[name] = {
                "labelled": labelled_here,
                "n_labelled": c["tp"] + c["fn"],
                "n_found": c["tp"] + c["fp"],
                "tp": c["tp"],
                "precision": precision if labelled_here else None,
                "recall": recall if labelled_here else None,
                "f1": f1 if labelled_here else None,
            }
        return out


def evaluate(labels: dict[str, Any], analyses: Sequence[Analysis]) -> dict[str, Any]:
    """The report: a JSON-able dict (see the module docstring)."""
    by_id = {a.page.id: a for a in analyses}
    articles: dict[str, Any] = labels["articles"]
    tally = _Tally()
    missing_pages: list[str] = []
    for page_id, article in articles.items():
        analysis = by_id.get(page_id)
        if analysis is None:
            missing_pages.append(page_id)
        readings = _by_position(analysis)
        claim_text = {} if analysis is None else {c.claim.id: c.claim.text for c in analysis.claims}
        labelled = article.get("comments", [])
        if not article.get("comments_partial"):
            # A partial file (hand corrections of some comments) says nothing of the slots.
            ok = analysis is not None and len(analysis.comments) == len(labelled)
            tally.count(tally.split, "pages_slot_count", ok)
        for label in labelled:
            tally.comment(label, readings.get(label["position"]), claim_text)
    return {
        "pages": {"labelled": len(articles), "analysed": len(analyses), "missing": missing_pages},
        "mood": _mood_scores(tally.mood_pairs),
        "vader": _mood_scores(tally.vader_pairs),
        "themes": tally.themes_report(),
        "split": {
            k: {"n": v[1], "correct": v[0], "accuracy": _ratio(v[0], v[1])}
            for k, v in tally.split.items()
        },
        "claim_links": {
            k: {"n": v[1], "hits": v[0], "share": _ratio(v[0], v[1])}
            for k, v in tally.links.items()
        },
    }


def _of(hits: int, n: int) -> str:
    return f"{hits} / {n}"


def _fmt(value: float | None) -> str:
    return "  -  " if value is None else f"{value:.2f}"


def render(report: dict[str, Any]) -> str:
    """The report as text for a terminal: mood beside raw VADER, then themes, split, links."""
    mood, vader = report["mood"], report["vader"]
    lines = [
        f"pages: {report['pages']['analysed']} analysed, {report['pages']['labelled']} labelled"
        + (
            f" (missing: {', '.join(report['pages']['missing'])})"
            if report["pages"]["missing"]
            else ""
        ),
        "",
        f"{'mood of comments':<22}{'mood':>12}{'raw VADER':>12}",
        f"{'  agrees (of n)':<22}{_of(mood['correct'], mood['n']):>12}"
        f"{_of(vader['correct'], vader['n']):>12}",
        f"{'  accuracy':<22}{_fmt(mood['accuracy']):>12}{_fmt(vader['accuracy']):>12}",
        f"{'  macro-F1':<22}{_fmt(mood['macro_f1']):>12}{_fmt(vader['macro_f1']):>12}",
        "",
        "confusion (rows: label; columns: prediction)   mood | raw VADER",
        f"  {'':<10}"
        + "".join(f"{c[:4]:>5}" for c in (*MOOD_ORDER, MISSING))
        + "   |"
        + "".join(f"{c[:4]:>5}" for c in (*MOOD_ORDER, MISSING)),
    ]
    for label in MOOD_ORDER:
        left = "".join(f"{mood['confusion'][label][c]:>5}" for c in (*MOOD_ORDER, MISSING))
        right = "".join(f"{vader['confusion'][label][c]:>5}" for c in (*MOOD_ORDER, MISSING))
        lines.append(f"  {label:<10}{left}   |{right}")
    lines += ["", f"{'theme':<28}{'n':>4}{'found':>7}{'P':>7}{'R':>7}{'F1':>7}"]
    for name, t in report["themes"].items():
        if t["labelled"]:
            lines.append(
                f"  {name:<26}{t['n_labelled']:>4}{t['n_found']:>7}"
                f"{_fmt(t['precision']):>7}{_fmt(t['recall']):>7}{_fmt(t['f1']):>7}"
            )
        else:
            lines.append(f"  {name:<26}{'':>4}{t['n_found']:>7}   (not labelled in this file)")
    lines += ["", f"{'split':<28}{'correct':>9}{'accuracy':>10}"]
    for key, s in report["split"].items():
        lines.append(f"  {key:<26}{s['correct']:>4} / {s['n']:<3}{_fmt(s['accuracy']):>9}")
    lines += ["", f"{'claim links':<28}{'hits':>9}{'share':>10}"]
    for key, s in report["claim_links"].items():
        lines.append(f"  {key:<26}{s['hits']:>4} / {s['n']:<3}{_fmt(s['share']):>9}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- real labels

#: Which comments of a real-labels file to measure: the seeded test quarter, the rest, or all.
SPLITS = ("test", "dev", "all")


def load_real(
    labels: Path, gold: Path, split: str = "test", split_file: Path | None = None
) -> list[corpora.Labelled]:
    """The comments of a real-labels file (page id + offsets into `gold`/<id>.txt, as
    `benchmarks/real/comment_labels.jsonl`), of the pages of `split` (the test quarter of
    `split_file`, default split.json beside the labels; its complement; or all)."""
    if split not in SPLITS:
        raise BadLabels(f"split {split!r} is not one of {', '.join(SPLITS)}")
    if not gold.is_dir():
        raise BadLabels(f"{gold}: no such folder of gold pages")
    rows = corpora.real_labels(labels, gold)
    if split == "all":
        return rows
    test = corpora.test_pages(split_file or labels.with_name("split.json"))
    return [r for r in rows if (r.group in test) == (split == "test")]


def evaluate_real(
    rows: Sequence[corpora.Labelled],
    theme_set: themes.ThemeSet,
    rule_data: rules_mod.Rules | None = None,
) -> dict[str, Any]:
    """Mood (beside raw VADER and "always negative") and themes on labelled real comments.

    Each comment's text is read as given (the page splitter plays no part). Themes: every
    theme of `theme_set` is counted (true and false positives, misses), P/R/F1 where the
    labels use it.
    """
    settings = dataclasses.replace(mood.DEFAULT_SETTINGS, rules=rule_data)
    mood_pairs: list[tuple[str, str]] = []
    vader_pairs: list[tuple[str, str]] = []
    counts = {name: {"tp": 0, "fp": 0, "fn": 0} for name in theme_set.names}
    for row in rows:
        reading = sentiment.read(row.text)
        mood_pairs.append((row.mood, mood.judge(row.text, reading, settings).label))
        vader_pairs.append((row.mood, sentiment.label(reading.sentiment.compound)))
        found = {h.name for h in themes.tag(row.text, theme_set)}
        for name in found | set(row.themes):
            c = counts.setdefault(name, {"tp": 0, "fp": 0, "fn": 0})
            c[
                "tp" if name in found and name in row.themes else "fp" if name in found else "fn"
            ] += 1
    report_themes = {}
    for name, c in sorted(counts.items()):
        precision, recall, f1 = _f1(c["tp"], c["fp"], c["fn"])
        report_themes[name] = {
            **c,
            "n_labelled": c["tp"] + c["fn"],
            "precision": precision,
            "recall": recall,
            "f1": f1,
            "more_fp_than_tp": c["fp"] > c["tp"],
        }
    return {
        "n": len(rows),
        "pages": len({r.group for r in rows}),
        "mood": _mood_scores(mood_pairs),
        "vader": _mood_scores(vader_pairs),
        "always_negative": _mood_scores([(label, "negative") for label, _ in mood_pairs]),
        "themes": report_themes,
    }


def render_real(report: dict[str, Any]) -> str:
    """The real-label report as text: mood beside raw VADER and "always negative", themes."""
    columns = (("mood", "mood"), ("raw VADER", "vader"), ("always neg.", "always_negative"))
    head = "".join(f"{title:>13}" for title, _ in columns)
    lines = [
        f"real comments: {report['n']} on {report['pages']} pages",
        "",
        f"{'mood of comments':<20}{head}",
        f"{'  agrees (of n)':<20}"
        + "".join(f"{_of(report[k]['correct'], report[k]['n']):>13}" for _, k in columns),
        f"{'  accuracy':<20}" + "".join(f"{_fmt(report[k]['accuracy']):>13}" for _, k in columns),
        f"{'  macro-F1':<20}" + "".join(f"{_fmt(report[k]['macro_f1']):>13}" for _, k in columns),
        "",
        "confusion (rows: label; columns: prediction)   mood | raw VADER",
        f"  {'':<10}"
        + "".join(f"{c[:4]:>5}" for c in MOOD_ORDER)
        + "   |"
        + "".join(f"{c[:4]:>5}" for c in MOOD_ORDER),
    ]
    for label in MOOD_ORDER:
        left = "".join(f"{report['mood']['confusion'][label][c]:>5}" for c in MOOD_ORDER)
        right = "".join(f"{report['vader']['confusion'][label][c]:>5}" for c in MOOD_ORDER)
        lines.append(f"  {label:<10}{left}   |{right}")
    lines += ["", f"{'theme':<28}{'n':>4}{'TP':>5}{'FP':>5}{'FN':>5}{'P':>7}{'R':>7}{'F1':>7}"]
    for name, t in report["themes"].items():
        flag = "  more FP than TP" if t["more_fp_than_tp"] else ""
        lines.append(
            f"  {name:<26}{t['n_labelled']:>4}{t['tp']:>5}{t['fp']:>5}{t['fn']:>5}"
            f"{_fmt(t['precision']):>7}{_fmt(t['recall']):>7}{_fmt(t['f1']):>7}{flag}"
        )
    return "\n".join(lines)
