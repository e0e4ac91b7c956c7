"""Helpers every command uses: JSON output, progress on stderr, input parsing at the edge."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

import click

from securecomm.errors import BadInput

__all__ = ["emit", "json_default", "json_option", "parse_date", "progress", "stage_progress"]

T = TypeVar("T")

json_option = click.option("--json", "as_json", is_flag=True, help="Print one JSON object on stdout.")


def json_default(value: Any) -> Any:
    """Serialise the values our commands return (dates, paths, enums, sets)."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Path):
        return value.as_posix()
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    if hasattr(value, "value") and isinstance(value.value, str | int):  # enums
        return value.value
    raise TypeError(f"cannot serialise {type(value).__name__} to JSON")


def emit(
    payload: dict[str, Any], *, as_json: bool, human: Callable[[dict[str, Any]], str] | None = None
) -> None:
    """Print `payload` as one JSON object (`--json`) or as text for a person."""
    if as_json:
        click.echo(json.dumps(payload, default=json_default, ensure_ascii=False))
    elif human is not None:
        click.echo(human(payload))
    else:
        for key, value in payload.items():
            rendered = json.dumps(value, default=json_default, ensure_ascii=False)
            click.echo(f"{key}: {rendered}")


def parse_date(text: str, *, option: str) -> date:
    """Parse an ISO date given on the command line, naming the option when it is wrong."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise BadInput(f"{text!r} is not a date (use YYYY-MM-DD)", where=option) from None


def progress(items: Iterable[T], *, total: int | None, description: str) -> Iterator[T]:
    """Iterate with a progress bar on stderr (hidden when stderr is not a terminal-like stream)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    console = Console(stderr=True)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=False) as bar:
        task = bar.add_task(description, total=total)
        for item in items:
            yield item
            bar.advance(task)


@contextmanager
def stage_progress() -> Iterator[Callable[[str, int, int], None]]:
    """A progress bar on stderr driven by (stage, done, total) calls; one bar per stage name."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    if not console.is_terminal:  # a log file or CI: a line per stage when it starts, every 30 s, when done
        started = time.monotonic()
        last: dict[str, float] = {}
        finished: set[str] = set()

        def log(stage: str, done: int, total: int) -> None:
            now = time.monotonic()
            if stage in finished or (stage in last and now - last[stage] < 30 and done < total):
                return
            last[stage] = now
            if done >= total:
                finished.add(stage)
            print(f"[{now - started:7.1f} s] {stage}: {done}/{total}", file=sys.stderr, flush=True)

        yield log
        return
    columns = (TextColumn("{task.description:<28}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    tasks: dict[str, TaskID] = {}
    with Progress(*columns, console=console, transient=False) as bar:

        def report(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=max(total, 1))
            bar.update(tasks[stage], completed=done, total=max(total, 1))

        yield report
