"""Comment lists in copied text found from the page's own rhythm (analysis/pages/rhythm.py).

Fixtures in tests/fixtures/rhythm/ are written for these tests (one a layout family: WordPress
"NAME says: / date / text / Reply", Blogger "NAME said... / text / date", Typepad "text /
Posted by: NAME | date", Disqus "NAME / • / 2 days ago / text / Reply"). The real-page check
at the end reads ../shared/realpages and skips when it is absent.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from analysis import rules as rules_mod
from analysis.model import Page
from analysis.pages import article_text, copied, rhythm
from analysis.pages.lines import Line, lines_of

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures" / "rhythm"
REAL = HERE.parent.parent / "shared" / "realpages"

EXPECTED = {
    "wordpress_says": (
        ["Margaret Tulloch", "Dev Anand", "Pip", "Margaret Tulloch"],
        "Same thing happened to me last year.",
        "Why my broad beans sulked this spring",
    ),
    "blogger_said": (
        ["Lucy Ferris", "wheelnut", "Tom Birch"],
        "The cheek trick is a good one.",
        "Fixing a slow puncture on the road",
    ),
    "typepad_posted_by": (
        ["Sam Kerr", "Hollie", "D. Mensah"],
        "Very true. We moved to sending invoices",
        "What small firms get wrong about invoices",
    ),
    "disqus_ago": (
        ["Harriet Vale", "Orion_watcher", "Ben Ashworth", "Harriet Vale"],
        "I saw the last bright one from my garden",
        None,
    ),
}


def _comments_of_blocks(blocks: list[str], rules) -> list:  # type: ignore[no-untyped-def,type-arg]
    """The comments rhythm reads from a capture of these blocks, one paragraph each."""
    text = "\n\n".join(blocks)
    lines = lines_of(text)
    chosen = rhythm.best(lines, rules)
    assert chosen is not None
    return copied.comments(text, lines, chosen, rules)


def _read(name: str) -> tuple[str, list]:  # type: ignore[type-arg]
    text = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
    return text, lines_of(text)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_layout_family_is_read_from_its_rhythm(name: str) -> None:
    authors, opening, headline = EXPECTED[name]
    rules = rules_mod.load().pages
    text, lines = _read(name)
    chosen = rhythm.best(lines, rules)
    assert chosen is not None
    found = copied.comments(text, lines, chosen, rules)
    assert [c.author for c in found] == authors
    assert found[0].text.startswith(opening)
    for c in found:
        assert c.text in text  # verbatim
        assert c.posted  # every comment here shows its time
        assert "Reply" not in c.text and "Share" not in c.text
    body = article_text.body(lines, rules, chosen.start)
    body_text = "\n".join(lines[k].text for k in body.lines)
    assert all(c.text not in body_text for c in found)
    assert "Leave a Reply" not in body_text and "Twitter" not in body_text
    if headline is not None:
        assert body.headline is not None and lines[body.headline].text == headline


def test_a_list_marked_by_bare_names_is_read_under_its_heading() -> None:
    """Some themes mark a comment by its author's name alone, on its own line over the text
    (no date, no "says"): a run of such names, each over prose, is a candidate list, and the
    site's name and the sidebar's headings around it are not comments."""
    rules = rules_mod.load().pages
    text, lines = _read("bare_names")
    chosen = rhythm.best(lines, rules)
    assert chosen is not None and chosen.features["bare"] == 1.0
    found = copied.comments(text, lines, chosen, rules)
    assert [c.author for c in found] == [
        "Rosalind Pike",
        "kestrel_kid",
        "Rosalind Pike",
        "Amos Greenhalgh",
    ]
    assert found[0].text.startswith("Same here in the next village")
    assert found[-1].text.endswith("filled all at once.")
    assert all(c.text in text for c in found)
    body = article_text.body(lines, rules, chosen.start)
    body_text = "\n".join(lines[k].text for k in body.lines)
    assert "anxious wait" in body_text and "Rosalind" not in body_text


def test_bare_names_without_prose_under_them_are_a_menu() -> None:
    rules = rules_mod.load().pages
    menu = "\n".join(["Home", "Gardening", "Birds", "Moths", "Walks", "About", "Contact"])
    prose = "This sentence is long enough to be part of the body of the article that we read. "
    text = f"{menu}\n\nA headline for a post\n\n{prose * 3}\n\n{prose * 2}\n"
    assert not [c for c in rhythm.candidates(lines_of(text), rules) if c.features["bare"]]


def test_a_dated_beat_with_a_varying_tail_is_one_beat() -> None:
    """ "NAME, on DATE // Twitter: @handle" and "NAME, on DATE //" are the same header: the
    part after the date's separator varies from comment to comment."""
    rules = rules_mod.load().pages
    with_tail = rhythm.shape("Jo Amis, on May 3rd, 2013 // Twitter: @jo_amis", rules)
    bare = rhythm.shape("Pat Lowe, on May 4th, 2013 //", rules)
    assert with_tail != bare
    assert rhythm._beat_key(with_tail, rules) == rhythm._beat_key(bare, rules)
    # a date that the name follows is not cut
    dated_name = rhythm.shape("May 4th, 2013 Pat Lowe", rules)
    assert rhythm._beat_key(dated_name, rules) == dated_name


