"""The `reader-mood` command: a thin layer over the library.

Exit status 0 on success, 2 with one line on stderr for bad input (never a traceback): every
failure, expected or not (a full disk, memory running out, a bug), ends in one line, with any
character that would break it or could not be printed (a newline in a file name, a lone
surrogate) written as Python writes it in a repr ("\\n", "\\udc80"). Set READER_MOOD_DEBUG=1 to
see the traceback of an unexpected error instead.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import NoReturn, TextIO

from tqdm import tqdm

from analysis import __version__, attach, chars, evaluate, pipeline, rules, sources, store, themes
from analysis.errors import AnalysisError, StoreError
from analysis.model import Analysis, RawPage


def _load_themes(args: argparse.Namespace) -> themes.ThemeSet:
    return themes.load(Path(args.themes) if args.themes else None)


def _jobs(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return n


def _load_rules(args: argparse.Namespace) -> rules.Rules:
    return rules.from_folder(Path(args.rules)) if getattr(args, "rules", None) else rules.load()


def cmd_inspect(args: argparse.Namespace) -> int:
    """Analyse one page and print it (JSON with --json)."""
    theme_set = _load_themes(args)
    path = Path(args.path)
    if path.is_dir():
        raise AnalysisError(f"{path}: inspect takes one page file; use 'analyse' for folders")
    analysis = pipeline.analyse(_one_page(path, args.page), theme_set, _load_rules(args))
    if args.json:
        write_json(analysis, sys.stdout)
    else:
        print(_summary(analysis))
    return 0


def _one_page(path: Path, wanted: str | None) -> RawPage:
    """The page of `path` to inspect: its only one, or the one `wanted` names (a Disqus
    export gives a page for each thread)."""
    raws = sources.read_path_pages(path)
    if wanted is not None:
        found = next((r for r in raws if r.id == wanted), None)
        if found is None:
            ids = ", ".join(r.id for r in raws[:5]) + (", …" if len(raws) > 5 else "")
            raise AnalysisError(f"{path}: no page {wanted!r} in this file (its pages: {ids})")
        return found
    if len(raws) > 1:
        ids = ", ".join(r.id for r in raws[:3]) + (", …" if len(raws) > 3 else "")
        raise AnalysisError(
            f"{path}: a Disqus export of {len(raws)} threads, one page each ({ids}); "
            "name one with --page ID, or use 'analyse'"
        )
    return raws[0]


#: Comments turned into JSON at a time by `write_json`.
_JSON_CHUNK = 2000


def write_json(a: Analysis, out: TextIO) -> None:
    """Write `pipeline.to_json(a)` to `out` as `json.dumps(..., indent=2)` would, a line
    after it, building the JSON of a few thousand comments at a time: a page of a million
    comments never holds all their JSON objects, or one string of them, at once."""
    head = pipeline.to_json(dataclasses.replace(a, comments=()))
    text = json.dumps(head, indent=2, ensure_ascii=False)
    marker = '"comments": []'
    before, after = text.split(marker, 1) if a.comments else (text, "")
    out.write(before)
    if a.comments:
        out.write('"comments": [')
        for start in range(0, len(a.comments), _JSON_CHUNK):
            chunk = dataclasses.replace(a, comments=a.comments[start : start + _JSON_CHUNK])
            for n, comment in enumerate(pipeline.to_json(chunk)["comments"]):
                item = json.dumps(comment, indent=2, ensure_ascii=False)
                out.write("," if start or n else "")
                out.write("\n    " + item.replace("\n", "\n    "))
        out.write("\n  ]" + after)
    out.write("\n")


def _summary(a: Analysis) -> str:
    art = a.page.article
    lines = [
        f"{a.page.id}  [{art.outlet or 'unknown outlet'}]  {art.published or 'no date'}",
        f"  {art.headline or '(no headline)'}",
        f"  speaker: {a.speaker or '-'}   body paragraphs: {len(art.body)}   "
        f"claims: {len(a.claims)}",
    ]
    declared = a.page.declared_comment_count
    lines.append(
        f"  comments: {len(a.comments)} captured"
        + (f" of {declared} declared" if declared is not None else "")
    )
    for r in a.comments:
        if r.mood is None:
            lines.append(f"   #{r.comment.position:<3} (moderated)")
            continue
        start = r.comment.text.replace("\n", " ")[:60]
        vader = r.vader.compound if r.vader else 0.0
        lines.append(
            f"   #{r.comment.position:<3} {r.mood.label:<8} {r.mood.score:+.2f} "
            f"(VADER {vader:+.2f})  {start!r}"
        )
    lines += [f"  warning: {w}" for w in a.page.warnings]
    return "\n".join(lines)


def cmd_analyse(args: argparse.Namespace) -> int:
    """Analyse files and folders into the store; unchanged pages are skipped."""
    theme_set = _load_themes(args)
    rule_data = _load_rules(args)
    files = sources.page_files(Path(p) for p in args.paths)
    db = store.db_path(args.db)
    files, same = _unchanged_markup(files, db, theme_set, rule_data, args.force)
    # Read everything before touching the store: one bad file stops the run, store intact.
    # A Disqus export gives a page for each thread; a thread whose page is captured too (in
    # this run, or stored before) becomes that page's comments.
    read = [raw for f in files for raw in sources.read_path_pages(f)]
    raws = attach.attach(read)
    ids = Counter([r.id for r in raws] + same)
    dupes = sorted(i for i, n in ids.items() if n > 1)
    if dupes:
        raise AnalysisError(
            f"two pages share the id {dupes[0]!r} (ids are file stems, "
            "with a thread's id for a Disqus export of several)"
        )
    if db.exists() and any(attach.is_thread(r) for r in raws):
        with store.open_store(db, read_only=True) as st:
            heads = st.page_heads()
        raws = attach.with_stored(raws, heads, sources.read_path_pages)
    moved = attach.moved(read, raws)
    keyed = [(raw, pipeline.analysis_key(raw.content_hash, theme_set, rule_data)) for raw in raws]
    if db.exists() and not args.force:
        # Look before opening for writing: with nothing to do, a read-only store is fine.
        with store.open_store(db, read_only=True) as st:
            known = st.stored_keys()
        if all(known.get(raw.id) == key for raw, key in keyed) and not known.keys() & moved:
            print(f"nothing to do: all {len(raws) + len(same)} page(s) unchanged in {db}")
            return 0

    def bar(results: Iterator[Analysis], total: int) -> Iterable[Analysis]:
        # No bar unless stderr is a terminal (disable=None), and none left behind: a
        # failure's message is then the one line on stderr. tqdm shows rate and ETA.
        return tqdm(
            results,
            total=total,
            desc="analysing",
            unit="page",
            disable=True if args.quiet else None,
            leave=False,
            file=sys.stderr,
        )

    n_pages = len(raws) + len(same)
    del read, keyed  # the run lets go of each page once it is analysed (release=True)
    with store.open_store(db) as st:
        done, unchanged = pipeline.analyse_into(
            st,
            raws,
            theme_set,
            rule_data,
            force=args.force,
            jobs=args.jobs,
            scheduler=args.dask,
            progress=bar,
            moved=moved,
            release=True,
        )
    if not done:
        print(f"nothing to do: all {n_pages} page(s) unchanged in {db}")
    else:
        print(f"analysed {done} page(s), {unchanged + len(same)} unchanged, into {db}")
    return 0


#: Saved pages whose bytes alone say they are unchanged: reading their markup costs most of a
#: re-run (a DOM parse a page), and a page stored from these bytes was read cleanly before.
_MARKUP = (".html", ".htm")


def _unchanged_markup(
    files: list[Path], db: Path, theme_set: themes.ThemeSet, rule_data: rules.Rules, force: bool
) -> tuple[list[Path], list[str]]:
    """The files still to read, and the ids of saved HTML pages stored from these very bytes
    under the same rules, themes and code (`pipeline.analysis_key`), left unread."""
    if force or not db.exists() or not any(f.suffix.lower() in _MARKUP for f in files):
        return files, []
    with store.open_store(db, read_only=True) as st:
        known = st.stored_keys()
    todo, same = [], []
    for f in files:
        page_id = chars.unicode_text(f.stem)
        if f.suffix.lower() in _MARKUP and page_id in known:
            digest = hashlib.sha256(sources.read_limited(f)).hexdigest()
            if known[page_id] == pipeline.analysis_key(digest, theme_set, rule_data):
                same.append(page_id)
                continue
        todo.append(f)
    return todo, same


def cmd_evaluate(args: argparse.Namespace) -> int:
    """Compare the analysis of the pages in DIR with a labels file.

    With --gold, the labels are readers' labels of real comments (JSONL of page ids and
    offsets into the gold pages in DIR), measured on --split (the test quarter by default).

    Example:
        reader-mood evaluate benchmarks/real/comment_labels.jsonl --gold ../shared/realpages/gold
    """
    theme_set = _load_themes(args)
    if args.gold:
        rows = evaluate.load_real(Path(args.labels), Path(args.gold), args.split)
        real = evaluate.evaluate_real(rows, theme_set, _load_rules(args))
        print(json.dumps(real, indent=2) if args.json else evaluate.render_real(real))
        return 0
    labels = evaluate.load_labels(Path(args.labels))
    rule_data = _load_rules(args)
    raws = attach.attach(list(sources.iter_pages([Path(args.pages)])))
    analyses = [pipeline.analyse(raw, theme_set, rule_data) for raw in raws]
    report = evaluate.evaluate(labels, analyses)
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        print(evaluate.render(report))
    return 0


def cmd_export_labels(args: argparse.Namespace) -> int:
    """Print the annotations of a store as a labels file that `evaluate` accepts."""
    with store.open_store(store.db_path(args.db), read_only=True) as st:
        print(store.labels_json(st))
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    """Remove one page, with its claims, comments and hand readings, from the store.

    Example: `reader-mood remove minister-interview --db data/reader-mood.duckdb`
    """
    db = store.db_path(args.db)
    if not db.exists():
        raise StoreError(f"{db}: no store here (run 'reader-mood analyse' first)")
    with store.open_store(db) as st:
        removed = st.remove(args.id)
    if removed is None:
        raise AnalysisError(f"no page {args.id!r} in {db} (see the ids in the dashboard or CLI)")
    print(f"removed {removed.describe()} from {db}")
    return 0


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr and exit 2, like every other error."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (also used by the docs test)."""
    parser = _Parser(
        prog="reader-mood",
        description="How readers feel about what a news article claims.",
    )
    parser.add_argument("--version", action="version", version=f"reader-mood {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    def themes_opt(p: argparse.ArgumentParser) -> None:
        p.add_argument("--themes", metavar="FILE", help="themes TOML file to use instead")
        p.add_argument(
            "--rules",
            metavar="DIR",
            help="folder of rule files (chrome.toml, pages.toml…) to use instead of the packaged",
        )

    p = sub.add_parser("inspect", help="analyse one page and print it")
    p.add_argument("path", help="a captured page (.txt, .html) or export (.json, .csv, .xml)")
    p.add_argument("--json", action="store_true", help="print the JSON of the CLI contract")
    p.add_argument(
        "--page",
        metavar="ID",
        help="the page to print of a file that holds several (a Disqus export's threads)",
    )
    themes_opt(p)
    p.set_defaults(func=cmd_inspect)

    p = sub.add_parser("analyse", help="analyse files and folders into the DuckDB store")
    p.add_argument("paths", nargs="+", metavar="PATH", help="page files or folders of pages")
    p.add_argument("--db", metavar="FILE", help="store file (default $READER_MOOD_DB or data/)")
    p.add_argument("--force", action="store_true", help="analyse unchanged pages again")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument(
        "--jobs",
        type=_jobs,
        default=os.cpu_count() or 1,
        metavar="N",
        help="worker processes (default: all cores, %(default)s here)",
    )
    p.add_argument(
        "--dask",
        metavar="SCHEDULER",
        help="read pages on a Dask cluster: its scheduler's address (tcp://host:8786), or "
        "'local' for a local cluster of --jobs workers",
    )
    themes_opt(p)
    p.set_defaults(func=cmd_analyse)

    p = sub.add_parser("evaluate", help="measure the analysis against a labels file")
    p.add_argument(
        "labels", metavar="LABELS", help="labels, as in seed-labels.json (or real labels, .jsonl)"
    )
    p.add_argument("--pages", metavar="DIR", help="folder of the labelled pages")
    p.add_argument(
        "--gold",
        metavar="DIR",
        help="real-label mode: folder of the gold pages the labels point into",
    )
    p.add_argument(
        "--split",
        choices=evaluate.SPLITS,
        default="test",
        help="real-label mode: the test quarter (default), the dev part, or all",
    )
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    themes_opt(p)
    p.set_defaults(func=cmd_evaluate)

    p = sub.add_parser("remove", help="remove one page and everything stored of it")
    p.add_argument("id", metavar="ID", help="the page id (the file stem it was analysed from)")
    p.add_argument("--db", metavar="FILE", help="store file (default $READER_MOOD_DB or data/)")
    p.set_defaults(func=cmd_remove)

    p = sub.add_parser("export-labels", help="print hand annotations as a labels file")
    p.add_argument("--db", metavar="FILE", help="store file (default $READER_MOOD_DB or data/)")
    p.set_defaults(func=cmd_export_labels)
    return parser


#: The longest error line printed: a message quoting a field name from a file stays readable.
MAX_LINE = 2000


def one_line(message: str) -> str:
    """`message` as one printable line: characters that are not printable (newlines, tabs,
    control characters, lone surrogates) written as in a Python repr, and cut to MAX_LINE.

    >>> one_line("pages/a\\nb.txt: empty file")
    'pages/a\\\\nb.txt: empty file'
    """
    line = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in message)
    return line if len(line) <= MAX_LINE else line[: MAX_LINE - 1] + "…"


