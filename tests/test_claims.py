"""Claims: quotes and reported speech with their speakers, on the seeds and invented pages."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import claims
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
