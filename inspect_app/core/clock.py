"""Hybrid logical clock (Kulkarni et al. 2014).

A stamp is a string `WWWWWWWWWWWWWWW.CCCCC.NODE`: physical milliseconds, a logical counter and
the node (device) id, zero-padded so that comparing two stamps as strings compares them as
clocks. Stamps from one node are strictly increasing; after `observe()` a node's next stamp is
later than everything it has seen, so causally later edits always win a last-writer-wins merge.
"""

import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

_WALL_DIGITS = 15
_COUNTER_DIGITS = 5
MAX_COUNTER = 10**_COUNTER_DIGITS - 1
# A remote stamp further ahead than this of our wall clock is refused: a laptop whose clock is
# a year off must not poison every clock it syncs with.
MAX_DRIFT_MS = 24 * 3600 * 1000
# The one format of a stamp: ASCII digits only (int() alone would take "0_1795…" or "+179…",
# which sort above every real stamp and freeze a field for ever), and a node id of at most 64
# id characters (no dots: the node is what follows the second dot).
_STAMP = re.compile(r"[0-9]{15}\.[0-9]{5}\.[0-9A-Za-z_-]{1,64}")


@dataclass(frozen=True, order=True)
class Stamp:
    wall_ms: int
    counter: int
    node: str

    def __str__(self) -> str:
        return f"{self.wall_ms:0{_WALL_DIGITS}d}.{self.counter:0{_COUNTER_DIGITS}d}.{self.node}"

    @classmethod
    def parse(cls, text: str) -> "Stamp":
        if not isinstance(text, str) or not _STAMP.fullmatch(text):
            raise ValueError(f"not a clock stamp: {ascii(text)[:120]}")
        wall, counter, node = text.split(".", 2)
        return cls(int(wall), int(counter), node)


class ClockDriftError(ValueError):
    pass


class HybridClock:
    def __init__(self, node: str, wall: Callable[[], int] | None = None, last: str | None = None):
        if not re.fullmatch(r"[0-9A-Za-z_-]{1,64}", node or ""):
            raise ValueError("node id must be 1-64 letters, digits, '_' or '-'")
        self.node = node
        self._wall = wall or (lambda: time.time_ns() // 1_000_000)
        self._lock = threading.Lock()
        s = Stamp.parse(last) if last else Stamp(0, 0, node)
        self._ms, self._counter = s.wall_ms, s.counter

    def now(self) -> str:
        """A stamp later than every stamp this clock has issued or observed."""
        with self._lock:
            wall = self._wall()
            if wall > self._ms:
                self._ms, self._counter = wall, 0
            else:
                self._advance_counter()
            return str(Stamp(self._ms, self._counter, self.node))

    def observe(self, remote: str) -> None:
        """Take a stamp seen from another node into account."""
        r = Stamp.parse(remote)
        with self._lock:
            wall = self._wall()
            if r.wall_ms - wall > MAX_DRIFT_MS:
                raise ClockDriftError(f"remote clock {remote} is more than a day ahead of ours")
            if r.wall_ms > self._ms:
                self._ms, self._counter = r.wall_ms, r.counter
            elif r.wall_ms == self._ms and r.counter > self._counter:
                self._counter = r.counter

    def _advance_counter(self) -> None:
        if self._counter >= MAX_COUNTER:  # a burst beyond the counter borrows the next ms
            self._ms += 1
            self._counter = 0
        else:
            self._counter += 1
