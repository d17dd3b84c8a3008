"""Comment exports (JSON, CSV) read into `CommentExport` records, and rendered as a page to
show: the field names people's tools use (this tool's own, YouTube's API, Facebook's Graph
API, Reddit's JSON, moderation tools' CSVs), comments nested in platforms' API responses, and
the rules for what a record may hold (see `analysis.sources` for the format)."""

from __future__ import annotations

import csv
import functools
import io
import re
from typing import Any

from analysis import jsontext, layout_html
from analysis.chars import unicode_text
from analysis.errors import UnreadablePage
from analysis.model import CommentExport, ExportComment

#: The largest declared comment count kept (the store's INTEGER column holds below 2³¹).
MAX_DECLARED_COUNT = 2**31 - 1
# Field names of comment exports, compared without case, "_", "-" or spaces ("textOriginal",
# "comment_body", "created-time"): those of this tool's own exports first, then those of the
# tools people export comments from (YouTube's API, Facebook's Graph API, Reddit's JSON,
# moderation tools' CSVs). HTML text ("textDisplay") only when no plain text is there.
_TEXT_KEYS = (
    "text", "body", "rawmessage", "comment", "message", "content", "textoriginal",
    "commenttext", "commentbody", "commentcontent", "textdisplay", "bodyhtml",
)  # fmt: skip
_AUTHOR_KEYS = (
    "author", "name", "user", "username", "authorname", "authordisplayname", "displayname",
    "from", "by", "screenname", "commenter", "poster",
)  # fmt: skip
_POSTED_KEYS = (
    "posted", "date", "createdat", "timestamp", "time", "created", "createdtime",
    "publishedat", "createdutc", "postedat", "datetime",
)  # fmt: skip
_REPLY_KEYS = ("replyto", "inreplyto", "parentauthor")
_REMOVED_KEYS = ("moderated", "removed", "deleted", "isdeleted", "isremoved", "hidden")
#: A status field ("status", "state") with one of these values marks a comment not shown.
_STATUS_KEYS = ("status", "state", "moderationstatus")
_HIDDEN_STATUS = {
    "deleted", "removed", "spam", "trash", "trashed", "rejected", "hidden", "moderated",
    "blocked", "banned", "unapproved",
}  # fmt: skip
#: Keys holding a comment's own id, and the id of the comment it answers.
_ID_KEYS = ("id", "commentid", "cid")
_PARENT_KEYS = ("parentid", "parent", "inreplytoid", "parentcommentid", "replytoid")
#: Keys under which a record points at another comment rather than holding one.
_REFERENCE_KEYS = {"parent", "inreplyto", "replyto", "quoted", "quote", "original"}
_HTML_TEXT_KEYS = {"textdisplay", "bodyhtml"}
#: Markup in a text field of an export that holds HTML ("<p>", "&#x27;").
_MARKUP = re.compile(
    r"<(?:p|br|i|b|a|em|strong|code|pre)\b[^>]*>|&(?:#x?[0-9a-f]+|quot|amp|lt|gt|apos);", re.I
)
_PLACEHOLDERS = {"[removed]", "[deleted]"}
#: Parts of the keys of embedded media ("secure_media_embed", "oembed", "preview"): their
#: "content" and "html" are a player's markup, not a comment.
_MEDIA_KEY_PARTS = ("media", "embed", "preview", "thumbnail", "attachment")
_KEY_CHARS = re.compile(r"[\s_\-]")
_YES = {"1", "true", "yes", "y", "removed", "deleted", "moderated"}


def _key(name: object) -> str:
    """A field name as compared ("authorDisplayName", "author_display_name": the same)."""
    return _key_of(name) if isinstance(name, str) else _key_of(str(name))


@functools.lru_cache(maxsize=4096)
def _key_of(name: str) -> str:
    # An export repeats a few field names in every record: each is worked out once.
    return _KEY_CHARS.sub("", name.lower())


def _fields(record: dict[str, Any]) -> dict[str, tuple[str, Any]]:
    """`record`'s fields by compared name: (name as written, value); the first of a name wins."""
    out: dict[str, tuple[str, Any]] = {}
    for name, value in record.items():
        out.setdefault(_key(name), (str(name), value))
    return out


