"""The progress bar of a batch: files done, files per second and time left, on a terminal only (never in a pipe)."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, Task, TextColumn, TimeRemainingColumn
from rich.text import Text

from budgetcheck.batch.run import BatchProgress


class _FilesPerSecond(ProgressColumn):
    def __init__(self, lang: str) -> None:
        super().__init__()
        self.unit = "files/s" if lang == "en" else "文件/秒"

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:.1f} {self.unit}" if speed else f"– {self.unit}", style="progress.data.speed")


@contextmanager
def progress_bar(console: Console, progress: BatchProgress, lang: str, reading: bool = False) -> Iterator[Console]:
    """Show a bar on `console` while the batch runs; yields the console to print messages above the bar.

    `reading`: the files are only read (`extract`), not audited."""
    if not console.is_terminal:
        yield console
        return
    bar = Progress(
        TextColumn(("reading" if reading else "auditing") if lang == "en" else ("读取" if reading else "审核")),
        BarColumn(),
        MofNCompleteColumn(),
        _FilesPerSecond(lang),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    )
    task = bar.add_task("", total=None)
    previous = progress.on_package

    def advance(files: int) -> None:
        bar.update(task, total=progress.total_files, advance=files)
        if previous is not None:
            previous(files)

    progress.on_package = advance
    with bar:
        yield bar.console
