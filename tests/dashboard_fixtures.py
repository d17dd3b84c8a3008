"""A hand-built store for the dashboard tests: invented articles, claims and reader comments
with every field filled, so the views can be checked before (and apart from) the splitter,
mood and claims stages. VADER scores are real (analysis.sentiment); moods, themes and links
are set by hand as a careful reader would."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from analysis import sentiment, store
from analysis.model import (
    Analysis,
    Article,
    Claim,
    ClaimReading,
    Comment,
    CommentReading,
    Link,
    Mood,
    MoodLabel,
    Page,
    Reason,
    ThemeHit,
)

#: A comment built to break naive rendering: HTML, Markdown links/images, LaTeX, bold, money.
HOSTILE_TEXT = (
    "<img src=x onerror=alert(1)> [x](javascript:alert(1)) ![t](http://127.0.0.1:9/t.png) "
    "$x$ **bold** and it costs £8bn and $5 a head"
)
HOSTILE_AUTHOR = "<b>Mallory</b> $y$ **Ann**"
#: A comment and author a spreadsheet would read as formulas ("+1" is how readers agree).
FORMULA_TEXT = "+1 Fair enough, budgets are tight."
FORMULA_AUTHOR = "@Realist"
#: A claim the article's headline makes (not in its body).
HEADLINE_CLAIM = "Ambulance waits fall for a third month"
HOSTILE_HEADLINE = "Council spends £8bn and $5 on **new** <i>wards</i> $z$"


@dataclass(frozen=True)
class C:
    """One hand-read comment: text, mood, themes with evidence, linked claim and stance."""

    text: str
    mood: MoodLabel | None
    author: str | None = None
    themes: tuple[tuple[str, tuple[str, ...]], ...] = ()
    claim: str | None = None
    stance: str = "unclear"
    reasons: tuple[str, ...] = ()
    score: float | None = None
    posted: str | None = None


def _analysis(
    page_id: str,
    headline: str,
    outlet: str,
    published: date | None,
    speaker: str | None,
    body: tuple[str, ...],
    claims: tuple[tuple[str, str, str | None, str, int], ...],
    comments: tuple[C, ...],
    declared: int | None,
    warnings: tuple[str, ...] = (),
    kicker: str | None = None,
) -> Analysis:
    article = Article(outlet, headline, kicker, None, published, body)
    readings = []
    for position, c in enumerate(comments, start=1):
        comment = Comment(
            position, c.author, c.mood is None, "" if c.mood is None else c.text, posted=c.posted
        )
        if c.mood is None:
            readings.append(CommentReading(comment, None, None))
            continue
        vader = sentiment.score(c.text)
        score = c.score if c.score is not None else vader.compound
        links = (Link(c.claim, 0.6, "echo", c.stance),) if c.claim else ()  # type: ignore[arg-type]
        readings.append(
            CommentReading(
                comment,
                vader,
                Mood(c.mood, score, c.reasons, tuple(Reason.from_text(r) for r in c.reasons)),
                tuple(ThemeHit(name, words) for name, words in c.themes),
                links,
            )
        )
    claim_readings = tuple(
        ClaimReading(Claim(cid, text, who, kind, para), sentiment.score(text))  # type: ignore[arg-type]
        for cid, text, who, kind, para in claims
    )
    page = Page(
        page_id,
        f"captures/{page_id}.txt",
        f"hash-{page_id}",
        article,
        tuple(r.comment for r in readings),
        declared,
        warnings,
    )
    return Analysis(
        page, speaker, claim_readings, tuple(readings), tuple(sentiment.score(p) for p in body)
    )


def analyses() -> list[Analysis]:
    """The invented articles: a busy one, a small one, a dated pair, one with no comments."""
    nurses = _analysis(
        "nurses-pledge",
        "Minister pledges 5,000 more nurses by 2030",
        "Care Weekly",
        date(2024, 3, 4),
        "Dana Whitfield",
        (
            "The health minister Dana Whitfield has promised 5,000 more nurses by 2030.",
            "She said: 'We are giving the NHS the staff it needs to succeed.'",
            "Whitfield added that pay talks would resume once the review body reports.",
            "Unions said the promise was recycled from last year's budget.",
        ),
        (
            (
                "c1",
                "We are giving the NHS the staff it needs to succeed.",
                "Dana Whitfield",
                "direct",
                1,
            ),
            (
                "c2",
                "pay talks would resume once the review body reports",
                "Dana Whitfield",
                "reported",
                2,
            ),
        ),
        (
            C(
                "Giving the NHS the staff it needs? We have heard this every year. Useless.",
                "negative",
                "Ward Sister",
                (("distrust", ("heard this every year",)),),
                "c1",
                "mock",
                ("sarcasm: rhetorical question",),
                -0.62,
                posted="4 March 2024 09:15",
            ),
            C(
                "I'm exhausted after three double shifts and nothing changes.",
                "negative",
                "NightNurse",
                (("burnout", ("exhausted", "double shifts")),),
                None,
                posted="2024-03-04T11:40:00Z",
            ),
            C("", None),
            C(HOSTILE_TEXT, "neutral", HOSTILE_AUTHOR, (), None, score=0.0),
            C(
                "Good news if the pay talks actually happen, I'd welcome that.",
                "positive",
                "Optimist",
                (),
                "c2",
                "agree",
                posted="05/03/2024 08:05",
            ),
            C(
                "Pay talks resume when the review body reports... so never then.",
                "negative",
                None,
                (("distrust", ("so never",)),),
                "c2",
                "mock",
                ("sarcasm: ellipsis",),
                -0.4,
                posted="5 March 2024 10:30",
            ),
            C(
                "More nurses is great but where will they train?\n\nWe lost our placements.",
                "neutral",
                "Tutor",
                (),
                "c1",
                "unclear",
                (),
                0.02,
                posted="2 hours ago",
            ),
        ),
        declared=9,
        warnings=("7 of 9 comments captured",),
        kicker="Workforce",
    )
    pharmacy = _analysis(
        "pharmacy-cuts",
        HOSTILE_HEADLINE,
        "Pharma Today",
        date(2024, 5, 12),
        "Lee Okafor",
        ("Lee Okafor said the cuts were 'painful but necessary'.",),
        (("c1", "painful but necessary", "Lee Okafor", "direct", 0),),
        (
            C(
                "Painful for patients, necessary for nobody.",
                "negative",
                "Chemist",
                (("funding", ("cuts",)),),
                "c1",
                "disagree",
                (),
                -0.55,
            ),
            C(FORMULA_TEXT, "positive", FORMULA_AUTHOR, (), "c1", "agree"),
        ),
        declared=2,
    )
    ambulance = _analysis(
        "ambulance-times",
        "Ambulance waits fall for a third month",
        "Care Weekly",
        date(2024, 5, 20),
        "Dana Whitfield",
        ("Waits fell again, Dana Whitfield said, thanking crews for their hard work.",),
        # The claims stage reads the headline first, as paragraph -1.
        (
            ("c1", HEADLINE_CLAIM, "Dana Whitfield", "reported", -1),
            ("c2", "thanking crews for their hard work", "Dana Whitfield", "reported", 0),
        ),
        (
            C(
                "Credit to the crews, they are brilliant.",
                "positive",
                "Paramedic",
                (),
                "c2",
                "agree",
            ),
            C(
                "Still waited four hours with my dad last week.",
                "negative",
                "Son",
                (("distrust", ("still waited",)),),
                None,
                score=-0.3,
            ),
            C("Good to see some progress at last.", "positive", None, (), None),
        ),
        declared=None,
    )
    quiet = _analysis(
        "quiet-page",
        "Practice opening hours consultation opens",
        "Pharma Today",
        None,
        None,
        ("A consultation on opening hours opened today.",),
        (),
        (),
        declared=None,
        warnings=(
            "comments powered by a third-party widget are not in the capture",
            "no reader comments in this capture",
        ),
    )
    return [nurses, pharmacy, ambulance, quiet]


def build_store(path: Path) -> Path:
    """Save the invented analyses into a fresh store at `path`."""
    with store.open_store(path) as st_:
        st_.save([(a, f"key-{a.page.id}") for a in analyses()])
    return path