def _pick(
    record: dict[str, Any],
    keys: tuple[str, ...],
    where: str,
    *,
    numbers: bool = True,
    keep_blank: bool = False,
) -> str | None:
    """The first of `keys` that holds a non-blank value, as text.

    Lists, objects and true/false are refused (they are never text a page shows); numbers
    are written out as text where `numbers` (an author id 1042, a posted time 1699431300),
    refused elsewhere. An object naming someone ({"name": "Gary"}, as Facebook's "from") gives
    its name. With `keep_blank` a blank string is returned as it is when no key holds more.
    """
    fields = _fields(record)
    blank: str | None = None
    for wanted in keys:
        key, value = fields.get(wanted, (wanted, None))
        if isinstance(value, dict) and keys is _AUTHOR_KEYS:
            value = _pick(value, ("name", "displayname", "username", "login"), where)
        elif (
            isinstance(value, dict)
            and keys is _TEXT_KEYS
            and _fields(value).keys()
            & {
                "raw",
                "rendered",
            }
        ):
            # WordPress's REST API: {"raw": text} when allowed, else {"rendered": HTML}.
            inner = _fields(value)
            raw = inner.get("raw", ("", None))[1]
            rendered = inner.get("rendered", ("", None))[1]
            value = (
                raw
                if isinstance(raw, str)
                else (
                    layout_html.fragment_text(rendered) if isinstance(rendered, str) else rendered
                )
            )
        if value is None:
            continue
        if (
            isinstance(value, bool)
            or not isinstance(value, (str, int, float))
            or (not numbers and not isinstance(value, str))
        ):
            kind = "true/false" if isinstance(value, bool) else type(value).__name__
            raise UnreadablePage(f"{where}: '{key}' is {_a(kind)}, not text")
        value = unicode_text(str(value))
        if value.strip():
            return value
        if blank is None:
            blank = value
    return blank if keep_blank else None


def _a(kind: str) -> str:
    names = {"dict": "an object", "list": "a list", "int": "a number", "float": "a number"}
    return names.get(kind, kind if kind == "true/false" else f"a {kind}")


def _one_line(value: str | None) -> str | None:
    return " ".join(value.split()) if value else None


def _flag(record: dict[str, Any], where: str) -> bool:
    """Whether any of the removed/deleted/moderated fields says yes, or a status field says
    the comment is not shown ("deleted", "spam", "rejected")."""
    fields = _fields(record)
    for wanted in _STATUS_KEYS:
        _, status = fields.get(wanted, ("", None))
        if isinstance(status, str) and status.strip().lower() in _HIDDEN_STATUS:
            return True
    found = False
    for wanted in _REMOVED_KEYS:
        key, value = fields.get(wanted, (wanted, None))
        if value is None:
            continue
        if isinstance(value, bool | int | float):
            found = found or bool(value)
        elif isinstance(value, str):
            found = found or value.strip().lower() in _YES
        else:
            raise UnreadablePage(f"{where}: '{key}' is {_a(type(value).__name__)}, not a flag")
    return found


def _comments(
    records: list[dict[str, Any]], source: str, threads: list[int | None] | None = None
) -> tuple[ExportComment, ...]:
    """The comments of `records`, in order. `threads` gives, for a record found nested in a
    thread, the index of the record it answers (from the export's shape)."""
    out: list[ExportComment] = []
    by_id: dict[str, str | None] = {}
    for n, record in enumerate(records, start=1):
        where = f"{source}: comment {n}"
        moderated = _flag(record, where)
        fields = _fields(record)
        text = _pick(record, _TEXT_KEYS, where, numbers=False, keep_blank=True) or ""
        author = _one_line(_pick(record, _AUTHOR_KEYS, where))
        # The placeholders a site leaves for a removed comment (Reddit's author "[deleted]"
        # with the text "[removed]"): nobody wrote them.
        moderated = moderated or (
            text.strip().lower() in _PLACEHOLDERS and (author or "").lower() in _PLACEHOLDERS
        )
        plain = [k for k in _TEXT_KEYS if k in fields and k not in _HTML_TEXT_KEYS]
        if (any(k in fields for k in _HTML_TEXT_KEYS) and not plain) or (
            plain and plain[0] == "commenttext" and _MARKUP.search(text)
        ):
            text = layout_html.fragment_text(text)  # only HTML text was exported
        reply_to = _one_line(_pick(record, _REPLY_KEYS, where))
        if reply_to is None:
            parent = _parent_id(fields)
            if parent is not None and parent in by_id:
                reply_to = by_id[parent]
            elif threads is not None and threads[n - 1] is not None:
                reply_to = out[threads[n - 1]].author  # type: ignore[index]
        own = _own_id(fields)
        if own is not None:
            by_id.setdefault(own, author)
        out.append(
            ExportComment(
                author=author,
                # The reader's words exactly as exported; a removed comment has none.
                text="" if moderated else text,
                moderated=moderated,
                posted=_one_line(_pick(record, _POSTED_KEYS, where)),
                reply_to=reply_to,
            )
        )
    return tuple(out)


