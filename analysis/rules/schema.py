"""The schemas of the rule files: what keys each may hold and of what type.

Every model forbids unknown keys, so a misspelt key fails loading (with its file and line, see
`analysis.rules.parse`) instead of silently leaving a list empty.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field, model_validator

from analysis.rules.trees import TreeModel


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)


class DomRules(_Strict):
    """How a saved page's markup is read into blocks of text."""

    block_tags: frozenset[str]
    drop_tags: frozenset[str]
    #: One class word that hides its element from the reader ("hidden", "hiddenBox"): the
    #: element is not page text.
    hidden_class: re.Pattern[str]
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
    #: A list of this many items or more, whose items open (in this share of them or more)
    #: with a link of `headline_words` words or more, lists other pages' stories: the first
    #: block of a comment is its name or its text, not a linked title.
    story_list_items: int = Field(gt=0)
    story_list_share: float = Field(gt=0, le=1)
    headline_words: int = Field(gt=0)
    #: A chosen comment list of this many comments or fewer, ranked below `doubtful_below`,
    #: is given up when taking it out of the page leaves less than `article_kept` of the
    #: article's words: it was the article.
    doubtful_units: int = Field(ge=0)
    #: Of two candidates ranked within this of each other that share comments, the one
    #: holding more comments is taken: the other is part of it (its replies, or all but
    #: a reply or a removed slot).
    near_equal: float = Field(ge=0, le=1)
    doubtful_below: float = Field(ge=0, le=1)
    article_kept: float = Field(ge=0, le=1)
    #: This many paragraphs or more in a row of the extracted article, each the whole text
    #: of one link, are a link list (a menu, tags, related posts), not the article.
    link_run: int = Field(ge=2)


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
    #: A line of buttons or notices where a name would sit ("Reply to This", "ReplyDelete").
    not_a_name: re.Pattern[str]


class Ranker(_Strict):
    """A logistic model over plain-number features (of a copied page's candidate comment
    lists), fitted on real pages by a fitter under `benchmarks/` (dev pages only). Features
    are standardised with `mean` and `scale` before the weights apply."""

    threshold: float = Field(gt=0, lt=1)
    intercept: float
    weights: dict[str, float]
    mean: dict[str, float]
    scale: dict[str, float]

    @model_validator(mode="after")
    def _standardised(self) -> Ranker:
        missing = sorted(set(self.weights) - (set(self.mean) & set(self.scale)))
        if missing:
            raise ValueError(f"no mean or scale for {', '.join(missing)}")
        if any(self.scale[k] <= 0 for k in self.weights):
            raise ValueError("every scale must be above 0")
        return self


#: What the comment-list ranker of saved HTML weighs about a candidate list (the keys of
#: `pages.threads.features`); its trees may read these and no others.
PAGE_RANKER_FEATURES = (
    "actions", "after_title", "avatar", "by_share", "comment_marks", "date_share", "distinct",
    "footer", "furniture_marks", "header", "heading", "heading_share", "id_numbered",
    "item_unit", "link", "mean_words_log", "meta_words_log", "n_log", "name_share", "ok_share",
    "position", "raw_score_log", "says_share", "title_in", "tree",
)  # fmt: skip


