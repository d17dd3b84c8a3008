"""Mood: VADER's reading moved only by documented rules, each with a reason.

Most sentences here are invented for this file (realistic GP-forum language); the seed
comments are read straight from the seed pages, so these tests do not wait for the splitter.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import mood, sentiment

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


# --------------------------------------------------------------------------- each rule

NEGATIVE = [
    # sarcastic praise after criticism
    "The Secretary of State strikes again. Nice one.",
    "Another top-down reorganisation. Well done, Mr Hunt.",
    "The practice is short of three partners and the minister wants seven-day opening. Great job.",
    "Brilliant. Another pay cut dressed up as reform.",
    "Another fantastic idea from the Department. It will finish off general practice.",
    # negated belief
    "I don't believe a word the minister says.",
    "Lovely promises again, but I don't believe a word of it.",
    "Don't believe him for one minute when he says he backs general practice.",
    # incredulity
    "Seven-day access? Really???",
    "Really Minister? You closed the walk-in centre last year.",
    # mock confession or prayer
    "Forgive me, Minister, for I have sinned: I took a lunch break. I promise to be happy "
    "working every weekend.",
    "Bless me father, it has been a week since my last confession. I saw only 50 patients a day "
    "and I feel so lazy and happy.",
    "I beg you, let us have just one more glorious target to hit. The rota is already a disaster.",
    # laughter as derision
    "The Minister for Lols has a great new plan.",
    "lol, another pay cut. Fantastic.",
    # scare quotes
    "The 'support' we received was a leaflet and a helpline.",
    'Thanks for the "help" with our appraisals.',
    # domain words and idioms
    "The service is underfunded and the staff are demoralised.",
    "Morale is at rock bottom: burnout, shambles and a spineless college.",
    "The mask has slipped at last.",
    "He is finally showing his true colours.",
    "They just want to get their hands on our patients' data.",
    "Thanks for nothing.",
]

POSITIVE = [
    "Well done to the nurses who worked all night.",
    "Well done to the reception team, they were brilliant during the outbreak.",
    "Nice one.",
    "The surgery flooded last week. Great job by the staff who moved every patient safely.",
    "I don't believe we have met, but welcome to the practice!",
    "Really? That's wonderful news for the practice!",
    "Please forgive me for the late reply, I was glad to help with the clinic.",
    "lol that made my day, thanks for sharing",
    "Haha, lovely photo of the practice team!",
    "The patient said 'thank you' and left.",
    "The GP was kind and the care was excellent.",
    "I'm happy with my GP, she has been great for years.",
    "The funding is awful but the team is fantastic and we love the work.",
]


@pytest.mark.parametrize("text", NEGATIVE)
def test_cued_comments_read_negative(text: str) -> None:
    result = judge(text)
    assert result.label == "negative", (text, result)


@pytest.mark.parametrize("text", POSITIVE)
def test_genuine_praise_stays_positive(text: str) -> None:
    result = judge(text)
    assert result.label == "positive", (text, result)
    assert result.reasons == ()


def test_the_rules_move_comments_vader_misreads() -> None:
    # Without these rules the cases above would be no test of them: most fool raw VADER.
    fooled = [t for t in NEGATIVE if vader_label(t) != "negative"]
    assert len(fooled) >= len(NEGATIVE) * 2 // 3


@pytest.mark.parametrize(
    ("text", "reason_start"),
    [
        ("The Secretary of State strikes again. Nice one.", "sarcasm: praise ('Nice one')"),
        ("I don't believe a word the minister says.", "negated belief: 'don't believe a word'"),
        ("Seven-day access? Really???", "incredulity: 'Really???'"),
        ("The Minister for Lols has a great new plan.", "sarcasm: laughter ('Lols')"),
        ("The 'support' we received was a leaflet.", "sarcasm: scare quotes around 'support'"),
        ("The mask has slipped at last.", "idiom: 'mask has slipped'"),
        ("The service is underfunded and the staff are demoralised.", "domain words: "),
    ],
)
def test_reasons_name_the_rule_and_the_words(text: str, reason_start: str) -> None:
    reasons = judge(text).reasons
    assert any(r.startswith(reason_start) for r in reasons), reasons


def test_contrast_stays_inside_its_sentence() -> None:
    # VADER halves every word before the first "but" of the whole comment, so one closing
    # "But … lovely" outweighs three complaints; here it weighs only the sentence before.
    text = "Awful week. Terrible rota. Horrible weather. But the patients were lovely."
    assert vader_label(text) == "positive"
    result = judge(text)
    assert result.label == "negative"
    assert any(r.startswith("contrast:") for r in result.reasons)


def test_but_for_is_no_contrast() -> None:
    # "But for X" means "if not for X": nothing after it is weighted up.
    text = "But for the locums we would be fine. We are exhausted, angry and broke."
    assert judge(text).label == "negative"


def test_negated_domain_word_keeps_vaders_negation() -> None:
    assert judge("Frankly I don't care any more.").label == "negative"


def test_mood_leaves_vader_untouched_when_the_label_holds() -> None:
    text = "The shambles continues: underfunded, understaffed, demoralised."
    raw = sentiment.read(text)
    result = mood.judge(text, raw)
    if result.label == sentiment.label(raw.sentiment.compound):
        assert result.score == raw.sentiment.compound
        assert result.reasons == ()


# --------------------------------------------------------------------------- the seeds


def test_seed_comments_agree_with_the_careful_reading() -> None:
    comments = labelled_seed_comments()
    assert len(comments) == 16
    agree = sum(judge(text).label == label["mood"] for _, label, text in comments)
    vader = sum(vader_label(text) == label["mood"] for _, label, text in comments)
    floors = FLOORS["seed_comment_texts"]
    assert agree >= floors["mood_correct"], agree
    # Raw VADER's figure is a fact about VADER: it shows how much the rules add.
    assert vader == floors["vader_correct"], vader


def test_every_changed_seed_comment_says_why() -> None:
    for _, _, text in labelled_seed_comments():
        raw = sentiment.read(text)
        result = mood.judge(text, raw)
        changed = result.label != sentiment.label(raw.sentiment.compound)
        assert bool(result.reasons) == changed


# --------------------------------------------------------------------------- properties

# Words with no cue of any rule: not in the domain lexicon, no idiom, no praise, laughter,
# quote, question or "but". Sentences made of them must keep VADER's label.
PLAIN_WORDS = [
    "the",
    "practice",
    "patients",
    "doctor",
    "nurse",
    "happy",
    "sad",
    "good",
    "bad",
    "terrible",
    "excellent",
    "clinic",
    "waiting",
    "list",
    "long",
    "short",
    "today",
    "week",
    "we",
    "they",
    "love",
    "hate",
    "helpful",
    "rude",
    "kind",
    "angry",
    "worried",
    "pleased",
    "money",
    "staff",
    "appointment",
    "very",
    "not",
    "never",
    "really",
    "and",
    "is",
    "was",
    "are",
    "so",
]
plain_text = st.lists(st.sampled_from(PLAIN_WORDS), min_size=1, max_size=30).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(plain_text, st.sampled_from(["", ".", "!", "!!!"]))
def test_no_cue_keeps_vaders_label(text: str, end: str) -> None:
    text += end
    raw = sentiment.read(text)
    result = mood.judge(text, raw)
    assert result.label == sentiment.label(raw.sentiment.compound)
    assert result.reasons == ()
    assert result.score == raw.sentiment.compound


CUE_WORDS = [
    *PLAIN_WORDS,
    "but",
    "Nice one.",
    "Well done.",
    "Really???",
    "lol",
    "lolz",
    "haha",
    "'support'",
    '"best"',
    "penance",
    "burnout",
    "shambles",
    "don't believe a word",
    "for I have sinned",
    "forgive me",
    "I beg you",
    "care",
    "please",
    "the mask slips",
    "Minister for Lols",
    "get their hands on",
    "But for",
    "?",
    ".",
    "\n",
    "🙂",
    "😂",
    "Mr.",
]
mixed_text = st.lists(st.sampled_from(CUE_WORDS), min_size=0, max_size=40).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(st.one_of(mixed_text, st.text(max_size=300)))
def test_score_in_range_and_reasons_exactly_when_label_differs(text: str) -> None:
    raw = sentiment.read(text)
    result = mood.judge(text, raw)
    assert -1.0 <= result.score <= 1.0
    assert result.label in ("negative", "neutral", "positive")
    differs = result.label != sentiment.label(raw.sentiment.compound)
    assert bool(result.reasons) == differs
    if not differs:
        assert result.score == raw.sentiment.compound
    else:
        assert sentiment.label(result.score) == result.label


# --------------------------------------------------------------------------- the prefilter

# `judge` skips the rules on comments where the prefilter finds no cue of any rule. Checked
# against running every rule on every comment: the result must be the same, on cue-laden text,
# on any text, and on invented comments that sit just beside a cue.
NEAR_MISSES = [
    "We are under-funded, but the team is lovely.",
    "The under 5s clinic is lovely.",
    "Is it good? Yes.",
    "Another great day at the practice, and the patients were kind.",
    "She said 'thank you' and we were pleased.",
    'He said "brilliant" twice, and nothing went wrong today.',
    "The snake_case name is fine but the nurses were wonderful.",
    "Nice work. The rota is awful.",
    "Nice work, team.",
    "Care homes are wonderful places.",
    "All but two partners were happy.",
    "Not only was it quick but it was also friendly.",
    "Dr. Smith was kind but the wait was terrible.",
]


@pytest.mark.parametrize("text", NEAR_MISSES + NEGATIVE + POSITIVE)
def test_prefilter_keeps_every_rules_result_on_examples(text: str) -> None:
    reading = sentiment.read(text)
    assert mood.judge(text, reading) == mood._judge_every_rule(reading)


@settings(max_examples=500, deadline=None)
@given(st.one_of(mixed_text, st.text(max_size=300)))
def test_prefilter_keeps_every_rules_result(text: str) -> None:
    reading = sentiment.read(text)
    assert mood.judge(text, reading) == mood._judge_every_rule(reading)


def test_prefilter_skips_comments_with_no_cue() -> None:
    # The point of the prefilter: ordinary prose never reaches the rules.
    rules = mood._rules_of(mood.DEFAULT_SETTINGS)
    for text in ["The clinic opens at eight and the staff are friendly.", "Bad news today."]:
        found = mood._triggers(sentiment.read(text), rules)
        assert not (found.but or found.domain or found.late or found.cues), text
