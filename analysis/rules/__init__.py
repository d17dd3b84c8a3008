"""Every rule file of reader-mood, read and checked in one place, into one `Rules` object.

A stage never reads a rule file itself: it takes the `Rules` it is given (trafilatura's
`use_config` and spaCy's `schemas.py` are the models). Each file has a schema (pydantic, unknown
keys forbidden); a misspelt key or a wrong type fails loading with the file and line named, so
a typo can never silently empty a list. `Rules.digest` covers the bytes of every file actually
used and the code version, so a stored analysis knows when any rule changed.

>>> rules = load()
>>> rules.pages.ranker.threshold > 0
True
"""

from __future__ import annotations

import functools
import hashlib
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from analysis.errors import AnalysisError
from analysis.rules import trees
from analysis.rules.schema import (
    PAGE_RANKER_FEATURES,
    ChromeFile,
    ClaimsFile,
    LexiconFile,
    MoodCuesFile,
    PageRules,
)

HERE = Path(__file__).parent
#: The packaged rule files, by name. `load(overrides)` replaces any of them by a user's file.
#: The themes (`themes.toml`, user-editable, `--themes FILE`) are read by `analysis.themes`,
#: whose own digest is part of the store key beside this one.
FILES: dict[str, Path] = {
    "pages": HERE / "pages.toml",
    "chrome": HERE / "chrome.toml",
    "claims": HERE / "claims.toml",
    "lexicon": HERE / "lexicon.toml",
    "mood_cues": HERE / "mood_cues.toml",
}
#: The packaged fitted models (arrays of trees, see `analysis.rules.trees`), by name; like
#: the rule files, `load(overrides)` replaces any of them and their bytes are in the digest.
MODELS: dict[str, Path] = {
    "body_model": HERE / "body_model.npz",
    "page_ranker": HERE / "page_ranker.npz",
}

#: Bump when stage code changes what it produces from the same rules.
CODE_VERSION = "9"

M = TypeVar("M", bound=BaseModel)


class BadRules(AnalysisError):
    """A rule file that does not parse or does not match its schema."""


@dataclass(frozen=True)
class Rules:
    """All rule data one analysis uses. Compared and hashed by identity (one per load)."""

    #: How saved HTML is read (analysis.pages.dom, threads, html).
    pages: PageRules
    #: The layout vocabulary of copied text (analysis.layout).
    chrome: ChromeFile
    #: Reporting verbs, names, roles, linking and stance cues (speakers, claims, linking).
    claims: ClaimsFile
    #: Words and idioms VADER lacks (analysis.mood.rules).
    lexicon: LexiconFile
    #: The mood rules' cue lists (analysis.mood.rules).
    mood_cues: MoodCuesFile
    #: The file each part came from, by name.
    paths: tuple[tuple[str, Path], ...]
    #: A digest of CODE_VERSION and every file's bytes: part of the store key.
    digest: str

    __hash__ = object.__hash__


def _line_of(text: str, loc: tuple[Any, ...]) -> int:
    """The line of `loc` (table names, then a key) in a TOML text: the key's own line when
    found under its table, else the table's header, else 1."""
    lines = text.splitlines()
    start, line = 0, 1
    tables = [str(x) for x in loc if isinstance(x, str)]
    for depth in range(len(tables), 0, -1):
        header = re.compile(
            r"^\s*\[\[?\s*" + r"\s*\.\s*".join(re.escape(t) for t in tables[:depth]) + r"\s*\]"
        )
        hit = next((k for k, ln in enumerate(lines) if header.match(ln)), None)
        if hit is not None:
            start, line = hit, hit + 1
            break
    if tables:
        key = re.compile(r"^\s*['\"]?" + re.escape(tables[-1]) + r"['\"]?\s*=")
        for k in range(start, len(lines)):
            if key.match(lines[k]):
                return k + 1
    return line


