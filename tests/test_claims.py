"""Claims: quotes and reported speech with their speakers, on the seeds and invented pages."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import claims, speakers
from analysis.model import Article, Claim
from analysis.speakers import BadClaimsConfig, parse_config

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
_BODY_ENDS = ("Readers' comments", "Have you registered")
_QUOTES = str.maketrans({c: "'" for c in '‘’‛“”„‟"«»'})


def seed_lines(page_id: str) -> list[str]:
    """The lines of a seed capture, stripped."""
    return [line.strip() for line in (SEEDS / f"{page_id}.txt").read_text("utf-8").split("\n")]


def seed_article(page_id: str, headline: str) -> Article:
    """Test-only stand-in for the splitter: the lines between the labelled headline and the
    first comments/registration marker are the body."""
    lines = seed_lines(page_id)
    start = lines.index(headline) + 1
    body: list[str] = []
    for line in lines[start:]:
        if line.startswith(_BODY_ENDS):
            break
        if line:
            body.append(line)
    return Article(None, headline, None, None, None, tuple(body))


def norm(text: str) -> str:
    """Quote marks unified and removed, whitespace collapsed, lower case."""
    text = text.translate(_QUOTES)
    text = re.sub(r"(?<![A-Za-z])'|'(?![A-Za-z])", "", text)
    return " ".join(text.split()).lower()


def article(*body: str, headline: str | None = None) -> Article:
    return Article(None, headline, None, None, None, tuple(body))


def find(found: tuple[Claim, ...], words: str) -> Claim:
    """The first claim whose text contains `words` (normalised); fails when none does."""
    hits = [c for c in found if norm(words) in norm(c.text)]
    assert hits, f"no claim contains {words!r}: {[c.text for c in found]}"
    return hits[0]


# ---- seeds --------------------------------------------------------------------------------


def _seed_cases(labels: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [
        (pid, quote, page["speaker"])
        for pid, page in labels["articles"].items()
        for quote in page["key_claims"]
    ]


def test_every_seed_key_claim_is_found_with_its_speaker(labels: dict[str, Any]) -> None:
    cases = _seed_cases(labels)
    assert len(cases) >= 10
    misses = []
    for pid, quote, speaker in cases:
        found = claims.extract(seed_article(pid, labels["articles"][pid]["headline"]))
        hits = [c for c in found if norm(quote) in norm(c.text)]
        if not hits or hits[0].speaker != speaker:
            misses.append((pid, quote, [(c.speaker, c.text) for c in hits]))
    assert misses == []


def test_seed_claims_are_in_body_order_with_sequential_ids(labels: dict[str, Any]) -> None:
    for pid, page in labels["articles"].items():
        a = seed_article(pid, page["headline"])
        found = claims.extract(a)
        assert [c.id for c in found] == [f"c{i}" for i in range(1, len(found) + 1)]
        assert [c.paragraph for c in found] == sorted(c.paragraph for c in found)
        for c in found:
            source = a.headline if c.paragraph == -1 else a.body[c.paragraph]
            assert source is not None
            # Every claim is words of its own paragraph (quote marks aside).
            assert norm(c.text).split()[0] in norm(source)


def test_two_people_sharing_a_surname_stay_apart(labels: dict[str, Any]) -> None:
    pid = "004_20060a5166571241"
    a = seed_article(pid, labels["articles"][pid]["headline"])
    found = claims.extract(a)
    speakers = {c.speaker for c in found}
    assert "Jeremy Hunt" not in speakers
    assert "Lord Philip Hunt" in speakers
    assert claims.main_speaker(found, a) == "Lord Philip Hunt"


def test_main_speaker_of_each_seed(labels: dict[str, Any]) -> None:
    for pid, page in labels["articles"].items():
        a = seed_article(pid, page["headline"])
        assert claims.main_speaker(claims.extract(a), a) == page["speaker"]


def test_seed_apostrophes_are_not_quotes(labels: dict[str, Any]) -> None:
    pid = "000_72a48411cc834e39"
    found = claims.extract(seed_article(pid, labels["articles"][pid]["headline"]))
    headline = [c for c in found if c.paragraph == -1]
    assert [norm(c.text) for c in headline] == ["i am gps biggest fan"]


# ---- quote marks --------------------------------------------------------------------------


def _contents(text: str) -> list[str]:
    return [s.content(text) for s in claims.find_quotes(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("'I am the biggest fan of GPs,' he says.", ["I am the biggest fan of GPs,"]),
        ("‘We will not close the library,’ she said.", ["We will not close the library,"]),
        ('"It is over," he said.', ["It is over,"]),
        ("“It is over,” he said.", ["It is over,"]),
        ("He said it was ’absolutely critical to act now.", ["absolutely critical to act now."]),
        ("'I don't think it's GPs' fault,' she said.", ["I don't think it's GPs' fault,"]),
        (
            "He backed the GPs’ ‘independence and flexibility’ today.",
            ["independence and flexibility"],
        ),
        ("‘Sometimes,' he says, ‘change is slow.’", ["Sometimes,", "change is slow."]),
        ("He said: I think it is time to go.’", ["I think it is time to go."]),
        (
            "She said ‘they told us: \"You're not valued\",' and left.",
            ['they told us: "You\'re not valued",'],
        ),
        ("Nobody quoted anybody here, it's plain.", []),
    ],
)
def test_find_quotes(text: str, expected: list[str]) -> None:
    assert _contents(text) == expected


def test_unclosed_quote_runs_to_paragraph_end() -> None:
    spans = claims.find_quotes("'We have crowded out the possibility. We must act.")
    assert len(spans) == 1 and not spans[0].closed


# ---- an invented council interview --------------------------------------------------------

COUNCIL = article(
    "Council leader Margaret Okafor has defended plans to close three libraries, saying the "
    "authority has 'no choice' after a decade of cuts.",
    "‘We have protected frontline social care every single year,’ Ms Okafor told the Evening "
    "Post. ‘Nobody went into politics to shut libraries.’",
    "She said that the council would hand two branches to volunteer groups and keep the mobile "
    "library running until at least 2027.",
    "Opposition leader Tom Reyes said the closures were 'a betrayal of every child in the "
    "borough'.",
    "'The money was there for the town hall refurbishment,' Mr Reyes added. 'It was there for "
    "consultants.",
    "'It just wasn't there for children.'",
    "The council leader insists the savings are unavoidable. “If we do nothing, we will be "
    "bankrupt by 2026,” she warned.",
    "Residents have until 14 March to respond to the consultation.",
    headline="'No choice' but to close libraries, says council leader",
)


def test_council_interview_quotes_and_speakers() -> None:
    found = claims.extract(COUNCIL)
    assert find(found, "protected frontline social care").speaker == "Margaret Okafor"
    assert find(found, "protected frontline social care").kind == "direct"
    assert find(found, "Nobody went into politics").speaker == "Margaret Okafor"
    reported = find(found, "hand two branches to volunteer groups")
    assert (reported.speaker, reported.kind) == ("Margaret Okafor", "reported")
    assert find(found, "a betrayal of every child").speaker == "Tom Reyes"
    assert find(found, "town hall refurbishment").speaker == "Tom Reyes"
    # The quote continued in the next paragraph keeps its speaker.
    cont = find(found, "It just wasn't there for children")
    assert cont.speaker == "Tom Reyes" and cont.paragraph == 5
    assert find(found, "bankrupt by 2026").speaker == "Margaret Okafor"
    assert find(found, "savings are unavoidable").speaker == "Margaret Okafor"
    # The headline's role resolves to the person the article gives that role.
    head = [c for c in found if c.paragraph == -1]
    assert head and head[0].speaker == "Margaret Okafor"
    assert not any("Residents" in c.text for c in found)


def test_scare_quote_stays_inside_the_reported_claim() -> None:
    found = claims.extract(COUNCIL)
    no_choice = [c for c in found if "no choice" in norm(c.text) and c.paragraph == 0]
    assert no_choice and no_choice[0].kind == "reported"
    assert not any(norm(c.text) == "no choice" for c in found)


# ---- attribution rules --------------------------------------------------------------------


def test_mr_and_lord_with_one_surname() -> None:
    a = article(
        "Health secretary Jeremy Hunt said the NHS budget was protected this year.",
        "Lord Philip Hunt, the shadow health minister, said that Labour would reset relations.",
        "'We will listen to GPs first,' Lord Hunt said.",
        "'The budget is the largest in history,' Mr Hunt replied.",
        "The peer says the claim does not survive contact with the figures.",
    )
    found = claims.extract(a)
    assert find(found, "NHS budget was protected").speaker == "Jeremy Hunt"
    assert find(found, "Labour would reset relations").speaker == "Lord Philip Hunt"
    assert find(found, "listen to GPs first").speaker == "Lord Philip Hunt"
    assert find(found, "largest in history").speaker == "Jeremy Hunt"
    assert find(found, "does not survive contact").speaker == "Lord Philip Hunt"


def test_pronoun_follows_the_last_named_speaker() -> None:
    a = article(
        "Dr Priya Nair, who chairs the local medical committee, warned that practices were "
        "close to handing back contracts.",
        "'We cannot recruit a single salaried GP,' she says.",
        "Professor Alan Marsh says the data tell a different story. 'Recruitment is up by a "
        "tenth on last year,' he argues.",
    )
    found = claims.extract(a)
    assert find(found, "handing back contracts").speaker == "Dr Priya Nair"
    assert find(found, "cannot recruit a single salaried GP").speaker == "Dr Priya Nair"
    assert find(found, "different story").speaker == "Professor Alan Marsh"
    assert find(found, "Recruitment is up").speaker == "Professor Alan Marsh"


def test_quoted_headline_with_trailing_attribution() -> None:
    a = article(
        "The chancellor was speaking at a business breakfast in Leeds.",
        headline="“Growth is back,” Rachel Morgan says",
    )
    found = claims.extract(a)
    assert [(c.text, c.speaker, c.paragraph) for c in found] == [
        ("Growth is back", "Rachel Morgan", -1)
    ]


def test_orphan_closing_mark_after_a_colon() -> None:
    a = article("Sam Lee spoke to the conference. He said: I think we need a new deal for towns.’")
    found = claims.extract(a)
    claim = find(found, "new deal for towns")
    assert (claim.speaker, claim.kind) == ("Sam Lee", "direct")


def test_negated_or_hedged_verbs_are_not_claims() -> None:
    a = article(
        "Anna Berg cannot say how much the scheme will cost.",
        "Anna Berg refused to say whether the plan would survive.",
    )
    assert claims.extract(a) == ()


def test_critics_are_not_a_person() -> None:
    a = article("Critics say the plan is a fudge that helps nobody at all.")
    assert all(c.speaker is None for c in claims.extract(a))


def test_no_quotes_no_claims() -> None:
    a = article("The meeting lasted three hours.", "Rain is expected on Thursday.")
    assert claims.extract(a) == ()


def test_unattributed_quote_has_null_speaker() -> None:
    found = claims.extract(article("'This is the end of the line for rural buses.'"))
    assert [(c.text, c.speaker) for c in found] == [
        ("This is the end of the line for rural buses.", None)
    ]


def test_main_speaker_ties_go_to_the_first() -> None:
    cs = (
        Claim("c1", "a b c", "Ann Lee", "direct", 0),
        Claim("c2", "a b c", "Bo Li", "direct", 1),
        Claim("c3", "a b c", None, "direct", 2),
    )
    assert claims.main_speaker(cs, article()) == "Ann Lee"
    assert claims.main_speaker((), article()) is None


def test_bad_config_raises_analysis_error() -> None:
    with pytest.raises(BadClaimsConfig):
        parse_config("[reporting\nverbs = 3")
    with pytest.raises(BadClaimsConfig):
        parse_config("[reporting]\nverbs = ['said']\n")


# ---- property: odd text never raises ------------------------------------------------------

_PIECES = st.sampled_from(
    [
        "'",
        "‘",
        "’",
        '"',
        "“",
        "”",
        " ",
        ".",
        ",",
        ":",
        " he said",
        " says Ann Lee",
        "Mr Lee",
        " the peer",
        "GPs'",
        "it's",
        "\n",
        "We",
        " will",
        " act",
        "Lord Lee",
        " She",
        "—",
    ]
)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.lists(_PIECES, max_size=25).map("".join), max_size=5),
    st.one_of(st.none(), st.lists(_PIECES, max_size=10).map("".join)),
)
def test_any_text_gives_claims_without_raising(body: list[str], headline: str | None) -> None:
    a = article(*body, headline=headline)
    found = claims.extract(a)
    assert [c.id for c in found] == [f"c{i}" for i in range(1, len(found) + 1)]
    for c in found:
        assert c.kind in ("direct", "reported")
        assert -1 <= c.paragraph < len(body)
        assert c.speaker is None or c.speaker.strip()
        assert c.text.strip()
    assert claims.main_speaker(found, a) in {c.speaker for c in found} | {None}


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_find_quotes_spans_are_ordered_and_inside(text: str) -> None:
    spans = claims.find_quotes(text)
    prev_end = 0
    for s in spans:
        assert prev_end <= s.start <= s.content_start <= s.content_end <= s.end <= len(text)
        prev_end = s.end


# ---- captured pages of other styles (tests/fixtures/claims) -------------------------------

CLAIM_PAGES = ROOT / "tests" / "fixtures" / "claims"

#: What each invented page must give: (start of the claim text, speaker, kind). A speaker of
#: None is a group or an unnamed spokesperson ("nurses' leaders", "a spokesperson for ...").
EXPECTED: dict[str, list[tuple[str, str | None, str]]] = {
    "national_health": [
        ("family doctors an extra £250m to get patients seen", "Alan Whitford", "reported"),
        ("the sum was nowhere near enough", None, "reported"),
        ("the money would pay for up to 2,000", "Alan Whitford", "reported"),
        ("We are putting our money where our mouth is", "Alan Whitford", "direct"),
        ("Every penny of this will go to the front line", "Alan Whitford", "direct"),
        ("members in 40 trusts would be balloted", "Sharon Pike", "reported"),
        ("Our members are exhausted", "Sharon Pike", "direct"),
        ("A one-off winter payment does nothing", "Sharon Pike", "direct"),
        ("the union had written to Whitford", "Sharon Pike", "reported"),
        ("nurses were now voting with their feet", "Sharon Pike", "reported"),
        ("the announcement was a sticking plaster", "Naomi Price", "reported"),
        ("the government had cut thousands", "Naomi Price", "reported"),
        ("the funding would help some surgeries", "Naomi Price", "reported"),
        ("This will make a real difference", "Dr Kofi Mensah", "direct"),
        ("the government was committed to supporting", None, "reported"),
    ],
    "regional_council": [
        ("the authority had no realistic alternative", "Cllr Janet Moore", "reported"),
        ("We have looked at every line of the budget", "Cllr Janet Moore", "direct"),
        ("balancing the books on the backs of shopkeepers", "Cllr Dev Patel", "direct"),
        ("Sunday is the one day the high street", "Cllr Dev Patel", "direct"),
        ("We will be asking the council to think again", "Cllr Dev Patel", "direct"),
        ("she would have to cut her Sunday opening hours", "Gill Thornton", "reported"),
        ("Half my Sunday customers", "Gill Thornton", "direct"),
        ("the charges would raise about £600,000", None, "reported"),
    ],
    "press_release": [
        ("the unit will transform care for thousands of families", "Mark Ellison", "reported"),
        ("For too long, families in the east", "Dr Helen Foster", "direct"),
        ("the new unit was a huge relief", "Amina Yusuf", "reported"),
        ("The staff have always been brilliant", "Amina Yusuf", "direct"),
        ("recruitment for 60 new posts", None, "reported"),
    ],
    "interview_qa": [
        ("We cannot keep running general practice on goodwill", "Dr Ruth Alder", "direct"),
        ("Six years is long enough for anyone", "Dr Ruth Alder", "direct"),
        ("The workload", "Dr Ruth Alder", "direct"),
        ("Some of those roles have been very useful", "Dr Ruth Alder", "direct"),
        ("Protect your own time first", "Dr Ruth Alder", "direct"),
        ("he was looking forward to building on her work", "Dr Ben Osei", "reported"),
    ],
    "long_quote": [
        ("I want to be honest with you", "Claire Dunmore", "direct"),
        ("Our results in English and maths", "Claire Dunmore", "direct"),
        ("I have asked the inspectorate to review", "Claire Dunmore", "direct"),
        ("the school would continue its Saturday revision", "Claire Dunmore", "reported"),
        ("Inspections are carried out by experienced", None, "direct"),
        ("the rating had come as a shock", "Lee Harding", "reported"),
        ("My two have thrived here", "Lee Harding", "direct"),
    ],
    "shared_surname": [
        ("Regulated rail fares in England will rise", "Mark Fielding", "reported"),
        ("the rise was below inflation", "Mark Fielding", "reported"),
        ("the increase would price families off", "Louise Fielding", "reported"),
        ("Commuters have had the worst punctuality", "Louise Fielding", "direct"),
        ("a Labour government would freeze fares", "Louise Fielding", "reported"),
        ("Every penny of the extra revenue", "Mark Fielding", "direct"),
        ("The alternative is asking taxpayers", "Mark Fielding", "direct"),
        ("a new flexible season ticket", "Mark Fielding", "reported"),
    ],
}

#: Words no claim of the page may contain (captions, questions, lead-ins, two clauses in one),
#: and people no claim may be given to (the reporter, an outlet).
MUST_NOT: dict[str, tuple[list[str], list[str]]] = {
    "national_health": (
        ["waiting room in Bristol", "Photograph", "nurses' leaders said", "mouth is, Every"],
        ["Rebecca Hale", "Daily Courier", "Courier"],
    ),
    "regional_council": (
        ["cabinet meeting", "Read more", "who has run a florist"],
        ["Owen Rhys"],
    ),
    "press_release": (
        ["number of children waiting", "Notes to editors", "media enquiries"],
        ["Press Office"],
    ),
    "interview_qa": (
        ["Why step down now", "recruited thousands", "tell your successor", "Halifax"],
        ["Simon Grey"],
    ),
    "long_quote": (
        ["In a letter sent to parents", "headteacher Claire"],
        ["Laura Finch"],
    ),
    "shared_surname": (
        ["Leeds station", "not related"],
        ["Tom Aske", "Jane Obi"],
    ),
}


def page_article(name: str) -> Article:
    """The article of a fixture page, as the splitter reads it."""
    from analysis import pages, sources

    return pages.split(sources.read_path(CLAIM_PAGES / f"{name}.txt")).article


def page_figures(name: str) -> tuple[int, int, int]:
    """(expected claims found, expected claims, found with the right speaker) of one page."""
    found = claims.extract(page_article(name))
    hits = right = 0
    for start, speaker, _ in EXPECTED[name]:
        match = [c for c in found if norm(start) in norm(c.text)]
        if match:
            hits += 1
            right += match[0].speaker == speaker
    return hits, len(EXPECTED[name]), right


def _paragraph_text(a: Article, index: int) -> str:
    text = a.headline if index == -1 else a.body[index]
    assert text is not None
    return text


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_page_claims(name: str) -> None:
    a = page_article(name)
    found = claims.extract(a)
    for start, speaker, kind in EXPECTED[name]:
        hits = [c for c in found if norm(c.text).startswith(norm(start))]
        assert hits, f"{name}: no claim starts {start!r}: {[c.text for c in found]}"
        assert (hits[0].speaker, hits[0].kind) == (speaker, kind), (start, hits[0])
    words, people = MUST_NOT[name]
    for c in found:
        assert not any(norm(w) in norm(c.text) for w in words), c
        assert c.speaker not in people, c
        if a.byline:
            # Nothing is ever the reporter's claim.
            assert c.speaker is None or c.speaker not in a.byline, c


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_claims_are_spans_of_their_paragraph(name: str) -> None:
    a = page_article(name)
    for c in claims.extract(a):
        assert norm(c.text) in norm(_paragraph_text(a, c.paragraph)), c


def test_seed_claims_are_spans_of_their_paragraph(labels: dict[str, Any]) -> None:
    for pid, page in labels["articles"].items():
        a = seed_article(pid, page["headline"])
        for c in claims.extract(a):
            assert norm(c.text) in norm(_paragraph_text(a, c.paragraph)), (pid, c)


# ---- the weak spots: two clauses, two quotes, connectives, pronouns ------------------------


def test_second_clause_with_its_own_reporting_verb_is_its_own_claim() -> None:
    a = article(
        "The transport minister, Joan Avery, has pledged councils an extra £90m to 'end the "
        "pothole plague', but road safety campaigners said the sum was 'a fraction of what is "
        "needed'.",
        "Mr Dale promised residents a new library by 2026; opposition councillors said the date "
        "would slip.",
        "Tom Dale is the council leader.",
        "Dr Sue Hart, a GP in Leeds, said patients were waiting weeks, while her colleague Dr "
        "Ian Bow said the wait was shorter.",
    )
    found = claims.extract(a)
    pledge = find(found, "end the pothole plague")
    assert (pledge.speaker, pledge.kind) == ("Joan Avery", "reported")
    assert "campaigners" not in pledge.text and not pledge.text.endswith(",")
    group = find(found, "a fraction of what is needed")
    assert group is not pledge and group.speaker is None
    assert norm(group.text).startswith("the sum was")
    library = find(found, "new library by 2026")
    assert library.speaker == "Tom Dale" and "slip" not in library.text
    assert find(found, "the date would slip").speaker is None
    weeks = find(found, "patients were waiting weeks")
    assert weeks.speaker == "Dr Sue Hart" and "shorter" not in weeks.text
    assert find(found, "the wait was shorter").speaker == "Dr Ian Bow"


def test_issue_example_promise_and_doctors_leaders() -> None:
    a = article(
        'The health secretary has promised GPs an extra £300m to "fix the front door" of the '
        'NHS, but doctors\' leaders said the money was "a drop in the ocean".',
    )
    found = claims.extract(a)
    promise = find(found, "fix the front door")
    assert promise.text.endswith("of the NHS")
    drop = find(found, "a drop in the ocean")
    assert drop is not promise and drop.speaker is None and drop.kind == "reported"


def test_two_quotes_in_one_paragraph_stay_two_claims() -> None:
    a = article(
        "Priya Shah chairs the nursing committee.",
        "'I want ministers to see what nurses do,' she says. 'That would be a start.'",
    )
    found = claims.extract(a)
    first = find(found, "see what nurses do")
    second = find(found, "That would be a start")
    assert first is not second
    assert first.speaker == second.speaker == "Priya Shah"
    assert not any("do, That" in c.text or "do That" in c.text for c in found)


def test_leading_connectives_are_trimmed_from_reported_claims() -> None:
    a = article(
        "Mayor Lina Ortiz spoke at the launch.",
        "However the tram line would not reach the airport before 2030, she said.",
        "But the fares would be frozen for two years, Ms Ortiz added.",
        "Meanwhile, she said, the bus lanes would stay.",
    )
    found = claims.extract(a)
    for words in ("the tram line would not", "the fares would be frozen", "the bus lanes"):
        claim = find(found, words)
        assert norm(claim.text).startswith(words), claim.text
        assert claim.speaker == "Lina Ortiz"


def test_a_new_subject_takes_over_the_pronoun() -> None:
    a = article(
        "Ann Lee said the budget was sound.",
        "Tom Bell argued that it would close two wards. 'It will cost lives,' he said.",
    )
    found = claims.extract(a)
    assert find(found, "budget was sound").speaker == "Ann Lee"
    assert find(found, "close two wards").speaker == "Tom Bell"
    assert find(found, "It will cost lives").speaker == "Tom Bell"


def test_a_person_named_as_object_does_not_take_the_pronoun() -> None:
    a = article(
        "Dr Grace Odum said the hospital was full most nights.",
        "She had written to Pat Quinn twice about the beds, and told the Gazette she was "
        "still waiting for a reply.",
        "'We cannot go on like this,' she said.",
        "'Every corridor has a trolley in it,' she told the Western Echo.",
        "'Nobody is listening,' she added.",
    )
    found = claims.extract(a)
    assert find(found, "cannot go on like this").speaker == "Dr Grace Odum"
    assert find(found, "Every corridor has a trolley").speaker == "Dr Grace Odum"
    assert find(found, "Nobody is listening").speaker == "Dr Grace Odum"
    assert all(c.speaker != "Pat Quinn" for c in found)


def test_minister_and_shadow_sharing_a_surname() -> None:
    a = article(
        "Schools minister Daniel Carter said teacher pay would rise by 5%.",
        "Emma Carter, the shadow schools minister, said the rise would not be funded.",
        "'Schools will have to cut staff to pay for it,' Ms Carter said.",
        "Mr Carter disagreed. 'Every school will get the money,' he said.",
        "The shadow minister said she would ask for an urgent debate.",
    )
    found = claims.extract(a)
    assert find(found, "teacher pay would rise").speaker == "Daniel Carter"
    assert find(found, "teacher pay would rise").text.endswith("by 5%")
    assert find(found, "would not be funded").speaker == "Emma Carter"
    assert find(found, "cut staff to pay for it").speaker == "Emma Carter"
    assert find(found, "Every school will get the money").speaker == "Daniel Carter"
    assert find(found, "urgent debate").speaker == "Emma Carter"


# ---- other page styles --------------------------------------------------------------------


def test_question_and_answer_interview() -> None:
    a = article(
        "Professor Hannah Birch has run the county's air quality unit for a decade.",
        "Q: Mayor Colin Frost says the air is cleaner than ever. Is he right?",
        "A: On the main roads, no. The figures on the ring road have barely moved.",
        "Q: What would you change first?",
        "A: Close the school streets to cars at drop-off.",
    )
    found = claims.extract(a)
    assert [(c.text, c.speaker, c.kind) for c in found] == [
        (
            "On the main roads, no. The figures on the ring road have barely moved.",
            "Professor Hannah Birch",
            "direct",
        ),
        ("Close the school streets to cars at drop-off.", "Professor Hannah Birch", "direct"),
    ]


def test_according_to() -> None:
    a = article(
        "According to the airport's chief executive, Ravi Menon, the new runway will 'pay for "
        "itself within a decade'.",
        "The runway will open in 2031, according to Mr Menon.",
        "According to figures from the airport, passenger numbers fell by a fifth.",
    )
    found = claims.extract(a)
    runway = find(found, "pay for itself within a decade")
    assert (runway.speaker, runway.kind) == ("Ravi Menon", "reported")
    assert norm(runway.text).startswith("the new runway will")
    assert find(found, "open in 2031").speaker == "Ravi Menon"
    assert not any("passenger numbers" in c.text for c in found)


def test_colon_lead_in_gives_the_next_paragraph_its_speaker() -> None:
    a = article(
        "Ruth Kemp chairs the residents' association. In a statement, she said:",
        '"We were promised a park. We got a car park.',
        '"We will fight this in the courts if we have to."',
        'A spokesperson for the developer said: "The scheme meets every planning rule."',
    )
    found = claims.extract(a)
    assert not any("In a statement" in c.text for c in found)
    assert find(found, "We were promised a park").speaker == "Ruth Kemp"
    assert find(found, "fight this in the courts").speaker == "Ruth Kemp"
    rule = find(found, "meets every planning rule")
    assert (rule.speaker, rule.kind) == (None, "direct")


def test_who_said_belongs_to_the_person_before_it() -> None:
    a = article(
        "Lucy Ford will be replaced by Sam Okoro, a vet in Derby, who said he was 'proud to "
        "take on the role'.",
    )
    found = claims.extract(a)
    assert find(found, "proud to take on the role").speaker == "Sam Okoro"
    assert not any("will be replaced" in c.text for c in found)


def test_captions_give_no_claims_and_no_people() -> None:
    a = article(
        "Council leader Ann Price said the bridge would reopen in May.",
        "Ann Price at the bridge on Monday, who said it was safe (Photo: Evening Gazette)",
        "'It is safe to cross,' she said.",
    )
    found = claims.extract(a)
    assert all(c.paragraph != 1 for c in found)
    assert find(found, "safe to cross").speaker == "Ann Price"
    assert all(c.speaker != "Evening Gazette" for c in found)


def test_a_quoted_headline_takes_the_speaker_of_the_same_words_below() -> None:
    a = article(
        "Nina Vale has run the food bank for ten years.",
        "'We are feeding working families now,' she says. 'That never used to happen.'",
        headline="'We are feeding working families now'",
    )
    found = claims.extract(a)
    head = [c for c in found if c.paragraph == -1]
    assert head and head[0].speaker == "Nina Vale"


# ---- property: every claim is the article's own words -------------------------------------


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(_PIECES, max_size=25).map("".join), min_size=1, max_size=5))
def test_claims_are_always_spans_of_their_paragraph(body: list[str]) -> None:
    a = article(*body)
    for c in claims.extract(a):
        assert norm(c.text) in norm(_paragraph_text(a, c.paragraph)), c


# ---- long paragraphs stay linear ------------------------------------------------------------

_LONG_SENTENCES = (
    "'We will open {i} more beds by the spring,' said Dr Ann Price.",
    "Mr Osei said the trust had cut {i} posts since the merger.",
    "The scheme costs £{i}m and will take three years to finish.",
    "She added: 'It is not enough for the {i} families still waiting.'",
    "According to the health secretary, waiting lists grew by {i} per cent.",
    "'Nobody on the ward was told about the plan to close {i} beds.'",
)


def long_paragraph(n: int) -> str:
    """An invented paragraph of n sentences: quotes, reported speech and plain statements."""
    return " ".join(_LONG_SENTENCES[i % len(_LONG_SENTENCES)].format(i=i) for i in range(n))


def _steps(body: tuple[str, ...]) -> tuple[int, tuple[Claim, ...]]:
    """Lines run in analysis/claims/ and analysis/speakers.py while extracting: a count of
    the work done there that does not depend on the machine's speed."""
    package = Path(claims.__file__).parent
    watched = {str(p) for p in package.glob("*.py")} | {speakers.tokenize.__code__.co_filename}
    count = 0

    def local(frame: Any, event: str, arg: Any) -> Any:
        nonlocal count
        if event == "line":
            count += 1
        return local

    def tracer(frame: Any, event: str, arg: Any) -> Any:
        return local if frame.f_code.co_filename in watched else None

    sys.settrace(tracer)
    try:
        found = claims.extract(article(*body))
    finally:
        sys.settrace(None)
    return count, found


