"""Themes: default and user TOML files, matching rules, evidence, errors, and the seed floors."""

from __future__ import annotations

import functools
import json
import re
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import matching, themes
from analysis.errors import BadThemes
from tests.test_mood import FLOORS, labelled_seed_comments

DEFAULTS = themes.load()


def found(text: str, theme_set: themes.ThemeSet = DEFAULTS) -> dict[str, tuple[str, ...]]:
    return {h.name: h.evidence for h in themes.tag(text, theme_set)}


def test_default_themes() -> None:
    assert {"distrust", "burnout", "penance"} <= set(DEFAULTS.names)
    assert len(DEFAULTS.names) >= 7
    assert len(DEFAULTS.descriptions) == len(DEFAULTS.names)
    assert themes.load().digest == DEFAULTS.digest


@pytest.mark.parametrize(
    ("text", "theme", "evidence"),
    [
        ("I wouldn't trust this government with a biro.", "distrust", "wouldn't trust"),
        ("Take anything he says with a pinch of salt.", "distrust", "pinch of salt"),
        ("All spin and smoke and mirrors as usual", "distrust", "smoke and mirrors"),
        (
            "Telling each audience whatever it wants to hear",
            "distrust",
            "Telling each audience whatever it wants to hear",
        ),
        ("Completely burnt out after a 13-hour day", "burnout", "burnt out"),
        ("Completely burnt out after a 13-hour day", "burnout", "13-hour day"),
        ("I'm seeing 60 patients a day and EXHAUSTED", "burnout", "60 patients a day"),
        ("I'm seeing 60 patients a day and EXHAUSTED", "burnout", "EXHAUSTED"),
        ("Two partners took early retirement this year", "burnout", "early retirement"),
        ("We are being punished for the 2004 deal", "penance", "punished"),
        ("A hair shirt for every GP", "penance", "hair shirt"),
        ("Practices are chronically underfunded", "funding", "underfunded"),
        ("QOF targets again", "contract and targets", "QOF"),
        ("Who sees the medical records?", "records and privacy", "medical records"),
        ("She has had the same GP for 30 years", "care homes and continuity", "same GP"),
        ("We cannot recruit a single salaried GP", "workforce", "recruit"),
        ("Buried in CQC paperwork", "bureaucracy", "paperwork"),
    ],
)
def test_invented_comments_find_their_theme(text: str, theme: str, evidence: str) -> None:
    hits = found(text)
    assert theme in hits, hits
    assert evidence in hits[theme]


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("The burns unit was busy", "burnout"),
        ("He trusts his GP completely", "distrust"),
        ("Spinach and apples at the practice party", "distrust"),  # not "spin"
        ("She applies for the post", "distrust"),  # not "lies"
        ("The nurse was kind and helpful", "penance"),
        ("A lovely practice with friendly staff", "workforce"),
    ],
)
def test_words_do_not_match_inside_other_words_or_meanings(text: str, theme: str) -> None:
    assert theme not in found(text)


def test_case_insensitive_and_evidence_as_written() -> None:
    hits = found("BURNOUT is real. Burn-out. burnout again. Burn out.")
    assert hits["burnout"] == ("BURNOUT", "Burn-out", "Burn out")


def test_curly_apostrophes_and_missing_ones() -> None:
    assert "distrust" in found("I don’t trust them")
    assert "distrust" in found("I dont trust them")


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "mine.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_user_file_adds_a_theme_and_keeps_the_defaults(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[themes.estates]\nwords = ["premises", "lease*"]\nphrases = ["leaking roof"]\n',
    )
    theme_set = themes.load(path)
    assert "estates" in theme_set.names and "distrust" in theme_set.names
    assert found("The leaking roof and the leases!", theme_set)["estates"] == (
        "leaking roof",
        "leases",
    )
    assert theme_set.digest != DEFAULTS.digest


def test_user_file_replaces_and_drops_default_themes(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[themes.burnout]\nwords = ["frazzled"]\n\n[themes.penance]\nenabled = false\n',
    )
    theme_set = themes.load(path)
    assert "penance" not in theme_set.names
    assert "burnout" not in found("Completely burnt out", theme_set)
    assert "burnout" in found("Utterly frazzled", theme_set)


