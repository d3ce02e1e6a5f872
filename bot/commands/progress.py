"""Progress for long CLI commands (`cicero fetch`, `cicero import-users`), drawn with rich.

Drawn on stderr and only when stderr is a terminal, so piped or logged output stays plain.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

Advance = Callable[[str], None]


@contextmanager
def progress_bar(description: str, total: int, stream: TextIO | None = None) -> Iterator[Advance]:
    """Yield `advance(label)`: one step done, `label` names what was just finished."""
    stream = stream if stream is not None else sys.stderr
    if not stream.isatty():
        yield lambda _label: None
        return
    # rich is imported here so commands without a bar (and `cicero --help`) do not pay for it.
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(file=stream, force_terminal=True)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[label]}"),
    )
    with Progress(*columns, console=console) as bar:
        task = bar.add_task(description, total=max(total, 1), label="")

        def advance(label: str) -> None:
            bar.update(task, advance=1, label=label[:30])

        yield advance
