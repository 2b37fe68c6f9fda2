"""Counting sampling of an inspection lot (GB 50300-2013 table 3.0.9) and an auditable draw.

The draw is reproducible by anyone from the seed alone, with any SHA-256 tool: number the
units 1..N, compute sha256("<seed>:<unit>") for each, and take the n units with the smallest
hex digests (listed in ascending unit order).
"""

import hashlib
from dataclasses import dataclass

from .bands import band_of, parse_bands
from .info import StandardInfo


class SamplingTable:
    def __init__(self, data: dict):
        self.info = StandardInfo.from_data(data)
        self.bands = parse_bands([*data["min_sample"], {"sample": None, "max": None}], "sample")
        self.largest_lot = int(data["min_sample"][-1]["max"])
        self.general_pass_rate = float(data["general_pass_rate"])

    def min_sample(self, lot_size: float) -> int:
        """The minimum sample size for a lot of `lot_size` units."""
        if int(lot_size) != lot_size or lot_size < 1:
            raise ValueError(f"lot size must be a whole number of at least 1, not {lot_size}")
        n = band_of(self.bands, lot_size)
        if n is None:
            raise ValueError(
                f"a lot of {lot_size} is larger than table 3.0.9 ({self.largest_lot}): split it"
            )
        return int(n)


def draw(lot_size: int, n: int, seed: int | str) -> list[int]:
    """`n` distinct units of 1..lot_size chosen by the seed, in ascending order."""
    if not 0 <= n <= lot_size:
        raise ValueError(f"cannot draw {n} units from a lot of {lot_size}")
    key = str(seed)
    ranked = sorted(
        range(1, lot_size + 1),
        key=lambda u: hashlib.sha256(f"{key}:{u}".encode()).hexdigest(),
    )
    return sorted(ranked[:n])


@dataclass(frozen=True)
class LotResult:
    main_checked: int
    main_failed: int
    general_checked: int
    general_passed: int
    general_rate: float | None  # None when no general item was checked
    required_rate: float
    accepted: bool | None  # None until something was checked


def judge_lot(main: list[bool], general: list[bool], required_rate: float) -> LotResult:
    """Main-control items must all pass; general items pass by `required_rate`."""
    rate = sum(general) / len(general) if general else None
    checked = bool(main or general)
    ok = all(main) and (rate is None or rate >= required_rate - 1e-12) if checked else None
    return LotResult(
        len(main), main.count(False), len(general), sum(general), rate, required_rate, ok
    )