def test_shapes_class_names_numbers_and_meta_words() -> None:
    rules = rules_mod.load().pages
    assert rhythm.shape("Ann-Marie O'Neil says:", rules) == "W says :"
    assert rhythm.shape("J. R. Smith said...", rules) == rhythm.shape("bob_99 said...", rules)
    assert rhythm.shape("4 May 2013 at 08:02", rules) == "0 M 0 at 0 : 0"
    assert rhythm.shape("a day ago", rules) == rhythm.shape("3 days ago", rules)
    # copying adjacent elements can glue a name to its date: read as apart
    assert rhythm.shape("Mo Farrant9/14/2012", rules) == "W 0 / 0 / 0"
    assert rhythm.shape("Mo Farrant 9/14/2012", rules) == "W 0 / 0 / 0"
    # a middle initial is part of the name, not the number "a"
    assert rhythm.shape("Ruth B. Okafor 07.08.12 at 13:51", rules) == rhythm.shape(
        "Ines 07.08.12 at 01:31", rules
    )
    assert rhythm.shape("A day ago", rules) == "0 unit ago"
    # a quotation ending on its speaker is a sentence of the article, not "NAME says:"
    assert rhythm.shape("“The ferry will run all winter,” the harbour master says.", rules) != (
        rhythm.shape("Harbour Watcher says.", rules)
    )


def test_posted_by_with_or_without_a_colon_closes_its_comment() -> None:
    rules = rules_mod.load().pages
    for line in (
        "Posted by: jdoe | May 2, 2013 at 09:10 AM",
        "Posted by jdoe | May 2, 2013 1:04 PM",
    ):
        sig = rhythm.shape(line, rules)
        assert not rhythm._is_header(sig, [], [], rules), line


def test_an_archive_list_of_dates_is_not_a_comment_list() -> None:
    rules = rules_mod.load().pages
    prose = "This sentence is long enough to be part of the body of the article that we read. "
    months = "\n".join(f"March {d}, 2012" for d in range(1, 20))
    text = f"A headline for a post\n\n{prose * 3}\n\n{prose * 2}\n\nArchives\n{months}\n"
    assert rhythm.best(lines_of(text), rules) is None


def test_a_page_without_comments_gets_none() -> None:
    rules = rules_mod.load().pages
    text, _lines = _read("wordpress_says")
    cut = text.index("4 thoughts on")
    assert rhythm.best(lines_of(text[:cut]), rules) is None


def test_many_short_lines_read_in_linear_time() -> None:
    rules = rules_mod.load().pages
    text = "\n".join(f"Name {k} says:\nMay {k % 28 + 1}, 2013\nok" for k in range(6000))
    start = time.process_time()
    rhythm.candidates(lines_of(text), rules)
    assert time.process_time() - start < 5.0


def test_real_dev_pages_text_form_figures() -> None:
    """On a few development pages (never the test quarter), the text form finds comments
    where the page has them and none where it has none."""
    if not (REAL / "pages.json").exists():
        pytest.skip("../shared/realpages is absent: real-page check skipped")
    from analysis import pages, sources

    test_ids = set(json.loads((HERE.parent / "benchmarks/real/split.json").read_text())["test"])
    listed = json.loads((REAL / "pages.json").read_text())
    with_c = [p for p in sorted(listed["with_comments"]) if p not in test_ids][:25]
    without = [p for p in sorted(listed["without_comments"]) if p not in test_ids][:25]
    found = sum(
        1 for p in with_c if pages.split(sources.read_path(REAL / "text" / f"{p}.txt")).comments
    )
    false = sum(
        1 for p in without if pages.split(sources.read_path(REAL / "text" / f"{p}.txt")).comments
    )
    assert found >= 0.6 * len(with_c)
    assert false <= 0.2 * len(without)