def _own_id(fields: dict[str, tuple[str, Any]]) -> str | None:
    for wanted in _ID_KEYS:
        _, value = fields.get(wanted, ("", None))
        if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
            return str(value).strip()
    return None


def _parent_id(fields: dict[str, tuple[str, Any]]) -> str | None:
    """The id of the comment this one answers ("parent_id": "c_50211", "parent": {"id": …})."""
    for wanted in _PARENT_KEYS:
        _, value = fields.get(wanted, ("", None))
        if isinstance(value, dict):
            value = _own_id(_fields(value))
        if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
            return str(value).strip()
    return None


def _export(
    head: dict[str, Any],
    records: list[dict[str, Any]],
    source: str,
    threads: list[int | None] | None = None,
) -> tuple[CommentExport, tuple[str, ...]]:
    """The export's records, checked: a field that is not text names itself and its record;
    and the warnings of reading it (a declared count no page could have, dropped)."""
    fields = _fields(head)
    summary = fields.get("summary", ("", None))[1]
    count = next(
        (
            v
            for k in ("commentcount", "declaredcommentcount", "totalcount", "totalcomments")
            for v in [fields.get(k, ("", None))[1]]
            if v is not None
        ),
        summary.get("total_count") if isinstance(summary, dict) else None,
    )
    if isinstance(count, str) and count.strip().isdigit() and len(count.strip()) <= 12:
        count = int(count)
    declared = count if isinstance(count, int) and not isinstance(count, bool) else None
    warnings: tuple[str, ...] = ()
    if declared is not None and not 0 <= declared <= MAX_DECLARED_COUNT:
        warnings = (f"declared comment count {declared} is not a count of comments; ignored",)
        declared = None
    export = CommentExport(
        comments=_comments(records, source, threads),
        headline=_one_line(_pick(head, ("headline", "title"), source, numbers=False)),
        published=_one_line(_pick(head, ("published", "date"), source)),
        outlet=_one_line(_pick(head, ("outlet", "site_name", "publisher"), source, numbers=False)),
        declared_comment_count=declared if declared is not None else len(records),
    )
    return export, warnings


def _json_export(
    text: str, source: str
) -> tuple[dict[str, Any], list[dict[str, Any]], list[int | None] | None]:
    """(the export's own fields, its comment records, which record each answers or None).

    The records are a list of comment objects, or an object's "comments" list; otherwise the
    comments are found wherever the export keeps them (YouTube's items[].snippet.
    topLevelComment.snippet and their replies, Facebook's data[], Reddit's nested listings):
    every object with a comment's text, in order, a reply answering the comment whose thread
    or object holds it.
    """
    try:
        data = jsontext.loads(text)
    except jsontext.JsonLimit as exc:
        # "[[[[…" thousands deep, or a 5,000-digit number: no export of comments.
        raise UnreadablePage(f"{source}: {exc}; not a comment export") from exc
    except ValueError as exc:
        msg, line = getattr(exc, "msg", str(exc)), getattr(exc, "lineno", None)
        where = f", line {line}" if line else ""
        raise UnreadablePage(f"{source}: not valid JSON ({msg}{where})") from exc
    head: dict[str, Any] = data if isinstance(data, dict) else {}
    given = isinstance(data, dict) and isinstance(data.get("comments"), list)
    records = data.get("comments") if isinstance(data, dict) else data
    if given and not records:
        return head, [], None  # an article with no comments yet
    simple = isinstance(records, list) and all(isinstance(r, dict) for r in records)
    if simple and records and any(_has_text_key(r) for r in records):
        nested, threads = _comment_objects(records)
        if len(nested) > len(records):
            return head, nested, threads  # replies kept inside their comments
        return head, records, None
    found, threads = _comment_objects(records if given else data)
    if found:
        return head, found, threads
    if isinstance(records, list) and records and all(isinstance(r, dict) for r in records):
        raise UnreadablePage(f"{source}: JSON comment export without a 'text' field")
    if isinstance(records, list) and not records:
        return head, [], None
    raise UnreadablePage(
        f"{source}: JSON is not a comment export "
        "(expected a list of {author, text} objects, or an object with a 'comments' list)"
    )


def _has_text_key(record: dict[str, Any]) -> bool:
    """Whether `record` holds a comment's text itself (not wrapped: {"comment": {"text": …}})."""
    return any(
        _key(k) in _TEXT_KEYS
        and not isinstance(v, list)
        and not (isinstance(v, dict) and not _fields(v).keys() & {"raw", "rendered"})
        for k, v in record.items()
    )


