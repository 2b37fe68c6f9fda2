"""Failed sign-ins, counted per user name and per client address: after `LIMIT` failures within
`WINDOW` seconds, further attempts from that name or address are turned away (429, with the
seconds to wait) until the oldest failure leaves the window, right password or not.

`Throttle` keeps them in memory, per process (sign-ins on the embedded SQLite store, the
verification page); `SharedThrottle` keeps sign-in failures in PostgreSQL, so every server
process on one database counts the same failures and a restart forgets none.
"""

import threading
import time
from collections import deque

LIMIT = 10
WINDOW = 15 * 60
_MAX_KEYS = 100_000  # names and addresses tracked at once; the oldest are forgotten first


class Throttle:
    def __init__(self, limit: int = LIMIT, window: float = WINDOW, clock=time.monotonic):
        self.limit, self.window, self.clock = limit, window, clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        q = self._failures.get(key)
        if q is None:
            return deque()
        while q and q[0] <= now - self.window:
            q.popleft()
        if not q:
            del self._failures[key]
        return q

    def wait(self, *keys: str) -> int:
        """Seconds before any of `keys` may try again (0: now)."""
        now = self.clock()
        with self._lock:
            waits = [
                q[0] + self.window - now
                for k in keys
                if len(q := self._recent(k, now)) >= self.limit
            ]
        return max(1, int(max(waits)) + 1) if waits else 0

    def failed(self, *keys: str) -> None:
        now = self.clock()
        with self._lock:
            for k in keys:
                q = self._failures.pop(k, None) or deque()
                q.append(now)
                while len(q) > self.limit:
                    q.popleft()
                self._failures[k] = q  # re-inserted: the dict keeps the least recent first
            while len(self._failures) > _MAX_KEYS:
                self._failures.pop(next(iter(self._failures)))

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)


class SharedThrottle:
    """`Throttle`'s rule over the `login_failures` table (migration 3), by wall-clock time.

    Not under the write lock: a sign-in never waits for others' pushes."""

    def __init__(self, db, limit: int = LIMIT, window: float = WINDOW, clock=time.time):
        self.db, self.limit, self.window, self.clock = db, limit, window, clock

    def wait(self, *keys: str) -> int:
        now = self.clock()
        waits = []
        with self.db.connect() as conn:
            for k in keys:
                row = conn.one(
                    "SELECT at FROM login_failures WHERE key = ? AND at > ?"
                    " ORDER BY at DESC LIMIT 1 OFFSET ?",
                    [k, now - self.window, self.limit - 1],
                )
                if row:  # the limit-th newest failure is still in the window
                    waits.append(row[0] + self.window - now)
        return max(1, int(max(waits)) + 1) if waits else 0

    def failed(self, *keys: str) -> None:
        now = self.clock()
        with self.db.connect() as conn:
            conn.executemany(
                "INSERT INTO login_failures (key, at) VALUES (?, ?)", [(k, now) for k in keys]
            )
            conn.execute("DELETE FROM login_failures WHERE at <= ?", [now - self.window])

    def succeeded(self, key: str) -> None:
        with self.db.connect() as conn:
            conn.execute("DELETE FROM login_failures WHERE key = ?", [key])
