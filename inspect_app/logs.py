"""The log: standard `logging`, set up here and nowhere else.

Every module logs to `logging.getLogger(__name__)` (all under `inspect_app`); `configure` sends
that tree to a rotating file in a folder: a profile's `logs/inspect-app.log` for the app and the
CLI, the central store's `server.log`. Unexpected errors are logged with their traceback
(`log.exception`), and sync, photo import and report runs log their timings at INFO, so a
support call can start from the file the Settings dialog points to.
"""

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from logging.handlers import RotatingFileHandler
from pathlib import Path

ROOT = "inspect_app"
LOG_DIR = "logs"  # inside a profile
FILE_NAME = "inspect-app.log"
MAX_BYTES = 2 * 1024 * 1024  # then inspect-app.log.1 … .5: at most 12 MB kept
BACKUPS = 5
FORMAT = "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"

_MARK = "_inspect_app_handler"  # set on the handlers this module added


def log_dir(profile: Path) -> Path:
    """Where a profile's log files are."""
    return Path(profile) / LOG_DIR


def log_file(profile: Path) -> Path:
    """The current log file of a profile (older ones beside it, numbered)."""
    return log_dir(profile) / FILE_NAME


def configure(
    folder: Path | None,
    file_name: str = FILE_NAME,
    console: bool = False,
    max_bytes: int = MAX_BYTES,
) -> Path | None:
    """Send the `inspect_app` loggers at INFO and above to `folder/file_name` (rotated), and to
    stderr when `console`. Called again (another profile in the same process), it replaces
    what it set up before. Returns the file, or None when there is none (no folder, or the
    folder cannot be written: logging never stops the app)."""
    logger = logging.getLogger(ROOT)
    for h in [h for h in logger.handlers if getattr(h, _MARK, False)]:
        logger.removeHandler(h)
        h.close()
    logger.setLevel(logging.INFO)
    fmt = logging.Formatter(FORMAT)
    path = None
    handlers: list[logging.Handler] = []
    if folder is not None:
        try:
            Path(folder).mkdir(parents=True, exist_ok=True)
            path = Path(folder) / file_name
            handlers.append(
                RotatingFileHandler(path, maxBytes=max_bytes, backupCount=BACKUPS, encoding="utf-8")
            )
        except OSError:
            path = None
    if console:
        handlers.append(logging.StreamHandler())
    for h in handlers:
        h.setFormatter(fmt)
        setattr(h, _MARK, True)
        logger.addHandler(h)
    return path


def configure_profile(profile: Path) -> Path | None:
    """The app's and the CLI's log: `PROFILE/logs/inspect-app.log`."""
    return configure(log_dir(profile))


def current_file() -> Path | None:
    """The file the log goes to now, if any."""
    for h in logging.getLogger(ROOT).handlers:
        if getattr(h, _MARK, False) and isinstance(h, logging.FileHandler):
            return Path(h.baseFilename)
    return None


@contextmanager
def timed(logger: logging.Logger, what: str) -> Iterator[dict]:
    """Log `what` with its wall time at INFO when the block ends (and that it failed, if it
    did). The block may add figures to the dict it gets; they are logged too."""
    figures: dict = {}
    start = time.perf_counter()
    try:
        yield figures
    except BaseException as e:
        logger.info(
            "%s stopped after %.2f s (%s)%s", what, _since(start), type(e).__name__, _fmt(figures)
        )
        raise
    logger.info("%s took %.2f s%s", what, _since(start), _fmt(figures))


def _since(start: float) -> float:
    return time.perf_counter() - start


def _fmt(figures: dict) -> str:
    return "".join(f" {k}={v}" for k, v in figures.items())