def test_shared_page_scorer_reads_every_page_it_is_given(tmp_path: Path) -> None:
    """The shared scorer (../shared/tools/score_pages.py, a check outside this suite) drives
    the splitter through its own one-argument wrapper: on two development pages in each form
    every page is read (status ok) and scores above nothing."""
    scorer = REAL.parent / "tools" / "score_pages.py"
    if not (REAL / "pages.json").exists() or not scorer.exists():
        pytest.skip("../shared/realpages or its scorer is absent: scorer check skipped")
    import subprocess
    import sys

    test_ids = set(json.loads((HERE.parent / "benchmarks/real/split.json").read_text())["test"])
    listed = json.loads((REAL / "pages.json").read_text())
    ids = [next(p for p in sorted(listed[k]) if p not in test_ids) for k in listed]
    out = tmp_path / "score.json"
    cmd = [sys.executable, str(scorer), "--form", "both", "--ids", ",".join(ids),
           "--out", str(out), "--no-text", "--worst", "0"]  # fmt: skip
    subprocess.run(cmd, check=True, cwd=HERE.parent, capture_output=True, timeout=300)
    result = json.loads(out.read_text())
    records = [p["forms"][f]["reader-mood"] for p in result["pages"] for f in ("html", "text")]
    assert len(records) == 2 * len(ids)
    assert [r.get("error") for r in records if r["status"] != "ok"] == []
    assert all(r["content"]["f1"] > 0 for r in records)


def test_a_short_list_the_page_counts_stands_below_the_threshold() -> None:
    """Two comments repeat too little to rank well; when the page itself says "2 Responses"
    the list stands, and not when the page's count is another or the rule is off."""
    base = rules_mod.load().pages
    strict = base.text.ranker.model_copy(update={"threshold": 0.999})
    rules = base.model_copy(update={"text": base.text.model_copy(update={"ranker": strict})})
    prose = "The new cycle lane on the hill road opened to riders this week, months late. " * 3

    def page(count: str) -> list[Line]:
        return lines_of(
            f"Cycle lane opens at last\n\n{prose}\n\n{count}\n\n"
            "Posted by: Ada Lyle | June 2, 2013 at 10:02 AM\n\nUsed it this morning, smooth.\n\n"
            "Posted by: Tom Berry | June 3, 2013 at 9:15 AM\n\nStill too narrow for a trailer.\n\n"
            "Leave a Reply\n"
        )

    chosen = rhythm.best(page("2 Responses"), rules)
    assert chosen is not None and len(chosen.comments) == 2
    assert rhythm.best(page("5 Responses"), rules) is None
    off = rules.model_copy(
        update={"text": rules.text.model_copy(update={"declared_small_list": 0})}
    )
    assert rhythm.best(page("2 Responses"), off) is None


_PROSE = (
    "The harbour path reopened on Saturday after a winter of repairs to the sea wall, and "
    "walkers were out early to see the new railings and the rebuilt steps. "
) * 3


#: Site chrome around a capture: a page this long is read by its rhythm, not as a snippet.
_MENU = (
    "Home",
    "About",
    "Walks",
    "Coast",
    "Hills",
    "Towns",
    "Maps",
    "Gear",
    "Events",
    "Contact",
    "Archive",
    "March 2014",
    "February 2014",
    "January 2014",
    "December 2013",
    "Labels",
    "harbour",
    "steps",
    "winter",
)


def _split(page: str) -> Page:
    from analysis import pages, sources

    return pages.split(sources.read_bytes(page.encode(), page_id="p", source="p.txt"))


def _authors(page: str) -> list[str | None]:
    return [c.author for c in _split(page).comments]


def test_a_line_of_buttons_is_never_an_author() -> None:
    """'reply to this comment' under each comment sits in the next one's header: the name is
    the line after it, never the buttons."""
    comments = "".join(
        f"{name}\n{day}/03/2014\n{said}\nreply to this comment\n"
        for name, day, said in (
            ("Maud Penrose", 4, "Lovely write-up, thank you for the photographs of the steps."),
            ("kestrel_77", 4, "I disagree about the railings, they spoil the view from the top."),
            ("Oliver Quint", 5, "Walked it on Sunday morning and it was busy but worth it."),
            ("Nell", 6, "Does anyone know whether the café at the far end is open again?"),
        )
    )
    page = f"Harbour path reopens\n\n{_PROSE}\n\n4 Responses\n{comments}Leave a Reply\n"
    assert _authors(page) == ["Maud Penrose", "kestrel_77", "Oliver Quint", "Nell"]


def test_a_name_glued_to_its_date_and_a_delete_button_are_read_apart() -> None:
    """Blogger's copied text runs the name into the date ('Imogen12 March 2014 09:15') and
    puts 'ReplyDelete' under each comment."""
    comments = "".join(
        f"{name}{day} March 2014 09:{mm}\n{said}\nReplyDelete\n"
        for name, day, mm, said in (
            ("Imogen", 12, 15, "What a view from the top of the new steps, worth the climb."),
            ("Ravi Kapoor", 12, 40, "I walked it last week and the railings are a big help."),
            ("Anonymous", 13, 5, "Shame the car park still charges all day in the winter."),
            ("Dot Harker", 14, 55, "We took the dog and she loved the bit along the sand."),
        )
    )
    menu = "".join(f"{item}\n" for item in _MENU)
    page = (
        f"{menu}Harbour path reopens\n\n{_PROSE}\n\n4 comments:\n\n{comments}Post a Comment\n{menu}"
    )
    assert _authors(page) == ["Imogen", "Ravi Kapoor", "Anonymous", "Dot Harker"]