def test_replace_defaults(tmp_path: Path) -> None:
    path = write(tmp_path, 'replace_defaults = true\n[themes.rota]\nphrases = ["rota"]\n')
    assert themes.load(path).names == ("rota",)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('[themes.x]\nwords = ["a" "b"]\n', r"not valid TOML: .*\(at line 2, column"),
        ('[themes.rota]\nwords = "rota"\n', r"line 1: theme 'rota': 'words' must be a list"),
        ('\n\n[themes.rota]\nword = ["rota"]\n', r"line 3: theme 'rota': unknown key 'word'"),
        ("[themes.rota]\nwords = []\n", r"theme 'rota' has no words, phrases or patterns"),
        (
            "[themes.rota]\nwords = [\"x\"]\npatterns = ['''(?:unclosed''']\n",
            r"line 3: theme 'rota': pattern .* is not a valid regular expression",
        ),
        ("[themes.rota]\npatterns = ['''x?''']\n", r"theme 'rota': pattern 'x\?' matches empty"),
        (
            '[themes.rota]\nwords = ["x"]\npatterns = ["(?i)rota"]\n',
            r"line 3: theme 'rota': pattern .* sets inline flags",
        ),
        ('colour = 1\n[themes.rota]\nwords = ["x"]\n', r"line 1: unknown top-level key"),
        ("title = 'no themes'\n", r"unknown top-level key|no themes"),
    ],
)
def test_bad_user_files_say_which_line_and_theme(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(BadThemes, match=message):
        themes.load(write(tmp_path, body))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(BadThemes, match="cannot read"):
        themes.load(tmp_path / "nope.toml")


def test_start_keys() -> None:
    keys = matching.start_keys(r"(?:show|shows)\s+true\s+colou?rs|exhaust\w*")
    assert keys is not None
    assert keys.words == {"show", "shows"} and keys.stems == {"exhaust"}
    assert matching.start_keys(r"\w+ing") is None  # unknown start: tried everywhere
    digits = matching.start_keys(r"\d+\s+patients")
    assert digits is not None and digits.digits


# The index only tries patterns where a word they can start with occurs. Checked against
# running every pattern of every theme over the whole text.
VOCAB = [
    "don't",
    "trust",
    "dont",
    "burn",
    "out",
    "burnt-out",
    "the",
    "mask",
    "slips",
    "40",
    "patients",
    "a",
    "day",
    "12-hour",
    "days",
    "penance",
    "punished",
    "care",
    "homes",
    "QOF",
    "records",
    "medical",
    "red",
    "tape",
    "spin",
    "spinach",
    "x",
    "lies",
    "applies",
    "no",
    "time",
    "for",
    "ourselves",
    "Secretary",
    "of",
    "State",
    "Lolz",
    "get",
    "their",
    "hands",
    "on",
    "whatever",
    "they",
    "want",
    "to",
    "hear",
    "say",
    "early",
    "retirement",
    ",",
    ".",
    "’",
    "'",
    "-",
    "\n",
    "Ünïcode",
    "ß",
    "fund",
    "manager",
    "pay",
    "attention",
    "£5bn",
    "£",
    "same",
    "doctor",
    "different",
    "every",
    "cuts",
    "funding",
    "were",
    "slashed",
    "nurses",
    "leaving",
    "phone",
    "contract",
]


@functools.cache
def _every_pattern() -> list[tuple[str, re.Pattern[str]]]:
    """(theme, compiled pattern) of every entry of the default themes file."""
    data = tomllib.loads(themes.DEFAULT_PATH.read_text("utf-8"))
    out = []
    for name, spec in data["themes"].items():
        entries = [
            matching.phrase_pattern(p) for p in [*spec.get("words", []), *spec.get("phrases", [])]
        ]
        entries += spec.get("patterns", [])
        # Exclusions run in the index too (tag drops what they overlap).
        entries += [matching.phrase_pattern(p) for p in spec.get("exclude", [])]
        out += [(name, re.compile(matching.bounded(p), re.IGNORECASE)) for p in entries]
    return out


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(VOCAB), max_size=40), st.sampled_from([" ", "", "-"]))
def test_index_finds_what_every_pattern_finds(words: list[str], sep: str) -> None:
    text = sep.join(words)
    expected = {name for name, regex in _every_pattern() if regex.search(text)}
    got = {DEFAULTS.names[DEFAULTS.owners[pid]] for pid, _ in DEFAULTS.index.finditer(text)}
    assert got == expected


def test_seed_theme_f1_meets_the_floors() -> None:
    counts = {name: [0, 0, 0] for name in FLOORS["seed_comment_texts"]["theme_f1"]}
    for _, label, text in labelled_seed_comments():
        got = set(found(text))
        for name, c in counts.items():
            expected = name in label["themes"]
            c[0] += expected and name in got
            c[1] += (not expected) and name in got
            c[2] += expected and name not in got
    for name, (tp, fp, fn) in counts.items():
        f1 = 2 * tp / (2 * tp + fp + fn)
        assert f1 >= FLOORS["seed_comment_texts"]["theme_f1"][name], (name, tp, fp, fn)


def test_floors_file_is_valid_json() -> None:
    assert json.dumps(FLOORS)


