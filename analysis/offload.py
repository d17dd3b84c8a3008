"""Read one page in a worker process within a time budget: the dashboard's uploads.

The dashboard's script thread must never do the work itself (one slow page would hold the
interpreter every user shares), and an upload must never run without end. `analyse_within`
hands `pipeline.analyse` to a fresh process, waits for it in short ticks (telling the caller
how long it has waited, for a progress bar), and stops it when the budget is spent. A page
that fails to read in the worker fails here with the worker's own one-line message.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from analysis import pipeline, themes
from analysis import rules as rules_mod
from analysis.errors import AnalysisError
from analysis.model import Analysis, RawPage

#: How often the wait looks at the worker and calls `on_wait`, in seconds.
TICK_S = 0.25


class TooSlow(AnalysisError):
    """A page that was not read within its time budget (the worker was stopped)."""


def _work(send: Connection, raw: RawPage, theme_set: themes.ThemeSet, rules: Any) -> None:
    # In the worker: the analysis, or the one line that says why there is none.
    try:
        outcome: tuple[str, Any] = ("ok", pipeline.analyse(raw, theme_set, rules))
    except AnalysisError as exc:
        outcome = ("error", str(exc))
    except RecursionError:
        outcome = ("error", "the page is nested too deeply to read")
    except MemoryError:
        outcome = ("error", "the page needs more memory than this machine has to read")
    except Exception as exc:  # the worker must answer, whatever went wrong
        outcome = ("error", f"{type(exc).__name__}: {exc}")
    send.send(outcome)
    send.close()


def analyse_within(
    raw: RawPage,
    theme_set: themes.ThemeSet,
    rules: rules_mod.Rules | None,
    seconds: float,
    on_wait: Callable[[float], None] | None = None,
) -> Analysis:
    """`pipeline.analyse(raw, theme_set, rules)` in a worker process, stopped after `seconds`.

    `on_wait(elapsed)` is called every `TICK_S` while the worker reads. Raises TooSlow when
    the budget is spent, AnalysisError with the worker's message when the page cannot be
    read, or when the worker dies without an answer.
    """
    # forkserver: the worker starts from a clean process, never a copy of a server with
    # threads and open stores (the same context as `analyse --jobs`).
    context = multiprocessing.get_context("forkserver")
    receive, send = context.Pipe(duplex=False)
    worker = context.Process(
        target=_work, args=(send, raw, theme_set, rules), name="reader-mood-upload", daemon=True
    )
    started = time.monotonic()
    worker.start()
    send.close()  # the worker holds the only sending end: its death ends the pipe
    try:
        while True:
            elapsed = time.monotonic() - started
            left = seconds - elapsed
            if left <= 0:
                raise TooSlow(
                    f"reading {raw.source!r} took longer than {seconds:g} s, "
                    "the limit for one upload; nothing was stored"
                )
            if receive.poll(min(TICK_S, left)):
                try:
                    kind, value = receive.recv()
                except EOFError:
                    raise AnalysisError(
                        f"reading {raw.source!r} stopped without an answer "
                        f"(worker exit code {worker.exitcode}); nothing was stored"
                    ) from None
                if kind == "error":
                    raise AnalysisError(str(value))
                assert isinstance(value, Analysis)
                return value
            if on_wait is not None:
                on_wait(time.monotonic() - started)
    finally:
        receive.close()
        if worker.is_alive():
            worker.kill()
        worker.join(timeout=5)