def test_a_numbered_header_under_a_footer_beat_gives_the_name() -> None:
    """'1. Name - date' opens each comment and 'Reply' closes it: the list is found from the
    Reply beat, and the name is read from the dated line that opens each comment's text,
    without its list number."""
    comments = "".join(
        f"{n}. {name} - {day} August, 2013\n\n{said}\n\nReply\n"
        for n, (name, day, said) in enumerate(
            (
                ("Joss Whitlow", 2, "Great result on Saturday, the away end was loud all day."),
                ("Red Dawn", 2, "We need a striker before the window shuts, simple as that."),
                ("Pat O Hara", 3, "Calm down everyone, it is only the second game of the season."),
                ("midfield_maestro", 3, "The young lad on the left wing looked sharp to me."),
            ),
            start=1,
        )
    )
    page = f"Match report: a late winner\n\n{_PROSE}\n\nComments\n{comments}Leave a Reply\n"
    assert _authors(page) == ["Joss Whitlow", "Red Dawn", "Pat O Hara", "midfield_maestro"]


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("Reply to This Parent Share", None),
        ("Login to reply", None),
        ("Leave a Comment", None),
        ("3 Miriam", "Miriam"),
        ("2\xa0 Ed Hale\xa0http://edhale.example.net", "Ed Hale"),
        ("by quietrunner (1234567)", "quietrunner"),
        ("The Doctor", "The Doctor"),
        ("Replyman", "Replyman"),
        ("Posted", None),  # "Posted on DATE" leaves no name before the date
        ("on", None),
        ("pm2 Ada Reyes", "Ada Reyes"),  # a time's "pm" glued to the comment's number
        ("Onslow", "Onslow"),
    ],
)
def test_names_drop_buttons_list_numbers_links_and_user_numbers(
    line: str, name: str | None
) -> None:
    from analysis.pages import names

    assert names.clean(line, rules_mod.load().pages) == name


def test_warnings_speak_of_the_comments_found_by_rhythm() -> None:
    """A header the layout catalogue does not know ('by NAME on DATE at TIME. Reply #'): the
    comments come from the page's rhythm, and the coverage warnings are about them, not the
    catalogue's "no reader comments in this capture"."""
    people = (
        ("ann", "Good to see the steps fixed before the summer crowds arrive."),
        ("Tomas Reid", "The railings look cheap but I suppose they do the job."),
        ("Jo", "We walked the whole path at low tide and it was lovely."),
        ("harbourmaster", "Please keep dogs on leads near the slipway, thank you."),
        ("Bea Lund", "Is the kiosk by the lighthouse open on weekdays yet?"),
        ("ann", "Bea, it opens at ten from Easter, weekends only before that."),
        ("Col. Price", "About time too. It was shut for far longer than promised."),
        ("wavewatcher", "The new lights along the wall make evening walks much safer."),
    )
    comments = "".join(
        f"by {name} on March {3 + i}, 2014 at {8 + i}:05 am. Reply #\n"
        f"{said} I said so at the meeting last month and nobody listened then either.\n"
        for i, (name, said) in enumerate(people)
    )
    menu = "".join(f"{item}\n" for item in _MENU)
    crumbs = "You are here: Home » Walks » Coast » Harbour path reopens\n"
    page = (
        f"{menu}{crumbs}Harbour path reopens\n\n{_PROSE}\n\n10 Responses\n{comments}"
        "Leave a Reply\nYour email address will not be published.\n© 2014 Harbour Walks\n"
    )
    split = _split(page)
    assert [c.author for c in split.comments] == [name for name, _ in people]
    assert split.warnings == ("8 of 10 comments captured",)


def test_a_copyright_name_alone_does_not_vouch_for_the_catalogues_comments() -> None:
    """The layout catalogue's reading stands on an outlet it knows with a kicker and byline;
    a name read from a copyright line ("© 2012 Some Policy") only where the catalogue's body
    is the one found here."""
    from analysis import layout
    from analysis.model import Article, Comment

    rules = rules_mod.load()
    known = {o.name for o in layout.of(rules).outlets}
    assert known
    comment = Comment(position=1, author=None, moderated=False, text="A paragraph.")

    def page(outlet: str) -> Page:
        art = Article(outlet, "Headline", "News", "By A Writer", None, ("Body.",))
        return Page("p", "p.txt", "0", art, (comment,), None)

    unknown = "Some Policy"
    assert unknown not in known
    assert not copied._catalogue_knows(page(unknown), False, known)
    assert copied._catalogue_knows(page(unknown), True, known)
    assert copied._catalogue_knows(page(sorted(known)[0]), False, known)


