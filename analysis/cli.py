"""The `reader-mood` command: a thin layer over the library.

Exit status 0 on success, 2 with one line on stderr for bad input (never a traceback).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from tqdm import tqdm

from analysis import __version__, evaluate, pipeline, sources, store, themes
from analysis.errors import AnalysisError
from analysis.model import Analysis


def _load_themes(args: argparse.Namespace) -> themes.ThemeSet:
    return themes.load(Path(args.themes) if args.themes else None)


def cmd_inspect(args: argparse.Namespace) -> int:
    """Analyse one page and print it (JSON with --json)."""
    theme_set = _load_themes(args)
    path = Path(args.path)
    if path.is_dir():
        raise AnalysisError(f"{path}: inspect takes one page file; use 'analyse' for folders")
    analysis = pipeline.analyse(sources.read_path(path), theme_set)
    data = pipeline.to_json(analysis)
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print(_summary(analysis))
    return 0


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
    files = sources.page_files(Path(p) for p in args.paths)
    # Read everything before touching the store: one bad file stops the run, store intact.
    raws = [sources.read_path(f) for f in files]
    ids = [r.id for r in raws]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise AnalysisError(f"two files share the page id {dupes[0]!r} (ids are file stems)")
    db = store.db_path(args.db)
    with store.open_store(db) as st:
        known = st.stored_keys()
        keyed = [(raw, pipeline.analysis_key(raw.content_hash, theme_set)) for raw in raws]
        todo = [(raw, key) for raw, key in keyed if args.force or known.get(raw.id) != key]
        done = [
            (pipeline.analyse(raw, theme_set), key)
            for raw, key in tqdm(
                todo, desc="analysing", unit="page", disable=not todo or args.quiet, file=sys.stderr
            )
        ]
        st.save(done)
    unchanged = len(raws) - len(done)
    if not done:
        print(f"nothing to do: all {len(raws)} page(s) unchanged in {db}")
    else:
        print(f"analysed {len(done)} page(s), {unchanged} unchanged, into {db}")
    return 0


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
        real = evaluate.evaluate_real(rows, theme_set)
        print(json.dumps(real, indent=2) if args.json else evaluate.render_real(real))
        return 0
    labels = evaluate.load_labels(Path(args.labels))
    analyses = [pipeline.analyse(raw, theme_set) for raw in sources.iter_pages([Path(args.pages)])]
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

    p = sub.add_parser("inspect", help="analyse one page and print it")
    p.add_argument("path", help="a captured page: .txt or .html")
    p.add_argument("--json", action="store_true", help="print the JSON of the CLI contract")
    themes_opt(p)
    p.set_defaults(func=cmd_inspect)

    p = sub.add_parser("analyse", help="analyse files and folders into the DuckDB store")
    p.add_argument("paths", nargs="+", metavar="PATH", help="page files or folders of pages")
    p.add_argument("--db", metavar="FILE", help="store file (default $READER_MOOD_DB or data/)")
    p.add_argument("--force", action="store_true", help="analyse unchanged pages again")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
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

    p = sub.add_parser("export-labels", help="print hand annotations as a labels file")
    p.add_argument("--db", metavar="FILE", help="store file (default $READER_MOOD_DB or data/)")
    p.set_defaults(func=cmd_export_labels)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "evaluate" and not (args.pages or args.gold):
        parser.error("evaluate needs --pages DIR (labelled pages) or --gold DIR (real labels)")
    try:
        return int(args.func(args))
    except AnalysisError as exc:
        print(f"reader-mood: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("reader-mood: interrupted; the store keeps what it had", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
