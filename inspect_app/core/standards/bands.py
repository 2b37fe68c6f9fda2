"""Value bands: the first band whose upper bound holds gives the result."""

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Band:
    result: object
    max: float | None  # None: no upper bound
    inclusive: bool = True

    def holds(self, x: float) -> bool:
        if self.max is None:
            return True
        return x <= self.max if self.inclusive else x < self.max


def band_of(bands: tuple[Band, ...], x: float) -> Any:
    for b in bands:
        if b.holds(x):
            return b.result
    raise ValueError(f"{x} is beyond every band")


def parse_bands(rows: list[dict], key: str) -> tuple[Band, ...]:
    bands = tuple(Band(r[key], r.get("max"), r.get("inclusive", True)) for r in rows)
    if not bands or bands[-1].max is not None:
        raise ValueError(f"the last {key} band must have no upper bound (max: null)")
    return bands