def test_a_long_paragraph_is_read_in_linear_steps(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[int] = []
    segment = claims.segmenter().segment

    def measured(text: str) -> Any:
        seen.append(len(text))
        return segment(text)

    monkeypatch.setattr(claims.segmenter(), "segment", measured)
    small, found_small = _steps((long_paragraph(750),))
    large, found_large = _steps((long_paragraph(3000),))
    # Four times the sentences: about four times the steps (a quadratic reading gives ~16x).
    assert large < 6 * small, (small, large)
    # pysbd slows down on long text: it only ever reads pieces of bounded size.
    limit = speakers.config().claims["max_segment_chars"]
    assert max(seen) <= limit
    # Every sentence of the paragraph was still read: two of every six sentences are direct
    # quotes of at least two words, and the cuts keep them whole.
    direct = [c for c in found_large if c.kind == "direct"]
    assert len(direct) >= 2 * 3000 // 6
    assert len(found_large) > 3.5 * len(found_small)
    assert find(found_large, "more beds by the spring").speaker == "Dr Ann Price"


def test_cutting_a_long_paragraph_keeps_its_claims() -> None:
    # The same sentences as many short paragraphs and as one long paragraph cut into pieces
    # give the same claims (the cuts fall between sentences).
    sentences = [_LONG_SENTENCES[i % 6].format(i=i) for i in range(600)]
    whole = claims.extract(article(" ".join(sentences)))
    assert len(" ".join(sentences)) > 3 * speakers.config().claims["max_segment_chars"]
    parts = claims.extract(article(*(" ".join(sentences[k : k + 6]) for k in range(0, 600, 6))))
    assert [(c.text, c.speaker, c.kind) for c in whole] == [
        (c.text, c.speaker, c.kind) for c in parts
    ]


def test_speakers_are_ordered_by_paragraph_then_offset() -> None:
    # A paragraph longer than a million characters must not reach into the next one's order:
    # "Dr Okafor" in the second paragraph is the Okafor named last, at the end of the first.
    speech = "'" + ("we talked about the budget for a long time " * 26_000).strip() + ".'"
    body = (
        f"Dr Sam Okafor opened the meeting. He said: {speech} Then Dr Ann Okafor spoke.",
        "Dr Okafor said the budget was short of what the practices need.",
    )
    assert len(body[0]) > 1_000_000
    found = claims.extract(article(*body))
    assert find(found, "budget was short").speaker == "Dr Ann Okafor"


@pytest.mark.slow
def test_a_two_megabyte_one_line_page_is_analysed() -> None:
    from analysis import pipeline, sources, themes

    quote = "'{q} is the only way to keep {i} surgeries open this winter,' said Dr Lena Hart. "
    stories = ("Cutting the waiting list", "Paying locums more", "Opening on Sundays")
    line = ""
    parts = []
    i = 0
    while sum(map(len, parts)) < 2_000_000:
        parts.append(quote.format(q=stories[i % 3], i=i) + long_paragraph(4) + " ")
        i += 1
    line = "".join(parts)
    text = f"GP surgeries warn of winter closures\n{line}\n"
    raw = sources.read_bytes(text.encode("utf-8"), page_id="big", source="big.txt")
    result = pipeline.analyse(raw, themes.load())
    assert len(result.claims) > 1000


def test_role_label_headline_takes_the_role_holder_named_in_the_body() -> None:
    found = claims.extract(
        article(
            "Housing minister Priya Oduya told the conference that councils would get more say.",
            "'Every council will have its own target,' she said.",
            headline="Housing minister: 'No council will be left behind on new homes'",
        )
    )
    headline = [c for c in found if c.paragraph == -1]
    assert [(c.text, c.speaker, c.kind) for c in headline] == [
        ("No council will be left behind on new homes", "Priya Oduya", "direct")
    ]


def test_role_label_headline_with_nobody_in_that_role_has_no_speaker() -> None:
    # The body names a transport minister only: the label's role resolves to nobody, and the
    # role text is never made a speaker.
    found = claims.extract(
        article(
            "Transport minister Ola Brandt said bus fares would be frozen next year.",
            headline="Rail regulator: 'Ticket offices will stay open in every city'",
        )
    )
    headline = [c for c in found if c.paragraph == -1]
    assert [c.speaker for c in headline] == [None]
    assert all(c.speaker in (None, "Ola Brandt") for c in found)


@pytest.mark.parametrize(
    "subject",
    [
        "The Institute for Public Finance",
        "The Department for Rural Transport",
        "The Royal College of Midwives",
        "The Office for Road Safety",
    ],
)
def test_organisation_named_with_for_or_of_is_no_person(subject: str) -> None:
    found = claims.extract(
        article(f"{subject} has said that waiting times rose again in the spring.")
    )
    claim = find(found, "waiting times rose again")
    assert claim.kind == "reported"
    assert claim.speaker is None
    assert claims.main_speaker(found, article()) is None


def test_second_reporting_verb_sharing_the_subject_is_its_own_claim() -> None:
    found = claims.extract(
        article(
            "Energy secretary Tom Aldane said the scheme would cut bills by a tenth, and "
            'promised households could switch supplier "in under a minute".'
        )
    )
    assert [(c.text, c.speaker, c.kind) for c in found] == [
        ("the scheme would cut bills by a tenth", "Tom Aldane", "reported"),
        ('households could switch supplier "in under a minute"', "Tom Aldane", "reported"),
    ]


def test_a_one_token_paragraph_is_one_sentence_without_the_segmenter() -> None:
    """A page of thousands of one-word lines must not call the sentence segmenter once a
    line; a single token is one sentence, as the segmenter itself would say."""
    from analysis.claims import parts

    for text in ("Bob", "  U.S.  ", "“Never.”", "Hello.World"):
        expected = [(text.index(text.strip()), text.index(text.strip()) + len(text.strip()))]
        assert parts._sentence_bounds(text, 1000) == expected
        segmented = [str(s).strip() for s in parts.segmenter().segment(text)]
        assert segmented == [text.strip()]
