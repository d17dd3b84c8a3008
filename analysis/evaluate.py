"""Measure the analysis against a labels file (format of seed-labels.json).

Baseline version (owned by the mood/themes work).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from analysis.errors import BadLabels
from analysis.model import Analysis


def load_labels(path: Path) -> dict[str, Any]:
    """Read and check a labels file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BadLabels(f"{path}: not a readable labels JSON file ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("articles"), dict):
        raise BadLabels(f"{path}: expected an object with an 'articles' object")
    return data


def evaluate(labels: dict[str, Any], analyses: Sequence[Analysis]) -> dict[str, Any]:
    """The report: a JSON-able dict."""
    return {"pages": len(analyses)}


def render(report: dict[str, Any]) -> str:
    """The report as text for a terminal."""
    return json.dumps(report, indent=2)