class PageRanker(_Strict):
    """The comment-list ranker of saved HTML: gradient-boosted trees over a candidate list's
    features (`PAGE_RANKER_FEATURES`), fitted on dev pages by benchmarks/fit_page_ranker.py
    and kept in rules/page_ranker.npz, which the rules set here when they load. A list stands
    at `threshold` or above; this threshold, not the one the fitter records in the model
    file, is the one used (the fitter writes both alike)."""

    threshold: float = Field(gt=0, lt=1)
    trees: TreeModel | None = None


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
    #: What the body model reads in a line: the characters that end a sentence, a date, a
    #: link or handle, a bar of items ("Home | News").
    sentence_ends: str
    dated: re.Pattern[str]
    link: re.Pattern[str]
    separator: re.Pattern[str]
    #: The body model: trees over `article_text.line_features` (rules/body_model.npz, not
    #: this file), fitted by benchmarks/fit_text_body.py on dev pages only; set on load.
    trees: TreeModel | None = None


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
    #: A bare name line's shape, its most words, and the most lines between two of them in
    #: one run (see rhythm._bare_runs).
    bare_shape: re.Pattern[str]
    bare_max_words: int = Field(gt=0)
    bare_max_gap: int = Field(gt=1)
    #: A bare-name list holding this share of the page's best run of prose or more is the
    #: article under its own subheadings ("Know Your Rights" over paragraphs), not comments.
    bare_max_body: float = Field(gt=0, le=1)
    #: Patterns over one line of text.
    prose: re.Pattern[str]
    list_end: re.Pattern[str]
    comment_heading: re.Pattern[str]
    #: A count of comments as a page declares it ("4 comments:", "Comments (12)"), its number
    #: in group `n`: searched on short lines only.
    declared_count: re.Pattern[str]
    #: A list of at most this many comments that the page's own declared count matches is
    #: taken even below the ranker's threshold (a short list repeats too little to rank).
    declared_small_list: int = Field(ge=0)
    #: … unless it holds this share of the page's best run of prose or more (the article).
    counted_max_body: float = Field(ge=0, le=1)
    #: A candidate of "NAME says:" beats this close to the best (in probability), with as
    #: many comments, is taken instead of it (see rhythm._says_first).
    says_margin: float = Field(ge=0, le=1)
    #: The heading of a comment form ("Post a New Comment"): right under a list's last
    #: beat, it shows the beats close their comments (see rhythm._closes_its_text).
    form_heading: re.Pattern[str]
    #: Where the rhythm finds no comment list, the layout catalogue's comments stand only if
    #: at least this share of them is signed or the middle one is at least `catalogue_words`
    #: words long: site furniture and notices under a comment heading ("Like us", "Please
    #: enable JavaScript to view the comments") are short and unsigned.
    catalogue_signed_share: float = Field(ge=0, le=1)
    catalogue_words: int = Field(ge=0)
    #: ... and this many or fewer, none signed, on a page that gives no count of its
    #: comments, never stand: a notice or two ("Please enable JavaScript to view the
    #: comments", a "Site by" credit) is no comment list.
    catalogue_unsigned_max: int = Field(ge=0)
    #: The catalogue's comments never stand when one of them holds more than this share of
    #: the lines the body model reads as the article while the catalogue kept less than this
    #: share of its words as the article (a "Comments" tab above the headline started them
    #: early, and the article became a comment).
    catalogue_max_body: float = Field(ge=0, le=1)
    ranker: Ranker
    article: ArticleRules


class PageRules(_Strict):
    """pages.toml: reading pages from their structure (html) and from their lines (text)."""

    dom: DomRules
    meta: MetaRules
    ranker: PageRanker
    text: TextRules


# -- chrome.toml: the layout vocabulary of copied text (analysis.layout) ----------------------


class ChromeFileHead(_Strict):
    kicker_max_words: int
    headline_max_words: int
    paragraph_min_words: int
    headline_min_words: int


class ChromeFileArticle(_Strict):
    end: list[str]
    bio: str
    byline_followers: list[str]
    tag_max_words: int


class ChromeFileChrome(_Strict):
    lines: list[str]
    navigation: list[str]
    bar_separators: str
    bar_label: str
    contains: list[str]


class ChromeFileCaptions(_Strict):
    lines: list[str]
    labels: str
    image_alt: list[str]
    image_alt_max_words: int
    max_repeat_words: int


class ChromeFileTeasers(_Strict):
    headings: list[str]
    inline: str
    max_words: int
    ellipsis: str


class ChromeFileComments(_Strict):
    headers: list[str]
    counts: list[str]
    end: list[str]
    furniture: list[str]
    badges: list[str]
    depth: str
    buttons: list[str]
    comment_buttons: str
    ratings: list[str]
    ad_label: str
    ad_action: str
    ad_max_lines: int
    action_separators: str
    moderated: list[str]
    quote_end: str
    thread_starter: str
    original_poster: str
    quote_max_lines: int
    reply_to: list[str]
    bullets: str
    numbered: str
    header_separators: str
    says: str
    anonymous: list[str]
    not_name_words: list[str]
    name_max_words: int
    title_max_words: int
    handle: str
    signed: str
    signed_words: list[int] = Field(min_length=2, max_length=2)
    chrome_max_words_in_comments: int


class ChromeFileByline(_Strict):
    lines: list[str]
    reports: str


class ChromeFileDates(_Strict):
    day_first: bool
    months: list[list[str]]
    forms: list[str]
    line_words: list[str]
    short_forms: list[str]
    time: str
    relative: list[str]
    time_prefix: str


class ChromeFileOutletsSignatures(_Strict):
    pattern: str
    weight: int


