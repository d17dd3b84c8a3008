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


class PageRules(_Strict):
    """pages.toml: reading pages from their structure."""

    dom: DomRules
    meta: MetaRules
    ranker: Ranker
