"""Which defects are open, closed and overdue: one definition each, for every layer.

The desk, the dashboard, the scorecard, the overview, the navigator, the reports, the CLI and the
lifecycle gates all count with these sets, in Python (`is_open`, `is_overdue`) or in SQL (the
`*_sql` helpers build their conditions from the same sets), so a figure never depends on which
screen shows it.

- OPEN: every status before 销项. A verified defect (已复查) is still on the register: it can
  be reopened, it stays on its 整改通知 and on the acceptance list until the supervisor closes
  it; only 销项 takes a defect off.
- CLOSED: 已销项.
- FIXED: the fix passed 复查 (verified or closed): the contractor's credit on the scorecard.
- OVERDUE: past its due date, in the project's local date, while the defect waits on the
  contractor's work (整改中). A `rectified` defect is not overdue even past its date: the
  contractor has replied and the defect now waits on the supervisor's 复查; counting it would
  charge the contractor for the office's queue (a late reply shows on the scorecard instead,
  and a rejected reply puts the defect back in 整改中, overdue again). An `open` defect has not
  been handed to anyone yet, so no contractor can be late on it.
"""

from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .model import DefectStatus

S = DefectStatus

CLOSED: frozenset[DefectStatus] = frozenset({S.CLOSED})
OPEN: frozenset[DefectStatus] = frozenset(S) - CLOSED
# The contractor's work is done and accepted on site (复查通过, then 销项): what the scorecard
# credits the contractor with, whether or not the office has closed the item yet.
FIXED: frozenset[DefectStatus] = frozenset({S.VERIFIED, S.CLOSED})
# Statuses where the contractor holds the defect: a passed deadline makes it overdue.
WAITING_ON_CONTRACTOR: frozenset[DefectStatus] = frozenset({S.ASSIGNED})

# Due dates are calendar dates on site. Every community in the programme is in China, so the
# date is China's unless a project's settings name another zone ({"time_zone": "…"}). Dates
# and printed times read in the same zone (core/localtime.py asks this module).
DEFAULT_TIMEZONE = "Asia/Shanghai"
_CHINA = timezone(timedelta(hours=8), "CST")  # no tz database: China has had no DST since 1991


def _zone(name: str) -> tzinfo:
    """The zone named, else (unknown name) the default, else (no tz database) UTC+8."""
    for candidate in (name, DEFAULT_TIMEZONE):
        if not candidate:
            continue
        try:
            return ZoneInfo(candidate)
        except (ZoneInfoNotFoundError, ValueError):
            continue
    return _CHINA


def local_today(tz: str = "", now: datetime | None = None) -> date:
    """Today's date where the work is (Asia/Shanghai unless `tz` names another zone)."""
    now = now or datetime.now(UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    return now.astimezone(_zone(tz)).date()


def zone_setting(settings: dict | None) -> str:
    """The zone a project's settings name: "time_zone" (or the older "timezone"), else ""."""
    settings = settings or {}
    return str(settings.get("time_zone") or settings.get("timezone") or "").strip()


def project_today(settings: dict | None, now: datetime | None = None) -> date:
    """Today in a project's own zone (its settings' "time_zone", else the default)."""
    return local_today(zone_setting(settings), now)


def project_zone(settings: dict | None) -> tzinfo:
    """A project's time zone (its settings' "time_zone", else the default): where its dates fall
    and how its times read (the conflicts list shows when each edit was made in it)."""
    return _zone(zone_setting(settings))


def zone_name(tz: tzinfo) -> str:
    return getattr(tz, "key", None) or DEFAULT_TIMEZONE


def is_open(status: DefectStatus | str) -> bool:
    return status in OPEN


def is_closed(status: DefectStatus | str) -> bool:
    return status in CLOSED


def is_overdue(status: DefectStatus | str, due_date: str, today: date) -> bool:
    """Past its deadline while still waiting on the contractor."""
    return bool(due_date) and status in WAITING_ON_CONTRACTOR and due_date < today.isoformat()


def days_overdue(status: DefectStatus | str, due_date: str, today: date) -> int:
    """Whole days past the deadline of an overdue defect; 0 when it is not overdue."""
    if not is_overdue(status, due_date, today):
        return 0
    return (today - date.fromisoformat(due_date[:10])).days


# ----- the same sets as SQL conditions ---------------------------------------------------------
# Each returns (condition, parameters) with `?` placeholders, for sqlite3 and the central store.


def _values(statuses: frozenset[DefectStatus]) -> list[str]:
    return sorted(s.value for s in statuses)


def status_in_sql(statuses: frozenset[DefectStatus], column: str = "status") -> tuple[str, list]:
    values = _values(statuses)
    return f"{column} IN ({','.join('?' * len(values))})", values


def open_sql(column: str = "status") -> tuple[str, list]:
    return status_in_sql(OPEN, column)


def closed_sql(column: str = "status") -> tuple[str, list]:
    return status_in_sql(CLOSED, column)


def site_date_sql(column: str, tz: str = "", now: datetime | None = None) -> str:
    """SQL for the site's calendar date of a stored time stamp (ISO 8601 with its offset, as
    the store writes them): SQLite reads the stamp as UTC and the zone's offset is added. Exact
    for China (no daylight saving); elsewhere the offset in force now."""
    now = now or datetime.now(UTC)
    offset = now.astimezone(_zone(tz)).utcoffset() or timedelta(0)
    return f"date({column}, '{int(offset.total_seconds() // 60):+d} minutes')"


def overdue_sql(today: date, status: str = "status", due: str = "due_date") -> tuple[str, list]:
    cond, params = status_in_sql(WAITING_ON_CONTRACTOR, status)
    return f"{cond} AND {due} != '' AND {due} < ?", [*params, today.isoformat()]