def test_a_declared_count_vouches_for_the_list_nearer_to_it() -> None:
    """A comment count ("455 Comments") vouches for the catalogue's comments, with a kicker,
    unless the rhythm found a list far nearer that count (366 against the catalogue's 1)."""
    from analysis.model import Article, Comment

    def page(n: int, declared: int) -> Page:
        art = Article(None, "Headline", "Sport", None, None, ("Body.",))
        said = tuple(
            Comment(position=k, author="Al", moderated=False, text="Yes.") for k in range(1, n + 1)
        )
        return Page("p", "p.txt", "0", art, said, declared)

    assert copied._catalogue_knows(page(1, 455), False, set(), rhythm_found=0)
    assert copied._catalogue_knows(page(1, 455), False, set(), rhythm_found=2)
    assert not copied._catalogue_knows(page(1, 455), False, set(), rhythm_found=366)
    # a rhythm list further from the count than the catalogue's does not unseat it
    assert copied._catalogue_knows(page(40, 41), False, set(), rhythm_found=120)
    # nor does one of just the count, unless the catalogue's is not and the count is two or more
    assert not copied._catalogue_knows(page(9, 4), False, set(), rhythm_found=4)
    assert copied._catalogue_knows(page(4, 4), False, set(), rhythm_found=4)
    assert copied._catalogue_knows(page(3, 1), False, set(), rhythm_found=1)


def test_a_says_form_list_beats_a_near_equal_date_list() -> None:
    """ "NAME says:" over each text and a date line under it both recur once a comment; the
    says-form heads the comment, so its list wins a near tie, never a clear loss."""
    rules = rules_mod.load().pages

    def cand(shape: str, p: float, says: float, n: int = 4) -> rhythm.Candidate:
        found = [rhythm.Found((k,), (k + 1,)) for k in range(0, 3 * n, 3)]
        c = rhythm.Candidate(shape, [f.meta[0] for f in found], found, True, 0, 3 * n)
        c.probability, c.features = p, {"says": says}
        return c

    dated, says = cand("posted on M 0", 0.92, 0.0), cand("W says :", 0.91, 1.0)
    assert rhythm._says_first([dated, says], rules) is says
    assert rhythm._says_first([dated, cand("W says :", 0.6, 1.0)], rules) is dated
    assert rhythm._says_first([dated, cand("W says :", 0.91, 1.0, n=3)], rules) is dated


def test_dated_lines_under_the_text_close_their_comments_above_the_form() -> None:
    """ "Reader Comments (2)", a comment's text, then "DATE | NAME" under it, and the comment
    form's "Post a New Comment" under the last: each dated line closes the text above it."""
    menu = "".join(f"{item}\n" for item in _MENU)
    said = [
        ("Great walk, we did it on Sunday with the dog.", "October 15, 2012 | Nia"),
        ("The new steps are much safer than the old ones.", "October 16, 2012 | Sam Hurst"),
    ]
    comments = "".join(f"{text}\n\n{meta}\n" for text, meta in said)
    form = "Post a New Comment\nEnter your details below to add a comment.\nAuthor:\nPost:\n"
    head = f"{menu}Harbour path reopens\n\n{_PROSE}\n\n"
    page = f"{head}Reader Comments (2)\n\n{comments}{form}{menu}"  # long: read by rhythm
    split = _split(page)
    assert [(c.author, c.posted, c.text) for c in split.comments] == [
        ("Nia", "October 15, 2012", said[0][0]),
        ("Sam Hurst", "October 16, 2012", said[1][0]),
    ]
    # "NAME said..." over the text keeps the dated line under it as the comment's close
    blog = page.replace(
        comments, "Nia said...\n\nGreat walk, we did it on Sunday.\n\nOctober 15, 2012\n"
    )
    blog = blog.replace("Reader Comments (2)", "1 comment:")
    (only,) = _split(blog).comments
    assert (only.author, only.text.split("\n")[0]) == ("Nia", "Great walk, we did it on Sunday.")


