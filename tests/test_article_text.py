"""The article's body in copied text (analysis/pages/article_text.py): the body model.

The pages here are written for these tests, in our own words. The real-page check reads
../shared/realpages (development part only) and skips when it is absent.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path

import pytest
from pydantic import ValidationError

from analysis import rules as rules_mod
from analysis.pages import article_text
from analysis.pages.lines import lines_of
from analysis.rules.schema import Ranker

HERE = Path(__file__).parent
REAL = HERE.parent.parent / "shared" / "realpages"

PARAS = [
    "The village hall has been closed since the spring, when the roof began to leak over the "
    "stage and the committee decided that it was no longer safe for the playgroup to use.",
    "Volunteers have spent the summer raising money for the repairs, and by the end of August "
    "they had collected enough to pay for the new timbers and most of the slates.",
    "The builders expect to finish before the first frost, which means that the hall should be "
    "open again in time for the winter fair and the carol concert in December.",
    "Anyone who would like to help with the last of the painting is asked to come along on "
    "Saturday morning with a brush and an old shirt that they do not mind ruining.",
]

RECIPE = "\n".join(
    [
        "Home",
        "Recipes",
        "About me",
        "Contact",
        "Kitchen Notes",
        "Pear and walnut loaf",
        "March 3, 2014",
        PARAS[0],
        "The hall in happier days.",  # a photo caption between paragraphs
        PARAS[1],
        "Slates stacked by the door.",
        PARAS[2],
        PARAS[3],
        "Share",
        "Tweet",
        "Popular posts",
        "Ten ways with leftover rice",
        "A cake for a rainy Sunday",
    ]
)


def _body(text: str) -> tuple[str | None, list[str]]:
    rules = rules_mod.load().pages
    lines = lines_of(text)
    found = article_text.body(lines, rules)
    head = lines[found.headline].text if found.headline is not None else None
    return head, [lines[k].text for k in found.lines]


def test_short_captions_between_paragraphs_stay_in_the_body() -> None:
    """A one-line caption among prose is part of the article (the max-run of prose alone cut
    the body at the first short line on real blog pages)."""
    head, body = _body(RECIPE)
    assert head == "Pear and walnut loaf"
    assert body.index(PARAS[0]) < body.index(PARAS[1]) and body[-1] == PARAS[3]
    assert "The hall in happier days." in body
    assert "Slates stacked by the door." in body


def test_menus_share_bars_and_teasers_stay_out() -> None:
    _, body = _body(RECIPE)
    for chrome in (
        "Home",
        "Recipes",
        "Share",
        "Tweet",
        "Popular posts",
        "A cake for a rainy Sunday",
    ):
        assert chrome not in body


SHORT_PARAS = "\n".join(
    [
        "Notes from the allotment",
        "The first frost came early this year and took the last of the beans with it.",
        "Frosted bean rows.",
        "I had meant to pick them on Sunday but the rain kept me in the shed.",
        "Wet shed.",
        "Next year the beans go in a fortnight sooner, and under fleece if it turns cold.",
        "Archives",
        "Categories",
    ]
)


def test_a_caption_splits_the_prose_run_but_not_the_body() -> None:
    """The model-free run of prose (which the comment ranker weighs) stops at a short
    caption between short paragraphs; the body model reads through it."""
    rules = rules_mod.load().pages
    lines = lines_of(SHORT_PARAS)
    run = [lines[k].text for k in article_text.prose_run(lines, rules)]
    assert len(run) == 1
    head, body = _body(SHORT_PARAS)
    assert head == "Notes from the allotment"
    assert "Frosted bean rows." in body and "Wet shed." in body
    assert body[-1].startswith("Next year") and "Archives" not in body


def test_every_line_gets_every_feature_the_model_weighs() -> None:
    rules = rules_mod.load().pages
    feats = article_text.line_features(lines_of(RECIPE), rules)
    assert rules.text.article.trees is not None
    weighed = set(rules.text.article.trees.names)
    assert weighed and all(set(f) >= weighed for f in feats)
    probs = article_text.probabilities(lines_of(RECIPE), rules)
    assert all(0.0 < p < 1.0 for p in probs)


def test_a_model_without_the_mean_of_a_weight_fails_loading() -> None:
    with pytest.raises(ValidationError, match="no mean or scale for words_log"):
        Ranker(threshold=0.5, intercept=0.0, weights={"words_log": 1.0}, mean={}, scale={})
    with pytest.raises(ValidationError, match="scale"):
        Ranker(threshold=0.5, intercept=0.0, weights={"a": 1.0}, mean={"a": 0.0}, scale={"a": 0.0})


def test_features_take_time_linear_in_lines() -> None:
    rules = rules_mod.load().pages

    def cost(n: int) -> float:
        text = "\n".join((PARAS[k % 4] if k % 3 else "Caption") for k in range(n))
        lines = lines_of(text)
        start = time.process_time()
        article_text.body(lines, rules)
        return time.process_time() - start

    cost(200)
    small, large = cost(2000), cost(8000)
    assert large < 8 * max(small, 1e-3)


def test_real_dev_pages_body_recall() -> None:
    """On development pages (never the test quarter) where the whole copied page is read by
    the body model, most of the gold content's words are in the body found."""
    if not (REAL / "pages.json").exists():
        pytest.skip("../shared/realpages is absent: real-page check skipped")
    import re

    from analysis import sources

    test_ids = set(json.loads((HERE.parent / "benchmarks/real/split.json").read_text())["test"])
    listed = json.loads((REAL / "pages.json").read_text())
    dev = sorted(p for p in listed["without_comments"] if p not in test_ids)[:30]
    rules = rules_mod.load().pages
    word = re.compile(r"\w+")
    scores = []
    for page in dev:
        lines = lines_of(sources.read_path(REAL / "text" / f"{page}.txt").text)
        found = article_text.body(lines, rules)
        pred = Counter(word.findall(" ".join(lines[k].text for k in found.lines).lower()))
        gold_raw = (REAL / "gold" / f"{page}.txt").read_bytes()
        gold_text = gold_raw.decode("utf-8", errors="replace")
        gold = Counter(word.findall(gold_text.split("!@#$%")[0].lower()))
        both = sum((pred & gold).values())
        scores.append(2 * both / (sum(pred.values()) + sum(gold.values()) or 1))
    assert sum(scores) / len(scores) >= 0.75


def test_a_long_run_of_digits_is_read_without_backtracking() -> None:
    """The chrome pattern once nested a repeated number inside a repeated group: a line of
    forty digits then a letter took longer than any test (24 digits took two seconds). A hang
    guard, not a speed target."""
    rules = rules_mod.load().pages
    line = "1" * 40 + "x"
    start = time.process_time()
    article_text.line_features(lines_of(f"A title\n\n{line}\n\n{'7 ' * 5000}x\n"), rules)
    assert rules.text.article.chrome.fullmatch(line) is None
    assert time.process_time() - start < 5.0


def test_prefix_runs_are_the_best_run_of_every_prefix() -> None:
    """The comment ranker reads the prose before each candidate from one pass
    (`prefix_runs`); it must equal reading each prefix on its own."""
    rules = rules_mod.load().pages
    lines = lines_of(SHORT_PARAS + "\n" + RECIPE)
    prefix = article_text.prefix_runs(lines, rules)
    assert len(prefix) == len(lines) + 1
    best = [article_text._best_run(lines[:k], rules)[0] for k in range(len(lines) + 1)]
    assert prefix == best
    assert prefix[-1] > 0