class ChromeFileOutlets(_Strict):
    name: str
    names: list[str] = []
    signatures: list[ChromeFileOutletsSignatures]


class ChromeFileCopyright(_Strict):
    line: str


class ChromeFileSelfReference(_Strict):
    weight: int = 2
    patterns: list[str] = []


class ChromeFile(_Strict):
    head: ChromeFileHead
    article: ChromeFileArticle
    chrome: ChromeFileChrome
    captions: ChromeFileCaptions
    teasers: ChromeFileTeasers
    comments: ChromeFileComments
    #: A comment widget's name and the pattern of its embed line.
    widgets: dict[str, str]
    byline: ChromeFileByline
    dates: ChromeFileDates
    outlets: list[ChromeFileOutlets] = []
    copyright: ChromeFileCopyright
    self_reference: ChromeFileSelfReference = ChromeFileSelfReference()


# -- claims.toml: who said what, and how comments answer it (speakers, claims, linking) -------


class ClaimsFileReporting(_Strict):
    verbs: list[str]
    with_object: list[str]
    participles: list[str]
    between: list[str]
    after_verb: list[str]
    negations: list[str]


class ClaimsFileNames(_Strict):
    titles: list[str]
    courtesy: list[str]
    peerage: list[str]
    male: list[str]
    female: list[str]
    particles: list[str]
    not_names: list[str]
    organisation_words: list[str]


class ClaimsFileRoles(_Strict):
    heads: list[str]
    modifiers: list[str]
    fillers: list[str]
    #: Role titles by kind ("peer": "Lord", "Baroness").
    titles: dict[str, list[str]] = {}


class ClaimsFileClaims(_Strict):
    min_fragment_words: int
    min_direct_words: int
    min_reported_words: int
    max_standalone_frame_words: int
    max_label_words: int
    max_segment_chars: int


class ClaimsFileLinking(_Strict):
    similarity_threshold: float
    keep_ratio: float
    max_links: int
    echo_max_paragraph_share: float
    echo_max_paragraphs: int
    echo_min_stem: int
    echo_base: float
    echo_half_strength: float
    stop_words: list[str]


class ClaimsFileStance(_Strict):
    mock: list[str]
    mock_reasons: list[str]
    mock_punctuation: list[str]
    disagree: list[str]
    agree: list[str]
    negation_window: int
    negation_words: list[str]


class ClaimsFileClauses(_Strict):
    coordinators: list[str]
    connectives: list[str]
    group_words: list[str]
    not_subjects: list[str]
    according_not_speakers: list[str]


class ClaimsFileInterview(_Strict):
    question_labels: list[str]
    answer_labels: list[str]


class ClaimsFileCaptions(_Strict):
    markers: list[str]


class ClaimsFile(_Strict):
    reporting: ClaimsFileReporting
    names: ClaimsFileNames
    roles: ClaimsFileRoles
    claims: ClaimsFileClaims
    linking: ClaimsFileLinking
    stance: ClaimsFileStance
    clauses: ClaimsFileClauses
    interview: ClaimsFileInterview
    captions: ClaimsFileCaptions


# -- mood_cues.toml and lexicon.toml: the mood rules' cues and words (analysis.mood.rules) ----


class MoodCuesFileNegatedBelief(_Strict):
    valence: float
    patterns: list[str]


class MoodCuesFileLaughter(_Strict):
    derision_valence: float
    words: list[str]
    mock_title_before: list[str]


class MoodCuesFileScareQuotes(_Strict):
    max_words: int
    ironic_with: list[str]
    hedge_valence: float
    hedges: list[str]
    speech_verbs: list[str]


class MoodCuesFileContrast(_Strict):
    before: float
    after: float
    not_after_words: list[str]
    not_before_words: list[str]


class MoodCuesFileEcho(_Strict):
    min_words: int
    min_content_words: int
    attribution: list[str]
    function_words: list[str]


class MoodCuesFile(_Strict):
    negated_belief: MoodCuesFileNegatedBelief
    laughter: MoodCuesFileLaughter
    scare_quotes: MoodCuesFileScareQuotes
    contrast: MoodCuesFileContrast
    echo: MoodCuesFileEcho


class LexiconFileIdiom(_Strict):
    pattern: str
    valence: float
    note: str = ""


class LexiconFile(_Strict):
    #: Words VADER's lexicon lacks or misreads in news comments, with their valence.
    words: dict[str, float] = {}
    idiom: list[LexiconFileIdiom] = []
