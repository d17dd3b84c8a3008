"""Tables as CSV text for a download, safe to open in a spreadsheet: the one way the app
writes CSV (`to_csv`), and the comments table with its lists flattened (`comments_csv`)."""

from __future__ import annotations

from typing import Any

import pandas as pd

#: What a spreadsheet (Excel, LibreOffice, Sheets) reads as the start of a formula, or strips
#: before looking for one (tab, carriage return): OWASP's list for CSV injection.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A cell made safe to open in a spreadsheet: text starting with =, +, -, @, a tab or a
    carriage return gets a leading single quote ("'"), so "=HYPERLINK(…)" written by a reader
    is shown as text rather than run as a formula. Anything else, numbers included (a
    negative score stays a number), comes back unchanged.

    >>> csv_cell("=1+1"), csv_cell("-so never"), csv_cell("fine"), csv_cell(-0.4)
    ("'=1+1", "'-so never", 'fine', -0.4)
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(frame: pd.DataFrame) -> str:
    """A frame as CSV text for a download, every text cell passed through `csv_cell`.

    This is the one way the app writes CSV. Only the download is changed: the quote is a
    spreadsheet's escape, so a reader's text that starts with '=', '+', '-', '@', a tab or a
    carriage return gains a leading "'" in the file, while the store, the tables and every
    view keep the text exactly as written. Numbers are left alone. Rows end in CRLF (RFC 4180),
    which also makes the writer quote any cell holding a bare carriage return, so line breaks
    of every kind stay inside their cell."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(csv_cell)
    return str(out.to_csv(index=False, lineterminator="\r\n"))


def comments_csv(table: pd.DataFrame) -> str:
    """Comments with every score as CSV text (through `to_csv`, so text that a spreadsheet
    would run as a formula gets a leading "'"): lists joined with '; ', evidence as 'theme:
    word|word'. Otherwise text stays exactly as written (CSV quoting keeps line breaks)."""
    # The reasons' records are the plain `mood_reasons` over again: one column of them is kept.
    out = table.drop(columns=["mood_explanation"], errors="ignore")
    for column in ("mood_reasons", "themes", "annotated_themes"):
        out[column] = out[column].map(lambda v: "; ".join(v) if v else "")
    out["theme_evidence"] = out["theme_evidence"].map(
        lambda ev: "; ".join(f"{k}: {'|'.join(v)}" for k, v in sorted(ev.items())) if ev else ""
    )
    return to_csv(out)