def test_an_articles_own_subheadings_are_not_a_list_of_bare_names() -> None:
    """Short title lines over paragraphs look like bare names over comments; where they hold
    the page's prose itself they are the article's subheadings: no comments."""
    menu = "".join(f"{item}\n" for item in _MENU)
    parts = [
        ("Plan Ahead", "Check the tide tables before you set out, because the lower path floods"),
        ("Pack Light", "A small bag with water and a coat is all that the walk really needs, even"),
        ("Mind The Steps", "The rebuilt steps are steep in places and can be slippery after rain,"),
        ("Bring The Dog", "Dogs are welcome on the path but must stay on a lead near the sheep in"),
        ("Stop For Tea", "The cafe at the far end opens at ten and serves tea until the last boat"),
    ]
    body = "".join(
        f"{head}\n{text} and that is the advice of the wardens who walk it every single day.\n"
        f"{text} so do plan the day with some care and give yourself plenty of time to do it.\n"
        for head, text in parts
    )
    page = f"{menu}Harbour path reopens\n\n{_PROSE}\n{body}{menu}"
    assert _split(page).comments == ()
    rules = rules_mod.load().pages
    lines = lines_of(page)
    heads = {head for head, _ in parts}
    for cand in rhythm.candidates(lines, rules):
        assert not heads & {lines[k].text for k in cand.beats}, cand.shape


def test_one_signed_dated_comment_under_a_comment_heading_is_read() -> None:
    """A list of one repeats nothing for the ranker; under "Comments", a date and a name over
    a line of prose are one comment. Without the date it stays unread."""
    menu = "".join(f"{item}\n" for item in _MENU)
    said = "Lovely to see the steps rebuilt, we walked down to the harbour on Sunday."
    tail = "Sign in or join now to add a comment.\nFollow Us\nNewsletter\n" + menu
    page = (
        f"{menu}Harbour path reopens\n\n{_PROSE}\n\nComments\nNia Hale\n5 hours ago\n{said}\n{tail}"
    )
    (only,) = _split(page).comments
    assert only.author == "Nia Hale" and only.text.startswith(said)
    assert _split(page.replace("5 hours ago\n", "")).comments == ()
    # "Discuss this Blog Post" heads a comment list as "Comments" does
    (again,) = _split(page.replace("\nComments\n", "\nDiscuss this Blog Post\n")).comments
    assert again.author == "Nia Hale"
    assert _split(page.replace("\nComments\n", "\nDiscuss this with friends\n")).comments == ()


def test_very_short_comments_each_signed_and_dated_are_read() -> None:
    """A thread of thanks ("Nice!") gives the ranker little prose to weigh, and it ranks the
    list under its threshold; under a comment heading, each comment signed and dated by its
    own footer line ("Posted by: NAME | DATE") says whose and when, so the list stands and
    the article keeps its prose. Without the heading (a blog's index signs its posts alike)
    it does not."""
    menu = "".join(f"{item}\n" for item in _MENU)
    said = [
        ("Nice one!", "Ann Lee", "October 28, 2012 at 09:48 PM"),
        ("Great.", "Bo Kerr", "October 29, 2012 at 11:25 AM"),
        ("Thanks, all :)", "Cal Ode", "October 29, 2012 at 05:22 PM"),
    ]
    thread = "".join(f"{text}\n\nPosted by: {name} | {when}\n\n" for text, name, when in said)
    places = "Coast Birds Boats Cliffs Tides Dunes Piers Coves Bays Reefs Moors Lanes Docks Weirs"
    sidebar = "".join(f"{place}\n" for place in places.split())
    article = f"Harbour path reopens\n\n{_PROSE}\n\n{_PROSE}\n\nTags: walks\nShare\n\n"
    page = f"{menu}{sidebar}{article}Comments\n\n{thread}"
    read = _split(page)
    assert [(c.text, c.author, c.posted) for c in read.comments] == said
    assert read.article.headline == "Harbour path reopens"
    assert read.article.body == (_PROSE.strip(), _PROSE.strip())
    unheaded = _split(page.replace("Comments\n\n", ""))
    assert unheaded.comments == ()
    assert read.article.body == unheaded.article.body


def test_a_short_capture_keeps_the_rhythms_list_where_the_catalogue_reads_none() -> None:
    """A capture short enough to be read by the layout catalogue, whose footers ("Posted by:
    NAME | DATE") the catalogue does not know: the rhythm's list stands."""
    page = (
        "THE GARDEN DIARY\nJune 2, 2014\nTulips over\nThe tulips are over for the year and "
        "the beds are bare again, so the dahlias go in next week once the soil warms up.\n"
        "Permalink\nComments\nOurs finished early too, the frost took the last of them.\n"
        "Posted by: Ann Lee | June 03, 2014 at 09:12 AM\n"
        "Dahlias are my favourite, I cannot wait to see yours.\n"
        "Posted by: Bo Kerr | June 04, 2014 at 10:40 AM\n"
        "The comments to this entry are closed.\nCategories\nAbout\nGarden\n"
    )
    found = _split(page).comments
    assert [c.author for c in found] == ["Ann Lee", "Bo Kerr"]
    assert found[1].text == "Dahlias are my favourite, I cannot wait to see yours."


