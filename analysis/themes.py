"""Tag themes (distrust, burnout, penance, …) from a user-editable TOML file.

A theme is a named set of words, phrases and regular expressions, matched case-insensitively
on word boundaries; `tag` returns each theme found with the text that matched, as written.
The format is documented at the top of `themes.toml`. A user file (`--themes FILE`) adds
themes, replaces a default theme of the same name, or drops one with `enabled = false`.

>>> hits = tag("Burnt out and I don't trust a word they say", load())
>>> [(h.name, h.evidence) for h in hits][:2]
[('distrust', ("don't trust",)), ('burnout', ('Burnt out',))]

The pattern engine they run on (one Aho-Corasick pass, then only the patterns that may
start there; user patterns under a time budget) is `analysis.matching`.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.errors import BadThemes
from analysis.matching import PatternIndex, build_index, phrase_pattern, user_pattern_budget
from analysis.model import ThemeHit

#: The themes shipped with reader-mood (package data).
DEFAULT_PATH = Path(__file__).parent / "rules" / "themes.toml"

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_\- ]*$")
_THEME_KEYS = frozenset({"description", "words", "phrases", "patterns", "exclude", "enabled"})


@dataclass(frozen=True, slots=True)
class ThemeSet:
    """Compiled themes; `digest` changes whenever the definitions change."""

    names: tuple[str, ...]
    digest: str
    descriptions: tuple[str, ...] = ()
    index: PatternIndex = field(default_factory=PatternIndex)
    #: For each pattern id of `index`, the position in `names` of the theme it belongs to.
    owners: tuple[int, ...] = ()
    #: The pattern ids of `index` that are a theme's `exclude` entries, not evidence.
    excluding: frozenset[int] = frozenset()


def _line_of(lines: Sequence[str], *needles: str) -> int | None:
    """1-based number of the first line holding all `needles`, if any."""
    for number, line in enumerate(lines, start=1):
        if all(n in line for n in needles):
            return number
    return None


def _header_line(lines: Sequence[str], name: str) -> int | None:
    header = re.compile(rf"^\s*\[\s*themes\s*\.\s*[\"']?{re.escape(name)}[\"']?\s*\]")
    for number, line in enumerate(lines, start=1):
        if header.match(line):
            return number
    return None


def _where(path: Path, line: int | None) -> str:
    return f"{path}, line {line}" if line else str(path)


def _read_toml(path: Path) -> tuple[dict[str, Any], list[str]]:
    from analysis.sources import read_limited  # the one bounded reader of files

    raw = read_limited(path, what="a themes file", error=BadThemes)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadThemes(f"{path}: cannot read the themes file ({exc})") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # tomllib's message ends "(at line N, column M)": the line the user must fix.
        raise BadThemes(f"{path}: not valid TOML: {exc}") from exc
    return data, text.splitlines()


def _check_theme(path: Path, lines: Sequence[str], name: str, spec: Any) -> dict[str, Any]:
    """One theme's definition, checked; raises BadThemes naming the theme and line."""
    line = _header_line(lines, name)
    where = _where(path, line)
    if not isinstance(spec, dict):
        raise BadThemes(f"{where}: theme {name!r} must be a table ([themes.{name}])")
    if not _NAME.match(name):
        raise BadThemes(f"{where}: theme name {name!r}: use letters, digits, _ - or spaces")
    unknown = sorted(set(spec) - _THEME_KEYS)
    if unknown:
        raise BadThemes(
            f"{where}: theme {name!r}: unknown key {unknown[0]!r} "
            f"(expected {', '.join(sorted(_THEME_KEYS))})"
        )
    if not isinstance(spec.get("enabled", True), bool):
        raise BadThemes(f"{where}: theme {name!r}: 'enabled' must be true or false")
    if not isinstance(spec.get("description", ""), str):
        raise BadThemes(f"{where}: theme {name!r}: 'description' must be a string")
    for key in ("words", "phrases", "patterns", "exclude"):
        value = spec.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            bad = _line_of(lines, f"{key}") if line is None else line
            raise BadThemes(
                f"{_where(path, bad)}: theme {name!r}: {key!r} must be a list of non-empty strings"
            )
    if spec.get("enabled", True) and not any(spec.get(k) for k in ("words", "phrases", "patterns")):
        raise BadThemes(f"{where}: theme {name!r} has no words, phrases or patterns")
    for pattern in spec.get("patterns", []):
        try:
            compiled = re.compile(pattern, re.IGNORECASE)
        except re.error as exc:
            at = _line_of(lines, pattern) or line
            raise BadThemes(
                f"{_where(path, at)}: theme {name!r}: pattern {pattern!r} is not a valid "
                f"regular expression ({exc})"
            ) from exc
        if re.match(r"\(\?[aiLmsux]+\)", pattern):
            # Inline flags cannot stand inside the combined index; matching is always
            # case-insensitive anyway.
            at = _line_of(lines, pattern) or line
            raise BadThemes(
                f"{_where(path, at)}: theme {name!r}: pattern {pattern!r} sets inline flags; "
                "drop them (themes always match case-insensitively)"
            )
        if compiled.fullmatch(""):
            at = _line_of(lines, pattern) or line
            raise BadThemes(
                f"{_where(path, at)}: theme {name!r}: pattern {pattern!r} matches empty text"
            )
    return spec


