"""Mood: the learned model over VADER's reading, the cue rules and words, with reasons.

Sentences here are invented for this file; the seed comments are read straight from the seed
pages, so these tests do not wait for the splitter. What the model gets right on real comments
is measured by `reader-mood evaluate … --gold` and benchmarks/mood_quality.py, not here: the
tests pin its contract (labels, scores, reasons), the seeds floor and the rules registry.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import mood, sentiment
from analysis.model import Reason
from analysis.mood import features, learned, rules

ROOT = Path(__file__).resolve().parent.parent
FLOORS = json.loads((ROOT / "tests" / "fixtures" / "quality_floors.json").read_text("utf-8"))
REPORT_LINE = "Unsuitable or offensive? Report this comment"


def seed_comment_texts(page_id: str) -> list[str | None]:
    """Each reader comment slot of a seed page in order: its text, or None when moderated.

    Seed captures show a comment as a block from a line "  • " to the report line; a first
    line followed by a blank line and made of two or three capitalised words is the author.
    """
    lines = (ROOT / "seeds" / f"{page_id}.txt").read_text("utf-8").splitlines()
    slots: list[str | None] = []
    block: list[str] | None = None
    for line in lines:
        if line.startswith("  • "):
            if block is not None and block[0] == "This comment has been moderated":
                slots.append(None)
            block = [line[4:]]
        elif block is not None and line.strip() == REPORT_LINE:
            body = block
            words = body[0].split()
            named = 2 <= len(words) <= 3 and all(w[:1].isupper() for w in words)
            if named and len(body) > 2 and not body[1].strip():
                body = body[2:]
            slots.append("\n".join(x.strip() for x in body).strip())
            block = None
        elif block is not None:
            block.append(line)
    if block is not None and block[0] == "This comment has been moderated":
        slots.append(None)
    return slots


def labelled_seed_comments() -> list[tuple[str, dict, str]]:
    """(page id, label, text) of every labelled, unmoderated seed comment."""
    labels = json.loads((ROOT / "tests" / "fixtures" / "seed-labels.json").read_text("utf-8"))
    out = []
    for page_id, article in labels["articles"].items():
        if not article["comments"]:
            continue
        slots = seed_comment_texts(page_id)
        for label in article["comments"]:
            text = slots[label["position"] - 1]
            if label["moderated"]:
                assert text is None
                continue
            assert text is not None and text.startswith(label["starts_with"]), label
            out.append((page_id, label, text))
    return out


def judge(text: str):
    return mood.judge(text, sentiment.read(text))


def vader_label(text: str) -> str:
    return sentiment.label(sentiment.score(text).compound)


# --------------------------------------------------------------------------- the contract


def test_the_model_loads_once_per_process() -> None:
    judge("Fine.")
    before = learned.weights.cache_info()
    judge("Another one.")
    after = learned.weights.cache_info()
    assert after.misses == before.misses and after.hits > before.hits
    assert len(mood.digest()) == 16


def test_the_model_file_is_small_and_holds_no_words() -> None:
    import numpy as np

    assert learned.MODEL_PATH.stat().st_size <= 20 * 1024 * 1024
    with np.load(learned.MODEL_PATH, allow_pickle=False) as data:
        assert set(data.files) == {
            "dense",
            "words",
            "bias",
            "mean",
            "names",
            "config",
            "vader_margin",
        }
        # The only strings: the dense features' names and the training settings.
        assert tuple(str(n) for n in data["names"]) == features.NAMES


def test_seed_comments_agree_with_the_careful_reading() -> None:
    found = labelled_seed_comments()
    agree = sum(judge(text).label == label["mood"] for _, label, text in found)
    vader = sum(vader_label(text) == label["mood"] for _, label, text in found)
    floors = FLOORS["seed_comment_texts"]
    assert agree >= floors["mood_correct"], agree
    assert len(found) == floors["n"]
    assert vader == floors["vader_correct"], vader


@pytest.mark.parametrize(
    "text",
    [
        "Thanks for the article, but you are completely wrong about the cuts and it shows.",
        "I understand the argument, however the figures simply do not add up.",
        "Great post, thanks! This helped me a lot.",
        "Which version did you use for the test?",
    ],
)
def test_reasons_are_records_with_a_plain_rendering(text: str) -> None:
    reading = sentiment.read(text)
    judged = mood.judge(text, reading)
    assert judged.probabilities is not None
    assert abs(sum(judged.probabilities) - 1) < 1e-9
    assert judged.reasons == tuple(str(r) for r in judged.explanation)
    assert all(isinstance(r, Reason) and r.kind and ":" in str(r) for r in judged.explanation)
    assert all(str(r).split(":", 1)[0] == r.kind for r in judged.explanation)
    assert all(r.effect >= 0 for r in judged.explanation)


CUE_WORDS = [
    "but", "however", "not", "never", "lol", "'temporary'", "great", "awful", "thanks",
    "Mr.", "?", "!", ".", "\n", "🙂", "😂", "omnishambles", "burnt out", "don't believe",
    "Who knew?", "strike", "the mask slips",
]  # fmt: skip
mixed_text = st.lists(st.sampled_from(CUE_WORDS), min_size=0, max_size=40).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(mixed_text, st.text(max_size=300)))
def test_score_in_range_and_reasons_exactly_when_label_differs(text: str) -> None:
    raw = sentiment.read(text)
    result = mood.judge(text, raw)
    assert -1.0 <= result.score <= 1.0
    assert result.label in ("negative", "neutral", "positive")
    differs = result.label != sentiment.label(raw.sentiment.compound)
    assert bool(result.reasons) == differs == bool(result.explanation)
    if not differs:
        assert result.score == raw.sentiment.compound
    else:
        assert sentiment.label(result.score) == result.label


# --------------------------------------------------------------------------- the rules


def test_every_rule_is_one_record_with_its_cue_tables() -> None:
    assert len({r.name for r in rules.RULES}) == len(rules.RULES)
    assert rules.RULE_NAMES == (
        "echo", "contrast", "domain words", "idioms and rejection", "scare quotes", "laughter",
    )  # fmt: skip
    assert all(r.cues and callable(r.apply) for r in rules.RULES)
    assert features.NAMES[-len(rules.RULES) :] == tuple(f"rule: {n}" for n in rules.RULE_NAMES)


@pytest.mark.parametrize(
    ("text", "rule", "reason_start"),
    [
        ("I don't believe a word the minister says.", "idioms and rejection", "negated belief"),
        ("The mask has slipped at last.", "idioms and rejection", "idiom"),
        ("The whole ticketing saga has been an omnishambles.", "domain words", "domain words"),
        ("The 'support' we received was a leaflet.", "scare quotes", "sarcasm"),
        ("The Minister for Lols has a great new plan.", "laughter", "sarcasm"),
    ],
)
def test_each_rule_lowers_the_compound_and_says_why(
    text: str, rule: str, reason_start: str
) -> None:
    found = rules.effects(sentiment.read(text))
    at = rules.RULE_NAMES.index(rule)
    assert found.deltas[at] < 0, found
    assert found.reasons[at] and found.reasons[at][0].startswith(reason_start), found.reasons


def test_contrast_stays_inside_its_sentence() -> None:
    text = "The nurses were wonderful. The food was awful but the ward was clean."
    found = rules.effects(sentiment.read(text))
    assert found.reasons[rules.RULE_NAMES.index("contrast")]


def test_no_cue_no_effect() -> None:
    found = rules.effects(sentiment.read("The clinic opens at eight and the staff are friendly."))
    assert not any(found.deltas) and not any(found.reasons)


# --------------------------------------------------------------------------- echoes


def test_echo_spans_ignore_case_and_punctuation_and_need_content_words() -> None:
    index = mood.EchoIndex(["The plan is Fantastic, a result for PASSENGERS in the end."])
    text = "Fantastic result? In the end, nothing."
    assert index.spans(text) == ()
    text = "A result for passengers, they say. In the end it's the same."
    assert [text[s:e] for s, e in index.spans(text)] == ["result for passengers"]
    assert mood.EchoIndex([]).spans(text) == ()


def test_praise_repeated_from_the_article_is_taken_away_by_the_echo_rule() -> None:
    article = ("The transport secretary called the figures a fantastic result for passengers.",)
    text = '"A fantastic result for passengers." Fantastic for whom? My train was cancelled.'
    reading = sentiment.read(text)
    spans = mood.EchoIndex(article).spans(reading.text)
    found = rules.effects(reading, echoes=spans)
    assert found.deltas[rules.RULE_NAMES.index("echo")] < 0
    assert mood.judge(text, reading, echoes=spans).score <= mood.judge(text, reading).score


# --------------------------------------------------------------------------- training


@pytest.mark.skipif(
    not (ROOT.parent / "shared" / "realpages" / "gold").is_dir(),
    reason="../shared/realpages is absent: the training data cannot be read",
)
def test_training_twice_gives_identical_weights(tmp_path: Path) -> None:
    import numpy as np

    from analysis.mood import train

    config = train.Config(folds=2, max_iter=20)
    first = train.fit_model(train.load_data(config, sample=80), config)[0]
    second = train.fit_model(train.load_data(config, sample=80), config)[0]
    for key in ("dense", "words", "bias", "mean"):
        assert np.array_equal(first[key], second[key]), key
