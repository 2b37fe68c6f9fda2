"""Times as the people on site read them: in the project's time zone, whatever the laptop's.

Records keep ISO 8601 times with their offset (a laptop set to UTC writes +00:00); paper shows
them in the community's zone, `Project.settings["time_zone"]`, Asia/Shanghai unless set.
"""

from datetime import datetime, tzinfo

from . import defect_status

DEFAULT_ZONE = defect_status.DEFAULT_TIMEZONE


def project_zone(project=None) -> tzinfo:
    """The time zone of a project (a Project or None), the same one its dates are read in
    (core.defect_status.project_zone); an unknown name falls back to the default rather than
    printing a wrong time silently in UTC."""
    return defect_status.project_zone(getattr(project, "settings", None))


def local_time(value: str | datetime, zone: tzinfo, seconds: bool = False) -> str:
    """`2024-10-31 00:00` in `zone` for a stored time; a time without an offset is taken as
    the laptop's local time (as `datetime.astimezone` does). "" for nothing or not a time."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            return ""
    return value.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def zone_label(zone: tzinfo, when: str | datetime = "") -> str:
    """How the zone is named on paper: `UTC+08:00` (the offset at `when`, else now)."""
    if isinstance(when, str):
        try:
            when = datetime.fromisoformat(when) if when else datetime.now()
        except ValueError:
            when = datetime.now()
    offset = when.astimezone(zone).strftime("%z")
    return f"UTC{offset[:3]}:{offset[3:]}"