def _themes_table(path: Path, data: dict[str, Any], lines: Sequence[str]) -> dict[str, Any]:
    unknown = sorted(set(data) - {"themes", "replace_defaults"})
    if unknown:
        at = _line_of(lines, unknown[0])
        raise BadThemes(
            f"{_where(path, at)}: unknown top-level key {unknown[0]!r} "
            "(expected [themes.NAME] tables and optionally replace_defaults)"
        )
    table = data.get("themes")
    if not isinstance(table, dict) or not table:
        raise BadThemes(f"{path}: no themes: expected at least one [themes.NAME] table")
    if not isinstance(data.get("replace_defaults", False), bool):
        at = _line_of(lines, "replace_defaults")
        raise BadThemes(f"{_where(path, at)}: replace_defaults must be true or false")
    return {name: _check_theme(path, lines, name, spec) for name, spec in table.items()}


def _compile(
    definitions: dict[str, dict[str, Any]], users: frozenset[str] = frozenset()
) -> ThemeSet:
    names: list[str] = []
    descriptions: list[str] = []
    patterns: list[str] = []
    owners: list[int] = []
    # Exclusions get an index owner of their own: joined into one alternation with the
    # theme's entries, a shorter entry listed first ("pay") would hide "pay attention".
    index_owners: list[int] = []
    excluding: set[int] = set()
    guarded: set[int] = set()  # the `patterns` of the user's own themes
    for name, spec in definitions.items():
        if not spec.get("enabled", True):
            continue
        own = len(names)
        names.append(name)
        descriptions.append(str(spec.get("description", "")))
        for text in [*spec.get("words", []), *spec.get("phrases", [])]:
            patterns.append(phrase_pattern(text))
            owners.append(own)
            index_owners.append(2 * own)
        for pattern in spec.get("patterns", []):
            if name in users:
                guarded.add(len(patterns))
            patterns.append(pattern)
            owners.append(own)
            index_owners.append(2 * own)
        for text in spec.get("exclude", []):
            excluding.add(len(patterns))
            patterns.append(phrase_pattern(text))
            owners.append(own)
            index_owners.append(2 * own + 1)
    canonical = json.dumps(
        {n: definitions[n] for n in names}, sort_keys=True, ensure_ascii=False
    ).encode("utf-8")
    try:
        index = build_index(patterns, index_owners, guarded=frozenset(guarded))
    except re.error as exc:  # a pattern valid alone but not inside the combined index
        raise BadThemes(f"themes: a pattern cannot be combined with the others ({exc})") from exc
    return ThemeSet(
        names=tuple(names),
        digest=hashlib.sha256(canonical).hexdigest()[:16],
        descriptions=tuple(descriptions),
        index=index,
        owners=tuple(owners),
        excluding=frozenset(excluding),
    )


def _definitions(path: Path) -> tuple[dict[str, Any], bool]:
    data, lines = _read_toml(path)
    return _themes_table(path, data, lines), bool(data.get("replace_defaults", False))


def load(path: Path | None = None) -> ThemeSet:
    """The default themes, or those of a user's TOML file merged over them.

    A user theme with the name of a default one replaces it; `enabled = false` drops it;
    `replace_defaults = true` at the top of the file keeps only the user's themes.
    Raises BadThemes, naming the file and line, for a file that cannot be used.
    """
    defaults, _ = _definitions(DEFAULT_PATH)
    if path is None:
        return _compile(defaults)
    user, replace = _definitions(path)
    merged = {} if replace else dict(defaults)
    merged.update(user)
    if not any(spec.get("enabled", True) for spec in merged.values()):
        raise BadThemes(f"{path}: every theme is disabled")
    return _compile(merged, frozenset(user))


def tag(text: str, themes: ThemeSet) -> tuple[ThemeHit, ...]:
    """Themes found in `text`, in the order of the theme set, each with its evidence.

    Evidence is each distinct matched text as written, in the order it appears; a match
    inside a longer match of the same theme is not repeated. A match overlapping one of the
    theme's `exclude` phrases ("fund manager" for funding) does not count.
    """
    with user_pattern_budget():  # for a user's own patterns
        found = themes.index.matches(text)
    if not found:
        return ()
    # (start, -end) of each match by theme: sorted, longest first at each start.
    spans: dict[int, list[tuple[int, int]]] = {}
    vetoes: dict[int, list[tuple[int, int]]] = {}
    owners, excluding = themes.owners, themes.excluding
    for pid, match in found:
        start, stop = match.span()
        (vetoes if pid in excluding else spans).setdefault(owners[pid], []).append((start, -stop))
    hits = []
    for own in sorted(spans):
        evidence: list[str] = []
        seen: set[str] = set()
        end = -1
        vetoed = vetoes.get(own, ())
        # Longest first at each start, so matches inside a longer one are skipped.
        for start, neg_stop in sorted(spans[own]):
            if -neg_stop <= end:
                continue
            if vetoed and any(v < -neg_stop and start < -w for v, w in vetoed):
                continue
            end = -neg_stop
            words = text[start:end]
            if words.lower() not in seen:
                seen.add(words.lower())
                evidence.append(words)
        if evidence:  # every match may have been excluded
            hits.append(ThemeHit(themes.names[own], tuple(evidence)))
    return tuple(hits)