def _comment_objects(data: Any) -> tuple[list[dict[str, Any]], list[int | None]]:
    """Every object below the top with a comment's text (a string), in document order, and
    for each the index of the comment it answers: the nearest enclosing comment object, else
    the first comment of the nearest enclosing list item that holds one from another list (a
    YouTube thread holds its top comment, then a list of replies; comments side by side in
    one list answer nobody). A comment object wrapped in another ({"comment": {"text": …},
    "user": {"name": …}}) takes the wrapper's author and time where it has none."""
    found: list[dict[str, Any]] = []
    threads: list[int | None] = []
    home: list[int] = []  # the list each comment sits in (by id), for telling siblings apart
    # (value, enclosing comment index, enclosing list items' first comments, innermost list,
    # the object holding it when that is no comment)
    stack: list[tuple[Any, int | None, tuple[list[int | None], ...], int, dict[str, Any]]] = [
        (data, None, (), id(None), {})
    ]
    while stack:
        value, parent, items, inside, wrapper = stack.pop()
        if isinstance(value, dict):
            is_comment = value is not data and any(
                _key(k) in _TEXT_KEYS and isinstance(v, str) for k, v in value.items()
            )
            if is_comment:
                threads.append(_answered(parent, items, home, inside))
                parent = len(found)
                found.append(_with_wrapper(value, wrapper))
                home.append(inside)
                for box in items:
                    if box[0] is None:
                        box[0] = parent
            for k, v in reversed(list(value.items())):
                if (
                    isinstance(v, (dict, list))
                    and _key(k) not in _REFERENCE_KEYS
                    and not any(part in _key(k) for part in _MEDIA_KEY_PARTS)
                ):
                    stack.append((v, parent, items, inside, {} if is_comment else value))
        elif isinstance(value, list):
            for v in reversed(value):
                if isinstance(v, (dict, list)):
                    stack.append((v, parent, (*items, [None]), id(value), {}))
    return found, threads


def _answered(
    parent: int | None, items: tuple[list[int | None], ...], home: list[int], inside: int
) -> int | None:
    """The comment a comment found here answers: the enclosing comment, else the first
    comment of the nearest enclosing list item that holds one from another list."""
    if parent is not None:
        return parent
    return next(
        (box[0] for box in reversed(items) if box[0] is not None and home[box[0]] != inside),
        None,
    )


def _with_wrapper(value: dict[str, Any], wrapper: dict[str, Any]) -> dict[str, Any]:
    """A comment object with the author and time of the object wrapping it, where it has
    none of its own."""
    fields = _fields(value)
    lent = {
        k: v
        for k, v in wrapper.items()
        if _key(k) in (*_AUTHOR_KEYS, *_POSTED_KEYS)
        and not any(key in fields for key in (*_AUTHOR_KEYS, *_POSTED_KEYS))
        and _key(k) not in fields
    }
    return {**lent, **value} if lent else value


def _csv_export(
    text: str, source: str
) -> tuple[dict[str, Any], list[dict[str, Any]], list[int | None] | None]:
    try:
        reader = csv.DictReader(io.StringIO(text))
        fields = {(f or "").strip().lower() for f in reader.fieldnames or []}
        # Cells past the header's width come under the key None: not a field of the export.
        rows = [{(k or "").strip(): v for k, v in row.items() if k is not None} for row in reader]
    except csv.Error as exc:
        raise UnreadablePage(f"{source}: not a readable CSV file ({exc})") from exc
    if not {_key(f) for f in fields} & set(_TEXT_KEYS):
        found = ", ".join(sorted(fields)) or "none"
        raise UnreadablePage(f"{source}: CSV comment export needs a 'text' column (found: {found})")
    return {}, rows, None


def render(export: CommentExport) -> str:
    """A comment export as a page to read (the form in the module docstring); display only."""
    out: list[str] = []
    if export.headline:
        out += [export.headline, ""]
    if export.published:
        out += [export.published, ""]
    out += [f"Comments ({export.declared_comment_count})", ""]
    for c in export.comments:
        if c.author and c.posted:
            out.append(f"  • {c.author} | {c.posted}")
        elif c.author:
            out.append(f"  • {c.author} wrote:")
        else:
            out.append(f"  • {c.posted or ''}".rstrip())
        if c.reply_to:
            out.append(f"In reply to {c.reply_to}")
        if c.moderated:
            out += ["This comment was removed by a moderator", ""]
            continue
        out += [c.text.replace("\r\n", "\n").replace("\r", "\n"), ""]
    return "\n".join(out) + "\n"


def read(kind: str, text: str, source: str) -> tuple[CommentExport, tuple[str, ...]]:
    """A JSON or CSV comment export (`kind` "json" or "csv") as its records, with warnings
    about what it could not read."""
    reader = _json_export if kind == "json" else _csv_export
    head, records, threads = reader(text, source)
    return _export(head, records, source, threads)
