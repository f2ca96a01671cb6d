"""Progress of a long command (load_demo, update_index, resources_reindex, bench/generate.py):
counts and a bar redrawn in place on a terminal, plain lines when the output is a file or a
pipe (a deployment log, CI), at most one every few seconds so that a log stays short.

    progress = Progress(self.stdout, "Index de recherche", total=pages)
    for page in pages:
        ...
        progress.advance()
    progress.finish("3 120 documents indexés")
"""

import sys
import time

from django.core.management.base import OutputWrapper

BAR_WIDTH = 30
# A plain line every LINE_INTERVAL seconds, and at each tenth done if the last line is
# TENTH_INTERVAL old: a job of a few seconds writes its first and last lines only.
LINE_INTERVAL = 5.0
TENTH_INTERVAL = 1.0


def number(value: int) -> str:
    # French grouping with a narrow no-break space: 12 345.
    return f"{value:,}".replace(",", "\u202f")


def _duration(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.1f} s".replace(".", ",")
    minutes, seconds = divmod(int(seconds), 60)
    return f"{minutes} min {seconds:02d} s"


class Progress:
    def __init__(self, stream=None, label: str = "", total: int | None = None, *, tty=None):
        self.stream = stream if stream is not None else sys.stdout
        self.label = label
        self.total = total
        self.done = 0
        self.tty = self._is_tty() if tty is None else tty
        self.started = time.monotonic()
        self._last_line = self.started
        self._last_tenth = 0
        self._open_line = False
        if not self.tty:
            self._write_line(self._status())

    def _is_tty(self) -> bool:
        isatty = getattr(self.stream, "isatty", None)
        try:
            return bool(isatty and isatty())
        except ValueError:  # a closed stream
            return False

    def _flush(self) -> None:
        flush = getattr(self.stream, "flush", None)
        if flush:
            flush()

    def _write(self, text: str) -> None:
        # A command's OutputWrapper ends each write with a new line unless told not to.
        if isinstance(self.stream, OutputWrapper):
            self.stream.write(text, ending="")
        else:
            self.stream.write(text)

    def _write_line(self, text: str) -> None:
        self._write(text + "\n")
        self._flush()

    def _status(self) -> str:
        elapsed = time.monotonic() - self.started
        if self.total:
            share = min(self.done / self.total, 1.0)
            text = f"{self.label} : {number(self.done)}/{number(self.total)} ({share:.0%})"
            if 0 < self.done < self.total:
                remaining = elapsed / self.done * (self.total - self.done)
                text += f", encore ~{_duration(remaining)}"
            return text.replace("%", "\u202f%")
        return f"{self.label} : {number(self.done)}"

    def _bar(self) -> str:
        if not self.total:
            return self._status()
        filled = int(BAR_WIDTH * min(self.done / self.total, 1.0))
        return f"[{'█' * filled}{'·' * (BAR_WIDTH - filled)}] {self._status()}"

    def advance(self, count: int = 1, *, label: str | None = None) -> None:
        self.done += count
        if label is not None:
            self.label = label
        if self.tty:
            # \r and a cleared line: the bar is drawn again in place.
            self._write("\r\033[K" + self._bar())
            self._flush()
            self._open_line = True
            return
        now = time.monotonic()
        tenth = int(10 * self.done / self.total) if self.total else 0
        since = now - self._last_line
        if since >= LINE_INTERVAL or (tenth > self._last_tenth and since >= TENTH_INTERVAL):
            self._last_line, self._last_tenth = now, tenth
            if not (self.total and self.done >= self.total):
                self._write_line(self._status())

    def finish(self, summary: str = "") -> None:
        """The last line: what was done, in how long."""
        elapsed = _duration(time.monotonic() - self.started)
        if self._open_line:
            self._write("\r\033[K")
        text = summary or f"{self.label} : {number(self.done)}"
        self._write_line(f"{text} ({elapsed})")
