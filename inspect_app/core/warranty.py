"""Statutory minimum warranty periods (建设工程质量管理条例 art. 40) as data, and their dates.

Periods count from the date the completion acceptance passes. A claim reported after the end
date is flagged: the contractor is no longer bound by the statutory minimum.
"""

from dataclasses import dataclass
from datetime import date, timedelta

REGULATION = "《建设工程质量管理条例》第四十条"


@dataclass(frozen=True)
class Period:
    work_type: str
    zh: str
    en: str
    years: int = 0
    seasons: int = 0  # heating or cooling seasons
    design_life: bool = False  # foundations and main structure: the design service life


ART_40: tuple[Period, ...] = (
    Period(
        "structure", "地基基础和主体结构工程", "Foundations and main structure", design_life=True
    ),
    Period("roof_waterproofing", "屋面防水工程", "Roof waterproofing", years=5),
    Period("wet_room_waterproofing", "有防水要求的卫生间、房间", "Wet rooms", years=5),
    Period("external_wall_leaks", "外墙面防渗漏", "External-wall leaks", years=5),
    Period("heating", "供热系统", "Heating system", seasons=2),
    Period("cooling", "供冷系统", "Cooling system", seasons=2),
    Period("electrical", "电气管线", "Electrical lines", years=2),
    Period("water_drainage", "给排水管道", "Water supply and drainage pipes", years=2),
    Period("equipment", "设备安装", "Equipment installation", years=2),
    Period("fitout", "装修工程", "Fit-out", years=2),
)
BY_TYPE = {p.work_type: p for p in ART_40}

# Season ends are local: Beijing heats 11-15 to 03-15. A project setting may change them
# (settings["heating_season"] = {"start": "11-15", "end": "03-15"}, likewise "cooling_season").
SEASONS = {
    "heating": ("11-15", "03-15"),
    "cooling": ("06-01", "09-30"),
}
DEFAULT_DESIGN_LIFE_YEARS = 50


def add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def ends_on(work_type: str, accepted_on: date, settings: dict | None = None) -> date:
    """The last day of the statutory warranty for `work_type`, accepted on `accepted_on`."""
    settings = settings or {}
    period = BY_TYPE[work_type]
    if period.design_life:
        years = int(settings.get("design_life_years", DEFAULT_DESIGN_LIFE_YEARS))
        return add_years(accepted_on, years) - timedelta(days=1)
    if period.seasons:
        kind = "heating" if work_type == "heating" else "cooling"
        start, end = (settings.get(f"{kind}_season") or {}).get("start"), None
        start = start or SEASONS[kind][0]
        end = (settings.get(f"{kind}_season") or {}).get("end") or SEASONS[kind][1]
        return _season_end(accepted_on, period.seasons, start, end)
    return add_years(accepted_on, period.years) - timedelta(days=1)


def _season_end(accepted_on: date, seasons: int, start: str, end: str) -> date:
    """The end of the n-th whole season that starts on or after the acceptance date."""
    sm, sd = map(int, start.split("-"))
    em, ed = map(int, end.split("-"))
    first = date(accepted_on.year, sm, sd)
    if first < accepted_on:
        first = date(accepted_on.year + 1, sm, sd)
    last_start = date(first.year + seasons - 1, sm, sd)
    season_end = date(last_start.year, em, ed)
    if season_end < last_start:  # the season runs over the new year
        season_end = date(last_start.year + 1, em, ed)
    return season_end


def is_expired(reported_on: date, end: date) -> bool:
    """A claim reported after the last day is out of warranty."""
    return reported_on > end


def period_text(work_type: str, lang: str = "zh") -> str:
    p = BY_TYPE[work_type]
    if p.design_life:
        return "设计文件规定的合理使用年限" if lang == "zh" else "the design service life"
    if p.seasons:
        return f"{p.seasons} 个采暖/供冷期" if lang == "zh" else f"{p.seasons} seasons"
    return f"{p.years} 年" if lang == "zh" else f"{p.years} years"
