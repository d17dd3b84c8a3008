"""Records passed between pipeline stages. All frozen: a stage never edits another's output.

The words follow DESIGN.md: page, article, claim, comment, mood, theme, coverage.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

MoodLabel = Literal["negative", "neutral", "positive"]
#: One mood order everywhere: tables, charts, legends.
MOOD_ORDER: tuple[MoodLabel, ...] = ("negative", "neutral", "positive")
#: The warning a page without reader comments carries (the comments view says it its own way).
NO_COMMENTS = "no reader comments in this capture"
ClaimKind = Literal["direct", "reported"]
Stance = Literal["agree", "disagree", "mock", "unclear"]


@dataclass(frozen=True, slots=True)
class ExportComment:
    """One comment of a comment export (.json/.csv) as the export gives it.

    `text` is the export's field exactly ("" when it has none); a moderated comment has "".
    """

    author: str | None
    text: str
    moderated: bool = False
    posted: str | None = None
    reply_to: str | None = None


@dataclass(frozen=True, slots=True)
class CommentExport:
    """What a comment export holds: its own article fields (if any) and its comments."""

    comments: tuple[ExportComment, ...]
    headline: str | None = None
    published: str | None = None
    outlet: str | None = None
    declared_comment_count: int | None = None
    #: The address of the page the comments were made on, when the export says (a Disqus
    #: thread's link): with the headline, how `analysis.attach` finds that page's capture.
    link: str | None = None
    #: The platform the export comes from ("disqus") when its threads name their pages.
    platform: str | None = None


@dataclass(frozen=True, slots=True)
class RawPage:
    """A captured page as read from disk, before splitting.

    `text` is always plain text with one block (paragraph, list item, line) per line, so the
    splitter reads HTML captures and browser text captures the same way. `html` keeps the
    original markup when the capture was HTML, for metadata the text has lost. `export` keeps
    the records of a comment export, which the splitter reads instead of `text` (then only a
    readable rendering for display). `comments_from` holds the comments of an export matched
    to this capture (a Disqus thread of the same link or title, see `analysis.attach`): the
    article is read from the capture, the comments are the export's.
    """

    id: str
    source: str
    text: str
    content_hash: str
    html: str | None = None
    encoding: str = "utf-8"
    warnings: tuple[str, ...] = ()
    export: CommentExport | None = None
    comments_from: CommentExport | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """The article part of a page: everything that is neither site chrome nor a comment."""

    outlet: str | None
    headline: str | None
    kicker: str | None
    byline: str | None
    published: date | None
    body: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Comment:
    """One reader comment slot.

    `position` is 1-based in page order and counts moderated slots too. `text` is exactly as
    the reader wrote it (a verbatim substring of the capture); moderated slots have text "".
    """

    position: int
    author: str | None
    moderated: bool
    text: str
    posted: str | None = None
    reply_to: str | None = None


@dataclass(frozen=True, slots=True)
class Page:
    """A split page: the article, its comments, what the page declares, and what went wrong."""

    id: str
    source: str
    content_hash: str
    article: Article
    comments: tuple[Comment, ...]
    declared_comment_count: int | None
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Sentiment:
    """Raw VADER scores of one text, never altered."""

    neg: float
    neu: float
    pos: float
    compound: float


@dataclass(frozen=True, slots=True)
class WordContribution:
    """How much one token moved VADER's sum of valences (after VADER's own rules)."""

    token: str
    valence: float


@dataclass(frozen=True, slots=True)
class Reason:
    """One thing that moved a comment's mood away from VADER's label.

    `kind` names what it is ("sentences", "contrast", "words", "sarcasm", …), `evidence` the
    words of the comment a reader can check, `effect` how far it moved the model's margin
    toward the mood over VADER's label (in logits; larger weighs more). `str()` is the plain
    rendering kept in `Mood.reasons` and the JSON's `mood_reasons`.

    >>> str(Reason("words", ("'wrong'", "'disagree'"), 1.2, "weighed most"))
    "words: weighed most 'wrong', 'disagree'"
    """

    kind: str
    evidence: tuple[str, ...]
    effect: float
    #: The words before the evidence ("the last sentence reads negative:").
    says: str = ""

    def __str__(self) -> str:
        head = f"{self.kind}: {self.says}" if self.says else f"{self.kind}:"
        return f"{head} {', '.join(self.evidence)}".rstrip()

    def record(self) -> dict[str, Any]:
        """The reason as the store's and the JSON's record (`mood_explanation`).

        >>> Reason("contrast", (), 0.8, "the turn").record()
        {'kind': 'contrast', 'says': 'the turn', 'evidence': [], 'effect': 0.8}
        """
        return {
            "kind": self.kind,
            "says": self.says,
            "evidence": list(self.evidence),
            "effect": self.effect,
        }

    @classmethod
    def from_record(cls, value: Any) -> Reason:
        """A reason from a stored record (a mapping with the keys of `record`); a missing
        effect reads as 0.

        >>> Reason.from_record({"kind": "words", "says": "", "evidence": ["'x'"], "effect": None})
        Reason(kind='words', evidence=("'x'",), effect=0.0, says='')
        """
        evidence = value.get("evidence")
        effect = value.get("effect")
        return cls(
            kind=str(value.get("kind") or ""),
            evidence=tuple(str(e) for e in evidence) if evidence is not None else (),
            effect=float(effect) if effect is not None and effect == effect else 0.0,
            says=str(value.get("says") or ""),
        )

    @classmethod
    def from_text(cls, text: str) -> Reason:
        """A reason from its plain rendering (`str`), as stores written before the records
        kept it: the kind before the first ':', the rest as what it says.

        >>> Reason.from_text("sarcasm: rhetorical question")
        Reason(kind='sarcasm', evidence=(), effect=0.0, says='rhetorical question')
        """
        kind, _, rest = str(text).partition(":")
        return cls(kind=kind.strip(), evidence=(), effect=0.0, says=rest.strip())


@dataclass(frozen=True, slots=True)
class Mood:
    """The project's judgement of a comment; `reasons` say why it differs from VADER.

    `reasons` are the plain renderings of `explanation` (structured `Reason` records), present
    exactly when `label` differs from VADER's. `probabilities` are the model's calibrated
    probabilities in `MOOD_ORDER` (None where no model judged, e.g. an empty comment).
    """

    label: MoodLabel
    score: float
    reasons: tuple[str, ...] = ()
    explanation: tuple[Reason, ...] = ()
    probabilities: tuple[float, float, float] | None = None


@dataclass(frozen=True, slots=True)
class ThemeHit:
    """A theme found in a text, with the words or phrases that matched."""

    name: str
    evidence: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Claim:
    """A statement the article attributes to a person: a direct quote or reported speech."""

    id: str
    text: str
    speaker: str | None
    kind: ClaimKind
    paragraph: int


@dataclass(frozen=True, slots=True)
class Link:
    """A comment's link to a claim it answers, strongest first in `CommentReading.links`."""

    claim_id: str
    score: float
    via: str
    stance: Stance = "unclear"


@dataclass(frozen=True, slots=True)
class CommentReading:
    """A comment with everything the pipeline read from it. Moderated: vader and mood None."""

    comment: Comment
    vader: Sentiment | None
    mood: Mood | None
    themes: tuple[ThemeHit, ...] = ()
    links: tuple[Link, ...] = ()


@dataclass(frozen=True, slots=True)
class ClaimReading:
    """A claim with its own tone and themes."""

    claim: Claim
    vader: Sentiment
    themes: tuple[ThemeHit, ...] = ()


@dataclass(frozen=True, slots=True)
class Analysis:
    """One analysed page: what `inspect --json` prints and what the store keeps."""

    page: Page
    speaker: str | None
    claims: tuple[ClaimReading, ...]
    comments: tuple[CommentReading, ...]
    body_vader: tuple[Sentiment, ...] = ()
