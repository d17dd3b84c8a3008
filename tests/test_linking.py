"""Linking comments to claims: echo, similarity, no link, stance — seeds and invented pages."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import claims, linking
from analysis.model import Claim, Mood
from tests.test_claims import CLAIM_PAGES, COUNCIL, SEEDS, article, seed_article

_REPORT = "Unsuitable or offensive? Report this comment"


def seed_comment_blocks(page_id: str) -> list[str]:
    """Comment blocks of a seed: from a "  • " line to the report line (test-only reader)."""
    blocks: list[list[str]] = []
    current: list[str] | None = None
    for line in (SEEDS / f"{page_id}.txt").read_text("utf-8").split("\n"):
        if line.startswith("  • "):
            current = [line[4:]]
            blocks.append(current)
        elif current is not None:
            if line.strip().startswith(_REPORT):
                current = None
            else:
                current.append(line.strip())
    return ["\n".join(b).strip() for b in blocks]


def _seed_link_results(labels: dict[str, Any]) -> tuple[list[bool], list[bool]]:
    """(hit per comment with responds_to words, no-link per comment with none)."""
    hits: list[bool] = []
    unlinked: list[bool] = []
    for pid, page in labels["articles"].items():
        readable = [c for c in page["comments"] if not c["moderated"]]
        if not readable:
            continue
        a = seed_article(pid, page["headline"])
        found = claims.extract(a)
        text_of = {c.id: c.text.lower() for c in found}
        blocks = seed_comment_blocks(pid)
        texts = []
        for label in readable:
            block = next(b for b in blocks if label["starts_with"] in b)
            texts.append(block[block.index(label["starts_with"]) :])
        links = linking.link_all([(t, None) for t in texts], found, a)
        for label, ls in zip(readable, links, strict=True):
            if label["responds_to"]:
                best = text_of[ls[0].claim_id] if ls else ""
                hits.append(any(w.lower() in best for w in label["responds_to"]))
            else:
                unlinked.append(not ls)
    return hits, unlinked


def test_seed_links_hit_the_labelled_claim(labels: dict[str, Any]) -> None:
    hits, _ = _seed_link_results(labels)
    assert len(hits) >= 10
    assert sum(hits) / len(hits) >= 0.8


def test_seed_general_comments_mostly_have_no_link(labels: dict[str, Any]) -> None:
    _, unlinked = _seed_link_results(labels)
    assert len(unlinked) >= 4
    assert sum(unlinked) / len(unlinked) > 0.5


# ---- invented council page ----------------------------------------------------------------

COUNCIL_COMMENTS = [
    # echoes the scare-quoted words
    "'No choice'? There was a choice: stop paying consultants.",
    # repeats the volunteers plan in other words
    "Handing branches to volunteer groups just means the libraries die slowly.",
    # agrees with the bankruptcy warning
    "Spot on. If the council goes bankrupt we lose far more than libraries.",
    # general reaction, no claim
    "Typical. Nobody ever listens to residents round here.",
    # mocks the refurbishment point
    "The town hall refurbishment was lovely though, lol.",
    "Lovely weather for the summer fete this year.",
]


def _council_links() -> tuple[tuple[Claim, ...], tuple[tuple[Any, ...], ...]]:
    found = claims.extract(COUNCIL)
    return found, linking.link_all([(t, None) for t in COUNCIL_COMMENTS], found, COUNCIL)


def _best_text(found: tuple[Claim, ...], links: tuple[Any, ...]) -> str:
    by_id = {c.id: c.text.lower() for c in found}
    return by_id[links[0].claim_id] if links else ""


def test_council_comments_link_to_the_claims_they_answer() -> None:
    found, links = _council_links()
    assert len(links) == len(COUNCIL_COMMENTS)
    assert "no choice" in _best_text(found, links[0])
    assert links[0][0].via == "echo"
    assert "volunteer groups" in _best_text(found, links[1])
    assert "bankrupt" in _best_text(found, links[2])
    assert links[3] == ()
    assert "refurbishment" in _best_text(found, links[4])
    assert links[5] == ()


def test_council_comment_stances() -> None:
    _, links = _council_links()
    assert links[2][0].stance == "agree"
    assert links[4][0].stance == "mock"


def test_links_are_strongest_first_and_capped() -> None:
    found, links = _council_links()
    ids = {c.id for c in found}
    for ls in links:
        assert [link.score for link in ls] == sorted((link.score for link in ls), reverse=True)
        assert len(ls) <= 3
        assert all(link.claim_id in ids and link.via in ("echo", "similarity") for link in ls)


# ---- stance and helpers -------------------------------------------------------------------

CLAIM = Claim("c1", "We have protected the NHS budget", "Ann Lee", "direct", 0)


def test_stance_cues() -> None:
    assert linking.stance("Absolute nonsense from start to finish.", CLAIM) == "disagree"
    assert linking.stance("The budget was not protected at all.", CLAIM) == "disagree"
    assert linking.stance("I agree, the budget is safe.", CLAIM) == "agree"
    assert linking.stance("Protected? Yeah right.", CLAIM) == "mock"
    assert linking.stance("The budget was discussed on Tuesday.", CLAIM) == "unclear"


def test_sarcasm_reason_from_mood_means_mock() -> None:
    mood = Mood("negative", -0.4, ("sarcasm: praise word with scare quotes",))
    assert linking.stance("What a 'protected' budget.", CLAIM, mood) == "mock"
    assert linking.stance("What a 'protected' budget.", CLAIM, None) != "mock"


def test_stem_joins_word_forms() -> None:
    assert linking.stem("sharing") == linking.stem("share") == linking.stem("shared")
    assert linking.stem("homes") == linking.stem("home")
    assert linking.stem("employees") == linking.stem("employ")
    assert linking.stem("penance") != linking.stem("pension")


def test_no_claims_no_links() -> None:
    a = article("Rain is expected.")
    assert linking.link_all([("Great news", None), ("", None)], (), a) == ((), ())


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(max_size=120), max_size=6))
def test_any_comment_text_links_without_raising(texts: list[str]) -> None:
    found = claims.extract(COUNCIL)
    links = linking.link_all([(t, None) for t in texts], found, COUNCIL)
    assert len(links) == len(texts)
    for ls in links:
        assert all(0.0 < link.score <= 1.0 for link in ls)
        assert all(link.stance in ("agree", "disagree", "mock", "unclear") for link in ls)


# ---- captured pages of other styles (tests/fixtures/claims) -------------------------------

#: Per fixture page, per comment position: words the best-linked claim must contain, or None
#: for a comment about the article in general (it must have no link).
COMMENT_TARGETS: dict[str, dict[int, str | None]] = {
    "national_health": {
        1: "money where our mouth is",
        2: "balloted on strike",
        3: "sticking plaster",
        4: None,
        5: "longer-term plan",
    },
    "regional_council": {
        1: "backs of shopkeepers",
        2: "adult social care",
        3: "bunch of flowers",
        4: None,
        5: None,
    },
    "press_release": {1: "huge relief", 2: "transform care", 3: None},
    "interview_qa": {1: "general practice on goodwill", 2: "pharmacists", 3: None, 4: None},
    "long_quote": {
        1: "ten minutes",
        2: "risen every year",
        3: "experienced inspectors",
        4: "saturday revision",
        5: None,
    },
    "shared_surname": {1: "worst punctuality", 2: "biggest modernisation", 3: None},
}


def _fixture_links(name: str) -> dict[int, str | None]:
    """Best-linked claim text (lower case) of each readable comment of a fixture page."""
    from analysis import pages, sources

    page = pages.split(sources.read_path(CLAIM_PAGES / f"{name}.txt"))
    found = claims.extract(page.article)
    readable = [c for c in page.comments if not c.moderated]
    links = linking.link_all([(c.text, None) for c in readable], found, page.article)
    return {
        c.position: _best_text(found, ls) or None for c, ls in zip(readable, links, strict=True)
    }


@pytest.mark.parametrize("name", sorted(COMMENT_TARGETS))
def test_fixture_comments_link_to_what_they_answer(name: str) -> None:
    best = _fixture_links(name)
    for position, words in COMMENT_TARGETS[name].items():
        if words is None:
            assert best[position] is None, (position, best[position])
        else:
            assert best[position] is not None and words in best[position], (position, best)


def test_my_foot_is_mockery() -> None:
    assert linking.stance("Experienced inspectors, my foot.", CLAIM) == "mock"
