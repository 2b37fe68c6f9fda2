"""UUIDv7 ids (RFC 9562): time-ordered, so ids sort by creation and index well.

Within one process ids are strictly increasing even inside the same millisecond: the 12-bit
`rand_a` field is used as a counter seeded randomly each new millisecond (RFC 9562 §6.2, method 1).
"""

import os
import threading
import time
import uuid


class Uuid7Generator:
    def __init__(self):
        self._lock = threading.Lock()
        self._last_ms = -1
        self._counter = 0

    def __call__(self, now_ms: int | None = None) -> str:
        with self._lock:
            ms = time.time_ns() // 1_000_000 if now_ms is None else now_ms
            if ms > self._last_ms:
                self._last_ms = ms
                self._counter = int.from_bytes(os.urandom(2), "big") & 0x3FF  # room to count up
            else:
                ms = self._last_ms  # clock went back or same ms: stay on the last timestamp
                self._counter += 1
                if self._counter > 0xFFF:  # counter exhausted: borrow the next millisecond
                    self._last_ms += 1
                    ms = self._last_ms
                    self._counter = 0
            rand_b = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
            value = (
                (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | self._counter << 64 | 0b10 << 62 | rand_b
            )
        return str(uuid.UUID(int=value))


uuid7 = Uuid7Generator()
"""A new UUIDv7 as a lowercase hyphenated string."""


def uuid7_time_ms(value: str) -> int:
    """The Unix time in milliseconds encoded in a UUIDv7."""
    return uuid.UUID(value).int >> 80