def test_a_footer_list_stops_at_the_count_line_above_it() -> None:
    """A list whose beat closes each comment ("Reply" under the text) runs its first comment
    up from the first beat; a line that counts the comments ("{ 3 comments... read them below
    or add one }") is where the list starts, so the article above it stays the article's."""
    rules = rules_mod.load().pages
    article = [
        "The allotment society met on Saturday to agree the rules for the new water butts.",
        "Members were asked to keep the lids closed so that the water stays clean all summer.",
        "The committee will check every plot again in the first week of July this year.",
    ]
    comments = [
        ("Good idea, the open ones were full of leaves.", "Mine had a frog in it."),
        ("Will there be a spare lid for the older butts?", "Ours cracked in the frost."),
        ("I can bring some offcuts of board to use as lids.", "Just ask at the shed."),
    ]
    blocks = [*article, "{ 3 comments… read them below or add one }"]
    for first, second in comments:
        blocks += [first, second, "Reply"]
    text = "\n\n".join(blocks)
    lines = lines_of(text)
    chosen = rhythm.best(lines, rules)
    assert chosen is not None
    found = copied.comments(text, lines, chosen, rules)
    assert all("allotment society" not in c.text for c in found)
    assert any("spare lid" in c.text for c in found)
    assert chosen.start > 3


@pytest.mark.parametrize("count", ["1 CommentNo Reactions", "One Comment leave one →"])
def test_a_single_comment_under_its_count_line_is_read(count: str) -> None:
    """One comment repeats nothing, so only the line that counts it (glued to a tab's label
    as copying leaves it, or with a link after it) says a list starts there."""
    rules = rules_mod.load().pages
    prose = "The orchard walk on Sunday drew more people than the hall could hold for tea. "
    blocks = [
        "Village Orchard News",
        "Apple day is back",
        prose * 3,
        prose * 2,
        "Related Posts",
        count,
        "Mabel Ince",
        "9 Oct 13 at 4:12 pm",
        "We brought our own cups in the end and it was a lovely afternoon in the sun.",
        "Reply",
        "Leave a Reply",
        "Name (required)",
    ]
    found = _comments_of_blocks(blocks, rules)
    assert [c.author for c in found] == ["Mabel Ince"]
    assert found[0].text.startswith("We brought our own cups")
    assert "Leave a Reply" not in found[0].text


def test_a_count_line_parts_a_run_of_bare_names() -> None:
    """The author's box over the article's end ("About NAME" over a line of biography) reads
    like one more bare-name comment; the line that counts the comments parts it from the
    list, so the biography is not the first comment."""
    rules = rules_mod.load().pages
    prose = "The tide tables for the estuary are printed in the back of the free guide. "
    blocks = [
        "Harbour Life",
        "Reading the tide tables",
        prose * 3,
        prose * 2,
        "About Jo Marrin",
        "Jo Marrin has sailed the estuary for twenty years and writes about it every week.",
        "3 Comments Post a comment",
        "Pete Orme",
        "The guide is good but the times are given for the harbour mouth, not the quay.",
        "sandpiper",
        "Add half an hour for the quay and you will not go far wrong in a small boat.",
        "Lena Holt",
        "Thank you both, that explains why I ran aground last spring.",
        "Leave a comment",
    ]
    found = _comments_of_blocks(blocks, rules)
    assert [c.author for c in found] == ["Pete Orme", "sandpiper", "Lena Holt"]


def test_numbered_footers_with_reply_numbers_close_the_text_above_them() -> None:
    """ "Public Discussion (3)", then each comment as name, text and "#1 - DATE" under it; a
    reply's footer numbers it under its thread ("#1.1"). One beat, and each footer closes the
    text above it, the first reaching up past the heading's window to the heading."""
    menu = "".join(f"{item}\n" for item in _MENU)
    said = [
        ("Marsh Warbler", "The figures leave out the winter months.\n\nThey always do.\n\n"
         "See the minutes for March.", "#1 - Tue Mar 5, 2013 9:12 AM GMT"),
        ("kestrel_77", "Read the report again.\n\nThe winter is in table two.\n\nPage six.\n\n"
         "Same as every year.", "#1.1 - Tue Mar 5, 2013 9:40 AM GMT"),
        ("Marsh Warbler", "Table two is last year, not this one.", "#1.2 - Tue Mar 5, 2013 "
         "10:02 AM GMT"),
    ]  # fmt: skip
    comments = "".join(f"{who}\n\n{text}\n\n{footer}\n\n" for who, text, footer in said)
    head = f"{menu}Harbour path reopens\n\n{_PROSE}\n\n"
    page = f"{head}Public Discussion (3)\n\n{comments}Leave a Comment:\nName:\n{menu}"
    split = _split(page)
    assert [c.text.split("\n")[-1] for c in split.comments] == [
        "See the minutes for March.",
        "Same as every year.",
        said[2][1],
    ]
    assert [c.posted for c in split.comments] == [
        "Tue Mar 5, 2013 9:12 AM",
        "Tue Mar 5, 2013 9:40 AM",
        "Tue Mar 5, 2013 10:02 AM",
    ]


