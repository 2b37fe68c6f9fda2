"""Statutory minimum warranty periods (建设工程质量管理条例 art. 40), from the data file.

Counted from the date the completion acceptance passes. N years end the day before the same
date N years on (a 29 February start ends on 27 February); N heating seasons end on the last
day of the Nth season that starts on or after the acceptance date.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from .info import StandardInfo


@dataclass(frozen=True)
class WarrantyClass:
    key: str
    zh: str
    en: str
    years: int | None = None
    seasons: int | None = None
    design_life: bool = False


class WarrantyTable:
    def __init__(self, data: dict):
        self.info = StandardInfo.from_data(data)
        self.classes = {
            k: WarrantyClass(
                k,
                v["zh"],
                v.get("en", ""),
                v.get("years"),
                v.get("seasons"),
                v.get("period") == "design_life",
            )
            for k, v in data["classes"].items()
        }
        hs = data["heating_season"]
        self.season_start = tuple(int(x) for x in hs["start"].split("-"))
        self.season_end = tuple(int(x) for x in hs["end"].split("-"))

    def end(self, accepted: date, key: str, design_life_years: int | None = None) -> date | None:
        """The last day of the minimum warranty; None for structure without a design life."""
        cls = self.classes.get(key)
        if cls is None:
            raise ValueError(f"unknown warranty class {key!r}")
        if cls.design_life:
            return _add_years(accepted, design_life_years) if design_life_years else None
        if cls.years is not None:
            return _add_years(accepted, cls.years)
        return self._seasons_end(accepted, cls.seasons or 0)

    def _seasons_end(self, accepted: date, n: int) -> date:
        first = accepted.year
        if date(first, *self.season_start) < accepted:
            first += 1
        last_start = first + n - 1
        end_year = last_start + (1 if self.season_end < self.season_start else 0)
        return date(end_year, *self.season_end)


def _add_years(d: date, years: int) -> date:
    try:
        later = d.replace(year=d.year + years)
    except ValueError:  # 29 February in a year without it
        later = d.replace(year=d.year + years, day=28)
    return later - timedelta(days=1)
