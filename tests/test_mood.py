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
    # Comments on other public-policy stories (transport, schools, councils, housing,
    # energy, policing, the NHS), invented for this file.
    # explicit sarcasm markers
    "The new ticket office hours suit everyone perfectly /s",
    "Yeah right, as if the landlord will fix the boiler before winter.",
    "Smart meters will save us all money, said no one ever.",
    "Let's put the same consultants in charge of the new IT system. What could possibly go wrong?",
    "Another school merger announced 🙄",
    "Rents up 15% and wages frozen. Who could have predicted that?",
    "Bus route axed a month after the review. Colour me shocked.",
    "The minister promises a decision by spring. Sure, Jan.",
    "Because what the high street really needs is more empty units.",
    "The fire station closes on Friday. Because that has worked so well in other towns.",
    # praise opening, or next to, an unwelcome situation
    "Oh great, the bridge is closed for another three months.",
    "Superb. The surgery has cut its opening hours.",
    "Fabulous, parking charges have gone up by 40%.",
    "Thanks a bunch, Ofgem. Standing charges are going up.",
    "Progress! The new hospital is only six years late.",
    # markers that are sarcasm beside an unwelcome situation
    "Can't wait for the next council tax rise.",
    "Potholes unfilled for two years. Who knew?",
    "Love how the fines go up while the buses get worse.",
    "So glad to be waiting three hours at A&E again.",
    # one-word verdicts
    "Inspired.",
    "Priceless!",
    # scare quotes around an official word
    "The closure is only 'temporary', apparently.",
    "The pay award is 'fully funded', we are told.",
    # public-policy words VADER lacks
    "The whole ticketing saga has been an omnishambles.",
    "All spin and no substance from the housing minister.",
    "Another U-turn on the bus fare cap.",
    "The nurses are burnt out and the trust shrugs.",
    "Ten years of sticking plaster fixes on the estate.",
    "The treatment of those families was disgraceful.",
    "Plans for the new school have been kicked into the long grass.",
    # feigned surprise, misplaced priorities, deadpan praise of the powerful
    "What a surprise. The fares have gone up again.",
    "Bins left for a month but the council has a shiny new logo. Top priorities!",
    "The report copied last year's word for word. Such originality.",
    "A 50p rise in the carer's allowance. How generous.",
    "They fined the firm a fortnight's profit for poisoning the river. That'll teach them.",
    "The same outsourcing firm got the contract again. Third time lucky.",
    "I'm sure the council that lost the last three appeals will get this one right.",
    "I'm sure they'll deliver this time, after missing every deadline so far.",
    # a claim rejected without a negative word
    "Fully funded my foot. The school is paying for most of it.",
    "That 'record investment' figure is doing a lot of work.",
    "Great idea, let's close another ward and call it reform.",
    "Can't wait to explain my case to the fifth different caseworker this year.",
    "An 'independent' review, run by the minister's former adviser. Wonderful.",
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
    # Sincere praise with words that look like sarcasm cues, on other public-policy stories.
    "Well done to the bus drivers who kept going through the snow.",
    "Really pleased with how quickly the council fixed our street lights.",
    "Great news, about time the village got its post office back.",
    "Brilliant news for families on the estate, the youth club is reopening!",
    "Thanks a lot to the crew who fixed our boiler on Christmas Eve.",
    "Who knew the new recycling service would be this easy? Great job, council.",
    "Oh brilliant, the park's new playground is open and the kids love it.",
    "Lovely to see the nurses getting the recognition they deserve.",
    "Great news, another new GP has joined our surgery.",
    "Nice to see the high street busy again.",
    "Glad to see the waiting list finally coming down.",
    "Thank you, council. The bins were collected on time all through the strike.",
    "Brilliant!",
    "Delighted to be paying less for our energy this winter.",
]

# Sincere comments VADER does not read as positive: the rules must not make them sarcastic.
SINCERE_KEPT = [
    "Can't wait for the new library to open in the spring.",
    "Who'd have thought the old station would make such a good cafe.",
    "I'm sure the nurses will do their best, they always do.",
    "What a surprise to find the new swimming pool so quiet and clean, lovely morning.",
    "Great idea, the new crossing will help the kids get to school safely.",
    "Patient safety and staff wellbeing are our top priorities, and the new ward is wonderful.",
    "What a surprise, my daughter's school got outstanding! So proud of the teachers.",
    "Such originality in the new library design, I love it.",
    "She stood on my foot, but the nurses were wonderful.",
]