def _brute_spans(patterns: list[str], text: str) -> set[tuple[int, int, int]]:
    out = set()
    for pid, p in enumerate(patterns):
        for m in re.finditer(matching.bounded(p), text, re.IGNORECASE):
            out.add((pid, *m.span()))
    return out


def test_two_indexes_reading_the_same_texts_in_turn_find_every_match() -> None:
    # Indexes share where words start in the last text (mood and themes read each comment in
    # turn); texts that differ only in case or punctuation space alike, so share it too.
    first = ["no longer trust", "no time", "trust", "care homes?"]
    second = ["no", "care", "time for ourselves", "ourselves"]
    a, b = themes.build_index(first), themes.build_index(second)
    texts = [
        "No time, no care: I no longer trust them. No.",
        "NO TIME. NO CARE; I NO LONGER TRUST THEM! NO?",
        "no time no care i no longer trust them no",
        "Care homes: no time for ourselves, and no trust.",
        "No time, no care: I no longer trust them. No.",
    ]
    for text in texts:
        for patterns, index in ((first, a), (second, b), (first, a)):
            got = {(pid, *m.span()) for pid, m in index.matches(text)}
            assert got == _brute_spans(patterns, text), text


@pytest.mark.parametrize(
    ("text", "theme", "evidence"),
    [
        ("The minister was caught lying about the waiting lists.", "distrust", "lying"),
        ("Another photo op at a building site, no houses built.", "distrust", "photo op"),
        (
            "The regulator is in the pockets of the water companies.",
            "distrust",
            "pockets of",
        ),
        ("Teachers are on their knees by half term.", "burnout", "on their knees"),
        ("Social workers with caseloads nobody could manage.", "burnout", "caseloads"),
        ("Junior staff are working 70-hour weeks.", "burnout", "70-hour weeks"),
        ("Nurses are always blamed when the rota collapses.", "penance", "blamed"),
        ("Translation: the ward stays shut.", "distrust", "Translation:"),
        ("Another 'independent' review of the water firms.", "distrust", "independent"),
        (
            "The regulator is in bed with the rail companies.",
            "distrust",
            "bed with the rail companies",
        ),
        ("Of course it is.", "distrust", "course it is"),
        (
            "Lessons have been learned, apparently, for the fourth time.",
            "distrust",
            "Lessons have been learned",
        ),
        ("Half the junior doctors I trained with are off to Australia.", "workforce", "Australia"),
        ("Teacher numbers have fallen for three years running.", "workforce", "Teacher numbers"),
        ("The post was advertised twice and nobody has applied.", "workforce", "applied"),
        (
            "They'll hang the ward manager out to dry for this.",
            "penance",
            "hang the ward manager out to dry",
        ),
        ("Easier to blame the parents than fund the school.", "penance", "blame the parents"),
        ("Yet another task force on potholes.", "bureaucracy", "task force"),
        (
            "She has seen the same midwife since her first scan.",
            "care homes and continuity",
            "same midwife",
        ),
        ("Dad is on his fourth different carer since March.", "care homes and continuity", "carer"),
        (
            "The assessors are paid per assessment, pass or fail.",
            "contract and targets",
            "per assessment",
        ),
        (
            "Our medical notes were passed to a marketing firm.",
            "records and privacy",
            "medical notes",
        ),
        ("Water bosses took bonuses while the pipes leaked.", "funding", "bonuses"),
        # Digits other than 0-9 are digits to `re` too ("７０" full width).
        ("Junior staff are working ７０-hour weeks.", "burnout", "７０-hour weeks"),
        ("Library budgets were slashed again.", "funding", "budgets were slashed"),
        ("Pay has fallen in real terms for a decade.", "funding", "real terms"),
        ("The new depot cost £40m and stands empty.", "funding", "40m"),
        (
            "The bin collection contract went to the cheapest bidder.",
            "contract and targets",
            "contract",
        ),
        ("League tables make heads teach to the test.", "contract and targets", "League tables"),
        (
            "The police shared my details with the insurer.",
            "records and privacy",
            "shared my details",
        ),
        (
            "Cameras with facial recognition on every corner.",
            "records and privacy",
            "facial recognition",
        ),
        (
            "A different carer every single day for my father.",
            "care homes and continuity",
            "different carer every single day",
        ),
        ("Dad's care package was cut to two visits.", "care homes and continuity", "care package"),
        (
            "There are 5,000 fewer firefighters than ten years ago.",
            "workforce",
            "5,000 fewer firefighters",
        ),
        ("Midwives are leaving faster than we train them.", "workforce", "Midwives are leaving"),
        (
            "The bypass has been through three public consultations.",
            "bureaucracy",
            "public consultations",
        ),
        (
            "Applying for a blue badge means filling in six forms.",
            "bureaucracy",
            "filling in six forms",
        ),
    ],
)
def test_policy_comments_find_their_theme(text: str, theme: str, evidence: str) -> None:
    hits = found(text)
    assert theme in hits, hits
    assert evidence in hits[theme]


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("My brother is a fund manager in the City.", "funding"),
        ("Please pay attention to the signs at the crossing.", "funding"),
        ("Cuts and bruises go to the walk-in centre.", "funding"),
        ("My phone contract runs out in May.", "contract and targets"),
        ("The target audience is commuters.", "contract and targets"),
        ("She holds the county record for the 400 metres.", "records and privacy"),
        ("The data shows the buses are more punctual.", "records and privacy"),
        ("Exhaust fumes on the high street are awful.", "burnout"),
        ("A burnt out car has sat in the lay-by for weeks.", "burnout"),
        ("The spin class at the leisure centre is always full.", "distrust"),
        ("The ticket inspector was very polite.", "bureaucracy"),
        ("The forms of transport in this town are limited.", "bureaucracy"),
        ("I was in bed with flu all week.", "distrust"),
        ("What a surprise party it was!", "distrust"),
        ("We hung the washing out to dry.", "penance"),
        ("Two down, one to go.", "workforce"),
    ],
)
def test_policy_words_in_another_sense(text: str, theme: str) -> None:
    assert theme not in found(text)