def test_a_greeting_under_a_name_keeps_a_long_bare_name_list_whole() -> None:
    """A bare-name list where a reply opens with a greeting on a line of its own ("Tomasz,")
    under its writer's name: the name still heads a comment, so the names either side of a
    long reply stay one list rather than two runs parted by the gap."""
    rules = rules_mod.load().pages
    words = [
        "gate",
        "stile",
        "field",
        "lane",
        "brook",
        "ridge",
        "hedge",
        "bridge",
        "wall",
        "wood",
        "mill",
        "ford",
    ]
    paras = iter(
        f"We walked the {a} path past the {b} on Sunday and it was not as muddy as I feared."
        for a in words
        for b in words
    )
    said = [
        ("Ravi Menon", 2),
        ("Bea Colley", 3),
        ("Tomasz Wren", 6),
        ("Ravi Menon", 6),  # opens "Tomasz,": 7 lines, 14 from one name to the next
        ("Bea Colley", 2),
        ("Tomasz Wren", 3),
    ]
    comments = ""
    for k, (who, n) in enumerate(said):
        greeting = "Tomasz,\n\n" if k == 3 else ""
        comments += f"{who}\n\n{greeting}" + "".join(f"{next(paras)}\n\n" for _ in range(n))
    menu = "".join(f"{item}\n" for item in _MENU)
    article = "\n\n".join(f"{_PROSE} Part {k} of the report follows." for k in range(8))
    page = f"{menu}Harbour path reopens\n\n{article}\n\n6 Responses\n\n{comments}{menu}"
    lines = lines_of(page)
    chosen = rhythm.best(lines, rules)
    assert chosen is not None and chosen.features["bare"] == 1.0
    found = copied.comments(page, lines, chosen, rules)
    assert [c.author for c in found] == [who for who, _ in said]
    assert found[3].text.startswith("Tomasz,\n")


def test_posted_on_a_date_by_a_name_closes_the_comment_above_it() -> None:
    """ "posted on DATE by NAME" under each comment's text: the line closes the text above it,
    and the name after the date is the writer ("posted on" alone names nobody)."""
    said = [
        ("We did the coast loop last week and the steps were fine.", "Ines Moreau", "9:12 AM"),
        ("The car park fills by nine on a Sunday, so go early.", "dunlin_watch", "9:40 AM"),
        ("Good to see the railings back at last.", "Hal Okafor", "1:05 PM"),
        ("My boots are still drying out after the walk.", "Ros Peel", "2:30 PM"),
        ("Is the cafe at the far end open yet?", "M. Garside", "4:45 PM"),
    ]
    comments = "".join(
        f"{text}\n\nposted on Tuesday, March 5, 2013 at {time} by {who}\n\n"
        for text, who, time in said
    )
    menu = "".join(f"{item}\n" for item in _MENU)
    article = "\n\n".join(f"{_PROSE} Part {k} of the report follows." for k in range(8))
    page = f"{menu}Harbour path reopens\n\n{article}\n\nCOMMENTS\n\n{comments}Post Comment\n{menu}"
    split = _split(page)
    assert [(c.author, c.text, c.posted) for c in split.comments] == [
        (who, text, f"Tuesday, March 5, 2013 at {time}") for text, who, time in said
    ]


def test_a_counted_short_list_that_holds_the_article_is_the_article() -> None:
    """ "2 Comments" in the post's header line and two subheadings over the article's
    paragraphs: a list of two bare names matches the count, but it holds most of the
    article's prose, so it is the article (its subheadings), not two comments."""
    paras = [f"{_PROSE} Part {k} of the report follows." for k in range(6)]
    menu = "".join(f"{item}\n" for item in _MENU)
    page = (
        f"{menu}Posted in Walks | 2 Comments\n\n{paras[0]}\n\n{paras[1]}\n\nHarbour Notes\n\n"
        f"{paras[2]}\n\nSteps and railings\n\n" + "\n\n".join(paras[3:]) + f"\n\n{menu}"
    )
    split = _split(page)
    assert split.comments == ()
    assert [p for p in paras if p in split.article.body] == paras
