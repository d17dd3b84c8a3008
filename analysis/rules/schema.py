"""The schemas of the rule files: what keys each may hold and of what type.

Every model forbids unknown keys, so a misspelt key fails loading (with its file and line, see
`analysis.rules.parse`) instead of silently leaving a list empty.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)


class DomRules(_Strict):
    """How a saved page's markup is read into blocks of text."""

    block_tags: frozenset[str]
    drop_tags: frozenset[str]
    #: Class/id words of comment containers ("comment", "reply", "disqus").
    comment_marks: re.Pattern[str]
    #: Class/id words of furniture that holds dated or named items but no comments.
    furniture_marks: re.Pattern[str]
    #: Class/id words of the element holding a commenter's name.
    author_marks: re.Pattern[str]
    #: A short line above a comment list that introduces it ("15 comments", "Leave a reply").
    comment_heading: re.Pattern[str]
    #: A line that is only the buttons of a comment ("Reply", "Report abuse", "Permalink").
    actions: re.Pattern[str]
    #: Image source/class/alt words of a commenter's picture.
    avatar_marks: re.Pattern[str]
    #: A comment slot whose text the site removed.
    removed: re.Pattern[str]


class MetaRules(_Strict):
    """What makes a short block a comment's name or time line (its "meta" line)."""

    max_words: int = Field(gt=0)
    max_lines: int = Field(gt=0)
    #: Blocks this short whose markup names an author are meta lines without a date.
    max_author_words: int = Field(gt=0)
    date: re.Pattern[str]
    says: re.Pattern[str]
    posted_by: re.Pattern[str]
    #: The parts of a meta line that are not the name ("by", "says:", "Posted by:", "#3").
    name_noise: re.Pattern[str]


class Ranker(_Strict):
    """A logistic model over candidate comment lists, fitted on real pages by
    `benchmarks/fit_page_ranker.py` (dev pages only). Features are standardised with `mean`
    and `scale` before the weights apply."""

    threshold: float = Field(gt=0, lt=1)
    intercept: float
    weights: dict[str, float]
    mean: dict[str, float]
    scale: dict[str, float]


class ArticleRules(_Strict):
    """How the article's body is told from chrome in copied text (article_text.py)."""

    #: A line reads as prose with at least this many words and this share of stopwords.
    min_words: int = Field(gt=0)
    min_stopword_share: float = Field(ge=0, le=1)
    #: What a line that is not prose costs the run it sits in: a fixed part and per word.
    penalty: float = Field(ge=0)
    word_penalty: float = Field(ge=0)
    stopwords: frozenset[str]
    #: Lines that are chrome wherever they sit (share bars, "Tweet", "Posted in ...").
    chrome: re.Pattern[str]
    #: How far above the body the headline is looked for, and its size in words.
    headline_window: int = Field(gt=0)
    headline_min_words: int = Field(gt=0)
    headline_max_words: int = Field(gt=0)
    #: Lines that are never the headline (dates, bars of links).
    not_headline: re.Pattern[str]


class TextRules(_Strict):
    """How copied page text is read: line shapes, beats, the article's body lines."""

    #: Lines of at most this many words get a shape (may be a comment's meta line).
    max_meta_words: int = Field(gt=0)
    #: How many lines after a beat (or before the next) may be more of its meta lines.
    window: int = Field(gt=0)
    #: A shape recurring after this share of beats at one offset is a meta line of each.
    companion_share: float = Field(gt=0, le=1)
    #: A shape whose occurrences are mostly adjacent lines is a list (archive, menu).
    max_adjacent_share: float = Field(ge=0, le=1)
    #: Lines the open end of a list may take beyond the longest comment inside it.
    open_end_lines: int = Field(gt=0)
    #: Shape classes: words read as a number, month and weekday names, am/pm.
    number_words: frozenset[str]
    month: re.Pattern[str]
    weekday: re.Pattern[str]
    meridiem: frozenset[str]
    #: Meta words kept in a shape, each mapped to its class ("wrote" -> "says").
    keep_words: dict[str, str]
    #: Patterns over shapes (see rhythm.shape).
    says_shape: re.Pattern[str]
    beat_shape: re.Pattern[str]
    strong_shape: re.Pattern[str]
    action_shape: re.Pattern[str]
    header_shape: re.Pattern[str]
    footer_shape: re.Pattern[str]
    date_shape: re.Pattern[str]
    #: Patterns over one line of text.
    prose: re.Pattern[str]
    list_end: re.Pattern[str]
    comment_heading: re.Pattern[str]
    ranker: Ranker
    article: ArticleRules


class PageRules(_Strict):
    """pages.toml: reading pages from their structure (html) and from their lines (text)."""

    dom: DomRules
    meta: MetaRules
    ranker: Ranker
    text: TextRules
