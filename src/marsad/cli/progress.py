"""Progress lines for long runs: documents done, rate, errors; at most one line every few seconds."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class RateReporter:
    def __init__(self, command: str, *, every_s: float = 2.0, stream: TextIO | None = None) -> None:
        self.command = command
        self.every_s = every_s
        self.stream = stream if stream is not None else sys.stderr
        self.started = time.monotonic()
        self.last = self.started
        self.done = 0
        self.errors = 0

    def step(self, *, failed: bool = False) -> None:
        self.done += 1
        self.errors += int(failed)
        now = time.monotonic()
        if now - self.last >= self.every_s:
            self.last = now
            self._line(now)

    def finish(self) -> None:
        self._line(time.monotonic(), final=True)

    def _line(self, now: float, *, final: bool = False) -> None:
        elapsed = max(now - self.started, 1e-9)
        label = "done" if final else "so far"
        print(
            f"marsad {self.command}: {self.done} documents {label}, {self.done / elapsed:.1f}/s, "
            f"{self.errors} failed, {elapsed:.0f} s",
            file=self.stream,
            flush=True,
        )
