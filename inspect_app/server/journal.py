"""Structured log lines of the central store: one JSON object per line in server.log for every
sign-in (accepted, refused, throttled), every account change, every refused change and every
server error (with its traceback), so an operator can search and count them."""

import json
import logging
import traceback
from datetime import UTC, datetime

log = logging.getLogger("inspect_app.server")


def event(kind: str, level: int = logging.INFO, **fields) -> None:
    """Log `kind` with `fields` as one JSON line (text escaped so a hostile value cannot break
    the line or the file's encoding)."""
    record = {"at": datetime.now(UTC).isoformat(timespec="milliseconds"), "event": kind, **fields}
    log.log(level, json.dumps(record, ensure_ascii=True, default=str, sort_keys=False))


def error(kind: str, exc: BaseException, **fields) -> None:
    """A server error, with its traceback."""
    trace = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    event(kind, logging.ERROR, error=repr(exc)[:500], traceback=trace, **fields)