def parse(model: type[M], text: str, name: str) -> M:
    """Parse and check one rule file's text against its schema (raises BadRules)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise BadRules(f"{name}: {exc}") from exc
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        # A misspelt key shows as an unknown key and a missing one: name the unknown one.
        errors = sorted(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")
        err = errors[0]
        loc = tuple(err["loc"])
        where = ".".join(str(x) for x in loc) or "(top)"
        msg = "unknown key" if err["type"] == "extra_forbidden" else err["msg"]
        raise BadRules(f"{name}:{_line_of(text, loc)}: {where}: {msg}") from exc


def _read(path: Path) -> str:
    from analysis.sources import read_limited  # the one bounded reader of files

    data = read_limited(path, limit=4 << 20, what="a rules file", error=BadRules)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRules(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc


def _model(path: Path) -> tuple[bytes, trees.TreeModel]:
    from analysis.sources import read_limited  # the one bounded reader of files

    data = read_limited(path, limit=64 << 20, what="a model file", error=BadRules)
    try:
        return data, trees.from_bytes(data)
    except trees.BadModel as exc:
        raise BadRules(f"{path}: {exc}") from exc


@functools.cache
def _load(paths: tuple[tuple[str, Path], ...]) -> Rules:
    texts = {name: _read(path) for name, path in paths if name in FILES}
    models = {name: _model(path) for name, path in paths if name in MODELS}
    digest = hashlib.sha256(CODE_VERSION.encode())
    for name, _ in paths:
        digest.update(f"\0{name}\0".encode())
        digest.update(models[name][0] if name in models else texts[name].encode("utf-8"))
    where = {name: str(path) for name, path in paths}
    pages = parse(PageRules, texts["pages"], where["pages"])
    article = pages.text.article.model_copy(update={"trees": models["body_model"][1]})
    ranker = pages.ranker.model_copy(update={"trees": _page_ranker(models, where)})
    pages = pages.model_copy(
        update={"text": pages.text.model_copy(update={"article": article}), "ranker": ranker}
    )
    return Rules(
        pages=pages,
        chrome=parse(ChromeFile, texts["chrome"], where["chrome"]),
        claims=parse(ClaimsFile, texts["claims"], where["claims"]),
        lexicon=parse(LexiconFile, texts["lexicon"], where["lexicon"]),
        mood_cues=parse(MoodCuesFile, texts["mood_cues"], where["mood_cues"]),
        paths=paths,
        digest=digest.hexdigest()[:16],
    )


def _page_ranker(
    models: dict[str, tuple[bytes, trees.TreeModel]], where: dict[str, str]
) -> trees.TreeModel:
    """The page ranker's trees, checked to weigh only what a candidate list has."""
    model = models["page_ranker"][1]
    unknown = sorted(set(model.names) - set(PAGE_RANKER_FEATURES))
    if unknown:
        raise BadRules(
            f"{where['page_ranker']}: not a comment-list ranker: its trees weigh "
            f"{', '.join(unknown[:5])}, which a comment list does not have"
        )
    return model


def load(overrides: Mapping[str, Path] | None = None) -> Rules:
    """The rules of the packaged files, each replaced by `overrides[name]` when given.

    Loaded once per set of files in a process (cached: the same files give the same object).
    """
    files = {**FILES, **MODELS}
    for name, path in (overrides or {}).items():
        if name not in files:
            raise BadRules(f"no rule file called {name!r} (known: {', '.join(sorted(files))})")
        files[name] = Path(path)
    return _load(tuple(sorted(files.items())))


def from_folder(folder: Path) -> Rules:
    """The packaged rules with every file of `folder` named like one of them (`chrome.toml`,
    `pages.toml`, ...) in its place: how a user edits rules without touching the package."""
    if not folder.is_dir():
        raise BadRules(f"{folder}: not a folder of rule files")
    found = {p.stem: p for p in folder.glob("*.toml") if p.stem in FILES}
    found |= {p.stem: p for p in folder.glob("*.npz") if p.stem in MODELS}
    if not found:
        known = [f + ".toml" for f in sorted(FILES)] + [m + ".npz" for m in sorted(MODELS)]
        raise BadRules(f"{folder}: holds none of {', '.join(known)}")
    return load(found)