def _fail(message: str) -> int:
    print(f"reader-mood: error: {one_line(message)}", file=sys.stderr)
    return 2


def _unexpected(exc: BaseException) -> str:
    """One line for an error no check foresaw, by its kind."""
    if isinstance(exc, MemoryError):
        return "out of memory reading this input"
    if isinstance(exc, RecursionError):
        return "input nested too deeply to read"
    if isinstance(exc, OSError):
        name = f"{exc.filename}: " if exc.filename else ""
        return f"{name}{exc.strerror or exc}"
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"unexpected {type(exc).__name__}{': ' + first if first else ''} (please report)"


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    for stream in (sys.stdout, sys.stderr):
        # Text that the terminal's encoding cannot show is escaped, never a crash.
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "evaluate" and not (args.pages or args.gold):
        parser.error("evaluate needs --pages DIR (labelled pages) or --gold DIR (real labels)")
    try:
        return int(args.func(args))
    except AnalysisError as exc:
        return _fail(str(exc))
    except KeyboardInterrupt:
        print("reader-mood: interrupted; the store keeps what it had", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of our output went away (`| head`): nothing more to say to it.
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (kept open until exit)
        return 2
    except Exception as exc:
        if os.environ.get("READER_MOOD_DEBUG"):
            raise
        return _fail(_unexpected(exc))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