def test_exclude_drops_only_overlapping_matches(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "replace_defaults = true\n[themes.money]\n"
        'words = ["fund*", "pay"]\nexclude = ["fund manager*", "pay attention"]\n',
    )
    theme_set = themes.load(path)
    assert found("The fund managers pay attention to nothing", theme_set) == {}
    # A match outside every exclusion still counts, and only it is evidence.
    assert found("A fund manager said schools need funding", theme_set) == {"money": ("funding",)}
    # An exclusion listed after a shorter entry with the same first word still wins.
    assert found("PAY ATTENTION, and pay the nurses", theme_set) == {"money": ("pay",)}
    without = write(tmp_path, 'replace_defaults = true\n[themes.money]\nwords = ["fund*"]\n')
    assert found("The fund managers", themes.load(without)) == {"money": ("fund",)}
    assert themes.load(without).digest != theme_set.digest


def test_exclude_must_be_a_list_of_phrases(tmp_path: Path) -> None:
    path = write(tmp_path, '[themes.money]\nwords = ["cash"]\nexclude = "cash machine"\n')
    with pytest.raises(BadThemes, match=r"line 1: theme 'money': 'exclude' must be a list"):
        themes.load(path)


@pytest.mark.parametrize(
    ("text", "theme", "evidence"),
    [
        # Words of a theme that the first blind sets missed, in comments of my own.
        ("So we pay twice: once in fares, once in taxes.", "penance", "pay twice"),
        ("Stop blaming the bus drivers for the timetable.", "penance", "blaming"),
        ("Taxpayers will bail them out again.", "penance", "bail them out"),
        (
            "The app logs my journeys and shares them with advertisers.",
            "records and privacy",
            "logs my journeys",
        ),
        (
            "Five different teachers this year for one class.",
            "care homes and continuity",
            "different teachers",
        ),
        ("Three heads in two years at our primary.", "workforce", "heads in two years"),
        ("They are laying off staff at the depot.", "workforce", "laying off staff"),
        ("Waited 14 weeks for the council to approve a ramp.", "bureaucracy", "to approve"),
    ],
)
def test_widened_themes_find_their_words(text: str, theme: str, evidence: str) -> None:
    hits = {h.name: h.evidence for h in themes.tag(text, themes.load())}
    assert theme in hits, hits
    assert any(evidence.lower() in e.lower() for e in hits[theme]), hits[theme]


@pytest.mark.parametrize(
    "text",
    [
        "What counts as a 'spill' in the figures?",  # a question about a word: no doubt cast
        "Planning permission for our extension came through in 7 weeks.",
        "He was fined for speeding on the bypass.",
        "We are quitting smoking together in January.",
        "I'm sure they'll do a great job, the new head teacher was brilliant.",
    ],
)
def test_widened_themes_leave_ordinary_text(text: str) -> None:
    found = {h.name for h in themes.tag(text, themes.load())}
    assert not found & {"distrust", "penance", "bureaucracy", "workforce"}, found


def test_any_word_in_quotes_is_not_distrust() -> None:
    # The pattern that took any short phrase in quotes for scare quotes went: on the real dev
    # comments it fired on 35 comments with no distrust and found none that had it.
    assert "distrust" not in found("The council says the backlog has 'stabilised'. At 9,000.")
