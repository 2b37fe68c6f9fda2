"""Statutory minimum warranty periods (建设工程质量管理条例 art. 40): the one table, from the data
file, and the one date function.

Counted from the date the completion acceptance passes. N years end the day before the same
date N years on (a 29 February start ends on 27 February); N heating (or cooling) seasons end
on the last day of the Nth season that starts on or after the acceptance date; foundations and
structure last the design service life. Season dates and the design life are local: a project's
settings (`heating_season`, `cooling_season`: {"start": "MM-DD", "end": "MM-DD"};
`design_life_years`) replace the table's.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from ..i18n import pick
from .info import StandardInfo


@dataclass(frozen=True)
class WarrantyClass:
    key: str
    zh: str
    en: str
    years: int | None = None
    seasons: int | None = None
    season: str = ""  # heating | cooling, for a period counted in seasons
    design_life: bool = False

    def period_text(self, lang: str = "") -> str:
        if self.design_life:
            return pick("设计文件规定的合理使用年限", "the design service life", lang)
        if self.seasons:
            names = {
                "heating": ("采暖期", "heating seasons"),
                "cooling": ("供冷期", "cooling seasons"),
            }
            zh, en = names.get(self.season, ("采暖/供冷期", "seasons"))
            return pick(f"{self.seasons} 个{zh}", f"{self.seasons} {en}", lang)
        return pick(f"{self.years} 年", f"{self.years} years", lang)


class WarrantyTable:
    def __init__(self, data: dict):
        self.info = StandardInfo.from_data(data)
        self.classes: dict[str, WarrantyClass] = {
            k: WarrantyClass(
                k,
                v["zh"],
                v.get("en", ""),
                v.get("years"),
                v.get("seasons"),
                v.get("season", "heating" if v.get("seasons") else ""),
                v.get("period") == "design_life",
            )
            for k, v in data["classes"].items()
        }
        self.aliases: dict[str, str] = dict(data.get("aliases") or {})
        for alias, key in self.aliases.items():
            if key not in self.classes:
                raise ValueError(f"warranty alias {alias!r} names no class ({key!r})")
        self.seasons: dict[str, tuple[str, str]] = {
            kind: (str(s["start"]), str(s["end"])) for kind, s in data["seasons"].items()
        }
        self.design_life_default_years = int(data.get("design_life_default_years") or 0) or None

    @property
    def regulation(self) -> str:
        """How the UI and reports cite it: 《建设工程质量管理条例》国务院令第279号 第四十条."""
        return self.info.cite()

    def key(self, name: str) -> str | None:
        """The work type a class name means (a checklist's alias or the key itself)."""
        name = self.aliases.get(name, name)
        return name if name in self.classes else None

    def get(self, name: str) -> WarrantyClass | None:
        key = self.key(name)
        return self.classes[key] if key else None

    def end(
        self,
        accepted: date,
        name: str,
        design_life_years: int | None = None,
        settings: dict | None = None,
    ) -> date | None:
        """The last day of the minimum warranty of `name` accepted on `accepted`; None for the
        structure when no design life is known (neither given, set nor defaulted)."""
        cls = self.get(name)
        if cls is None:
            raise ValueError(f"unknown warranty class {name!r}")
        if cls.design_life:
            return _add_years(accepted, design_life_years) if design_life_years else None
        if cls.years is not None:
            return _add_years(accepted, cls.years)
        start, end = self.seasons[cls.season]
        local = (settings or {}).get(f"{cls.season}_season") or {}
        return _seasons_end(
            accepted, cls.seasons or 0, local.get("start") or start, local.get("end") or end
        )

    def ends_on(self, name: str, accepted: date, settings: dict | None = None) -> date | None:
        """`end` with a project's settings: its season dates and design life (else the
        table's default design life)."""
        life = (settings or {}).get("design_life_years") or self.design_life_default_years
        return self.end(accepted, name, int(life) if life else None, settings)


def is_expired(reported_on: date, end: date) -> bool:
    """A claim reported after the last day is out of warranty."""
    return reported_on > end


def _seasons_end(accepted: date, n: int, start: str, end: str) -> date:
    sm, sd = (int(x) for x in start.split("-"))
    em, ed = (int(x) for x in end.split("-"))
    first = accepted.year if date(accepted.year, sm, sd) >= accepted else accepted.year + 1
    last_start = first + n - 1
    end_year = last_start + (1 if (em, ed) < (sm, sd) else 0)
    return date(end_year, em, ed)


def _add_years(d: date, years: int) -> date:
    try:
        later = d.replace(year=d.year + years)
    except ValueError:  # 29 February in a year without it
        later = d.replace(year=d.year + years, day=28)
    return later - timedelta(days=1)