# Event words VADER reads as the reader's feeling: a strike, a missing person, a tax cut.
NEUTRAL_EVENTS = [
    "The teachers' strike starts on Tuesday.",
    "Police are searching for a missing teenager.",
    "The tax cuts take effect next year.",
    "Which routes are running during the strike?",
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


@pytest.mark.parametrize("text", SINCERE_KEPT)
def test_sincere_comments_keep_vaders_label(text: str) -> None:
    result = judge(text)
    assert result.label == vader_label(text), (text, result)
    assert result.reasons == ()


@pytest.mark.parametrize("text", NEUTRAL_EVENTS)
def test_event_words_are_not_feelings(text: str) -> None:
    assert vader_label(text) == "negative"  # else this would be no test of the rule
    result = judge(text)
    assert result.label == "neutral", (text, result)
    assert any(r.startswith("idiom: ") and "(+0.0)" in r for r in result.reasons)


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
        ("Best budget ever /s", "sarcasm: explicit marker '/s'"),
        ("Yeah right. The new ward will be lovely.", "sarcasm: explicit marker 'Yeah right'"),
        ("Fares up 9%. Colour me surprised.", "sarcasm: explicit marker 'Colour me surprised'"),
        ("Slow clap for the council.", "sarcasm: explicit marker 'Slow clap'"),
        ("Can't wait for another rent rise.", "sarcasm: 'Can't wait' beside an unwelcome"),
        ("Council tax up again. Who knew?", "sarcasm: 'Who knew' beside an unwelcome"),
        ("Genius.", "sarcasm: a one-word verdict as the whole comment ('Genius.')"),
        ("Oh lovely, another delay.", "sarcasm: praise ('Oh lovely') opening an unwelcome"),
        ("Cheers, council. The library shuts in May.", "sarcasm: praise ('Cheers')"),
        ("The 'temporary' ward closure.", "sarcasm: scare quotes around the official word"),
        ("What an omnishambles.", "domain words: 'omnishambles' (-3.0)"),
        ("Teachers are burnt out.", "idiom: 'burnt out' (-2.5)"),
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
    "decent",  # not "excellent": alone, a one-word verdict is a cue (rule 11)
    "clinic",
    "reception",  # not "waiting": "love waiting" is a cue (rule 10)
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
    "/s",
    "yeah right",
    "Sure, Jan.",
    "Who knew?",
    "can't wait",
    "love how",
    "Genius.",
    "Brilliant",
    "Great,",
    "Thanks a lot,",
    "another",
    "new",
    "six weeks",
    "up 5%",
    "'temporary'",
    "🙄",
    "👏",
    "omnishambles",
    "burnt out",
    "strike",
    "the nurses' strike",
    "So efficient.",
    "What a treat.",
    "Still, great.",
    "If so, great.",
    "£3.5m",
    "Lovely,",
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
    "Great news.",
    "Thanks, the new timetable is better.",
    "Genius idea from the parish council, the new bus works well.",
    "We can't wait.",
    "Who knew?",
    "The 'plan' is good.",
    "She said 'temporary' and we were pleased.",
    "Nice one!",
    "Brilliant!",
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


def _stays_negative(text: str) -> bool:
    reading = sentiment.read(text)
    rules = mood._rules_of(mood.DEFAULT_SETTINGS)
    found = mood._triggers(reading, rules)
    assert sentiment.label(reading.sentiment.compound) == "negative", text
    assert not found.but, text
    return mood._stays_negative(reading, rules, found.cues, found.domain, sentiment.NEUTRAL_BAND)


@pytest.mark.parametrize(
    "text",
    [
        "The nurses are on strike.",  # VADER's negative is only the strike, an event here
        "Junior doctors strike again on Monday.",
        "The tax cuts start in April.",
    ],
)
def test_negative_comments_an_idiom_lifts_are_not_skipped(text: str) -> None:
    # The early exit for angry comments must not skip a comment rules 3-4 move out of negative.
    reading = sentiment.read(text)
    assert not _stays_negative(text)
    judged = mood.judge(text, reading)
    assert judged.label != "negative" and judged.reasons
    assert judged == mood._judge_every_rule(reading)


def test_long_angry_comment_skips_the_rules_and_keeps_their_result() -> None:
    text = (
        "Another strike by nurses and nobody is surprised. The whole system is a shambles, "
        "underfunded and demoralised, and the minister will stab us in the back yet again.\n"
        "I am exhausted, angry and ashamed of what they have done to general practice."
    )
    reading = sentiment.read(text)
    assert _stays_negative(text)
    assert mood.judge(text, reading) == mood._judge_every_rule(reading)


# --------------------------------------------------------------------------- rule 0: echoes

ARTICLE = (
    "The transport secretary called the figures a fantastic result for passengers.",
    "'This is not about spending more money, it is about spending it smarter,' she said.",
)


def _echoed(text: str, sources: tuple[str, ...] = ARTICLE) -> tuple[mood.Mood, mood.Mood]:
    """(mood without the article, mood with it) of `text`."""
    reading = sentiment.read(text)
    spans = mood.EchoIndex(sources).spans(reading.text)
    return mood.judge(text, reading), mood.judge(text, reading, echoes=spans)


def test_echo_spans_ignore_case_and_punctuation_and_need_content_words() -> None:
    index = mood.EchoIndex(["The plan is Fantastic, a result for PASSENGERS in the end."])
    # "fantastic result": not in the article's order; "in the end": one content word.
    text = "Fantastic result? In the end, nothing."
    assert index.spans(text) == ()
    text = "A result for passengers, they say. In the end it's the same."
    # "a result for" has one content word; "result for passengers" has two.
    assert [text[s:e] for s, e in index.spans(text)] == ["result for passengers"]
    assert mood.EchoIndex([]).spans(text) == ()


def test_praise_repeated_from_the_article_is_not_the_readers() -> None:
    plain, echoed = _echoed(
        '"A fantastic result for passengers." Fantastic for whom? My train was cancelled twice.'
    )
    assert plain.label == "positive"
    assert echoed.label == "negative"
    assert any(r.startswith("echo:") and "fantastic result" in r for r in echoed.reasons)


def test_the_articles_praise_word_reused_alone_counts_as_its_too() -> None:
    text = "Spending it smarter, she says. Smarter means fewer nurses."
    plain, echoed = _echoed(text)
    assert plain.label == "positive" and echoed.label != "positive"


@pytest.mark.parametrize(
    "text",
    [
        # The reader's own praise beside a repeat stays the reader's.
        "A fantastic result for passengers, and honestly my commute is great now.",
        # A repeat with no praise in it changes nothing.
        "Not about spending more money? Then what is it about.",
        # Negative words of a repeated claim stay: readers quote claims to dispute them.
        "Stop crying poverty, he says. Disgraceful.",
    ],
)
def test_echo_leaves_the_readers_own_words(text: str) -> None:
    plain, echoed = _echoed(text, (*ARTICLE, "'Stop crying poverty,' the minister told heads."))
    assert echoed.label == plain.label


@pytest.mark.parametrize(
    "text",
    [
        # Praise repeated in the reader's own voice, unmarked, is agreement.
        "The figures were called a fantastic result for passengers and so they are.",
        "A fantastic result for passengers, and well deserved.",
    ],
)
def test_an_unmarked_repeat_is_the_readers_own_praise(text: str) -> None:
    plain, echoed = _echoed(text)
    assert echoed == plain or not any(r.startswith("echo:") for r in echoed.reasons)


def test_a_repeat_marked_by_attribution_counts(text: str = "") -> None:
    plain, echoed = _echoed(
        "A fantastic result for passengers, she says. My train was cancelled twice."
    )
    assert plain.label == "positive" and echoed.label == "negative"


def test_echo_needs_the_article() -> None:
    text = '"A fantastic result for passengers." Fantastic for whom? My train was cancelled twice.'
    plain, echoed = _echoed(text, ("An unrelated story about bins.",))
    assert plain == echoed


@settings(max_examples=200, deadline=None)
@given(st.one_of(mixed_text, st.text(max_size=200)), st.lists(mixed_text, max_size=3))
def test_echo_keeps_the_properties(text: str, article: list[str]) -> None:
    # Score in range, reasons exactly when the label differs, and every rule run gives the
    # same as the prefilter, with echoes as without.
    reading = sentiment.read(text)
    spans = mood.EchoIndex([*article, text[: len(text) // 2]]).spans(reading.text)
    judged = mood.judge(text, reading, echoes=spans)
    assert -1.0 <= judged.score <= 1.0
    assert bool(judged.reasons) == (judged.label != sentiment.label(reading.sentiment.compound))
    assert judged == mood._judge_every_rule(reading, echoes=spans)


def test_a_page_judges_a_readers_repeat_of_the_claim_as_the_claims() -> None:
    from analysis import pipeline, sources, themes

    page = """Skip to content
The Fenland Gazette
Menu

Local news
Minister hails 'fantastic result for passengers' as rail punctuality figures improve
By Helen Marsh
Tuesday 5 March 2024

Rail minister Jo Bright said the new figures were "a fantastic result for passengers" and \
proof that the timetable changes had worked.

Punctuality on the Ely line rose to 81% in February, the figures show.

Share this article

2 thoughts on "Minister hails 'fantastic result for passengers'"

Margaret Ellis | 5 March 2024 9:14am
"A fantastic result for passengers." Fantastic for whom? My train was cancelled twice this week.
Reply

Tom Bradley | 5 March 2024 10:02am
Good to see the line improving, the morning train has been on time all month.
Reply

Leave a Reply
"""
    raw = sources.read_bytes(page.encode("utf-8"), page_id="echo", source="echo.txt")
    result = pipeline.analyse(raw, themes.load())
    first, second = (r for r in result.comments if r.mood is not None)
    assert first.vader is not None and first.vader.compound > 0  # VADER takes it as praise
    assert first.mood is not None and first.mood.label == "negative"
    assert any(r.startswith("echo:") for r in first.mood.reasons)
    assert second.mood is not None and second.mood.label == "positive"


# --------------------------------------------------------------------------- rule 13: deadpan


@pytest.mark.parametrize(
    "text",
    [
        "The council closed the library and cut the bus. So efficient.",
        "My train was cancelled three times this week. Very impressive indeed.",
        "Bills up again and the river still stinks of sewage. What a treat.",
        "Waited nine hours in A&E on a trolley. Truly marvellous.",
    ],
)
def test_a_deadpan_closing_verdict_after_an_unwelcome_situation_is_sarcasm(text: str) -> None:
    reading = sentiment.read(text)
    judged = mood.judge(text, reading)
    assert sentiment.label(reading.sentiment.compound) != "negative"  # VADER misses it
    assert judged.label == "negative"
    assert any("deadpan closing verdict" in r for r in judged.reasons)


@pytest.mark.parametrize(
    "text",
    [
        # A welcome change, a concession, a condition, a modal verb, "!", an object, no
        # unwelcome situation before it: the closing praise is sincere.
        "The bus was late all winter. Now back on time, great.",
        "Two years late and over budget. Still, good to have it.",
        "The transcript costs hundreds of pounds. If that goes away, great.",
        "Figures are disputed on both sides. Both things can be true.",
        "Waited nine hours in A&E on a trolley. Lovely nurses though!",
        "Waited nine hours in A&E on a trolley. Lovely to the staff.",
        "The new library opened on Monday. So efficient.",
    ],
)
def test_closing_praise_that_is_not_deadpan_stays(text: str) -> None:
    judged = mood.judge(text, sentiment.read(text))
    assert not any("deadpan closing verdict" in r for r in judged.reasons)


@pytest.mark.parametrize(
    "text",
    [
        "Bad service again. Lovely, £3.5m",  # a full stop inside a number ends no sentence
        "The bus was cancelled. Well done Mr. Smith.",  # nor one after "Mr"
        "Cut again. So efficient.",
    ],
)
def test_the_deadpan_prefilter_keeps_every_rules_result(text: str) -> None:
    reading = sentiment.read(text)
    assert mood.judge(text, reading) == mood._judge_every_rule(reading)


@pytest.mark.parametrize(
    "text",
    [
        # A reviewer's sincere "something bad, then it went well": a report, not a verdict.
        "My son was born 10 weeks early. He's doing brilliantly now.",
        "Waited three weeks for a GP appointment. The doctor was lovely.",
        "Dad waited nine months for his cataract op. Worth the wait.",
        "I lost 3 stone last year. Feel fantastic.",
        "Waited six hours in A&E last night. The care was excellent though.",
    ],
)
def test_sincere_good_outcomes_after_a_bad_start_stay_positive(text: str) -> None:
    judged = mood.judge(text, sentiment.read(text))
    assert judged.label == "positive", judged


@pytest.mark.parametrize(
    "text",
    [
        "Record investment, says the minister. Tell that to the parents queuing at 8am.",
        "So forgive me if I don't get excited about this promise.",
        "The claim does not match what my colleagues are seeing on the wards.",
    ],
)
def test_rejecting_what_was_said_without_a_negative_word(text: str) -> None:
    reading = sentiment.read(text)
    judged = mood.judge(text, reading)
    assert sentiment.label(reading.sentiment.compound) != "negative"  # VADER misses it
    assert judged.label == "negative"
    assert judged == mood._judge_every_rule(reading)


@pytest.mark.parametrize(
    "text",
    [
        "Please tell the nurses we said thank you, they were wonderful.",
        "Forgive me for asking, but is the new clinic open on Saturdays? Great news if so.",
        "The figures add up nicely this year, well done to the finance team.",
    ],
)
def test_near_misses_of_rejection_stay_positive(text: str) -> None:
    assert mood.judge(text, sentiment.read(text)).label == "positive"


@pytest.mark.parametrize(
    "text",
    [
        # A second review's sincere or neutral sentences the rejection cues must leave alone.
        "This isn't a criticism, it's a thank you.",
        "Forgive me if I don't know, but is the library open on Sundays?",
        "The new windows don't match our old ones.",
        "These views don't reflect my employer's.",
        "The numbers don't add up, I think the article has a typo: 12,000 not 1,200.",
    ],
)
def test_sincere_sentences_near_the_rejection_cues(text: str) -> None:
    judged = mood.judge(text, sentiment.read(text))
    assert not any(r.startswith("negated belief") for r in judged.reasons), judged
