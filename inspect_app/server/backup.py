"""Backups of the central store: `inspect-app server backup` and `server restore`.

SQLite: the online backup API copies DIR/server.db while the server runs. PostgreSQL:
`pg_dump` (custom format) reads the snapshot in which the manifest's counts were taken, so the
counts and the dump agree even while laptops push. Photos in DIR/blobs go into the same tar
(or, with `--no-photos`, are only listed). The archive is read back after it is written (SQLite
integrity check or `pg_restore --list`, row counts of every table, photo hashes).

A restore starts a new generation of the central store (server/generation.py), so every laptop
finds out at its next sync and re-sends what the backup lacks.
"""

import os
import re
import shutil
import subprocess
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeGuard

from .. import __version__
from ..core.i18n import t
from ..store.backup import (
    BackupError,
    check_counts,
    check_photos,
    extract_file,
    move_aside,
    open_archive,
    photo_files,
    restore_photos,
    sqlite_copy,
    sqlite_counts,
    stamp,
    write_archive,
)
from . import generation
from .db import Database

SERVER_KIND = "inspect-app server backup"
TABLES = ("accounts", "tokens", "changes", "records", "refusals", "generations")
SQLITE_NAME = "server.db"
PG_NAME = "server.pgdump"


def _is_pg(database: str | None) -> TypeGuard[str]:
    return bool(database) and str(database).startswith(("postgresql://", "postgres://"))


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            t(
                f"找不到 {name}：请安装 PostgreSQL 客户端（postgresql-client）。",
                f"{name} is not installed: install the PostgreSQL client tools",
            )
        )
    return path


def _run(args: list[str]) -> str:
    done = subprocess.run(args, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(
            t(
                f"{Path(args[0]).name} 失败：{done.stderr.strip()[:500]}",
                f"{Path(args[0]).name} failed: {done.stderr.strip()[:500]}",
            )
        )
    return done.stdout


def _manifest(backend: str, counts: dict, gen: str, last: int, photos: list, listed: bool):
    return {
        "kind": SERVER_KIND,
        "format": 1,
        "app_version": __version__,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "backend": backend,
        "generation": gen,
        "last_seq": last,
        "counts": counts,
        "photos": [] if listed else photos,
        "photos_listed": photos if listed else [],
    }


def backup_server(data: Path, out: Path, database: str | None = None, photos: bool = True):
    """Write a checked backup of the central store to `out`; its manifest."""
    data = Path(data)
    files = photo_files(data)
    shas = [Path(name).name for name, _ in files]
    with tempfile.TemporaryDirectory(prefix="inspect-server-backup-") as tmp:
        if _is_pg(database):
            dump = Path(tmp) / PG_NAME
            counts, gen, last = _pg_dump(database, dump)
            manifest = _manifest("postgresql", counts, gen, last, shas, not photos)
            db_file = (PG_NAME, dump)
        else:
            src = data / SQLITE_NAME
            if not src.is_file():
                raise BackupError(
                    t(f"{data} 中没有服务器数据库。", f"no central store database in {data}")
                )
            copy = Path(tmp) / SQLITE_NAME
            sqlite_copy(src, copy)
            counts = sqlite_counts(copy, TABLES)
            gen, last = _sqlite_generation(copy)
            manifest = _manifest("sqlite", counts, gen, last, shas, not photos)
            db_file = (SQLITE_NAME, copy)
        write_archive(out, manifest, [db_file, *(files if photos else [])])
    verify_server_backup(out)
    return manifest


def _sqlite_generation(path: Path) -> tuple[str, int]:
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        gen = conn.execute("SELECT generation FROM generations ORDER BY n DESC LIMIT 1").fetchone()
        last = _value(conn, "SELECT coalesce(max(seq), 0) FROM changes")
    finally:
        conn.close()
    return (gen[0] if gen else ""), last


def _pg_dump(url: str, dump: Path) -> tuple[dict, str, int]:
    """Dump in the snapshot the counts are read in: both describe the same moment."""
    import psycopg

    pg_dump = _tool("pg_dump")
    with psycopg.connect(url) as conn:
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = _value(conn, "SELECT pg_export_snapshot()")
        counts = {name: _value(conn, f"SELECT count(*) FROM {name}") for name in TABLES}
        gen = conn.execute("SELECT generation FROM generations ORDER BY n DESC LIMIT 1").fetchone()
        last = _value(conn, "SELECT coalesce(max(seq), 0) FROM changes")
        _run(
            [pg_dump, "--format=custom", "--no-owner", "--no-privileges",
             f"--snapshot={snapshot}", f"--file={dump}", f"--dbname={url}"]
        )  # fmt: skip
        conn.rollback()
    return counts, (gen[0] if gen else ""), last


def _pg_counts(dump: Path) -> dict[str, int]:
    """Rows of each table in a custom-format dump, by reading its data back (streamed: the
    change log of a large central store does not fit in memory)."""
    pg_restore = _tool("pg_restore")
    listing = _run([pg_restore, "--list", str(dump)])
    counts = {}
    for name in TABLES:
        if not re.search(rf"TABLE DATA \S+ {name} ", listing):
            continue
        args = [pg_restore, "--data-only", f"--table={name}", "--file=-", str(dump)]
        rows, inside = 0, False
        with subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
            assert proc.stdout is not None and proc.stderr is not None  # both piped
            for line in proc.stdout:
                if line.startswith(b"COPY "):
                    inside = True
                elif inside and line.rstrip(b"\n") == b"\\.":
                    inside = False
                elif inside:
                    rows += 1
            error = proc.stderr.read().decode(errors="replace")
        if proc.returncode != 0:
            raise BackupError(
                t(f"pg_restore 失败：{error[:500]}", f"pg_restore failed: {error[:500]}")
            )
        counts[name] = rows
    return counts


def verify_server_backup(path: Path) -> dict:
    """Read a server backup back: database integrity and counts, photo hashes. Its manifest."""
    tar, manifest = open_archive(path, SERVER_KIND)
    with tar, tempfile.TemporaryDirectory(prefix="inspect-check-") as tmp:
        if manifest.get("backend") == "postgresql":
            dump = Path(tmp) / PG_NAME
            extract_file(tar, PG_NAME, dump)
            check_counts(_pg_counts(dump), manifest)
        else:
            copy = Path(tmp) / SQLITE_NAME
            extract_file(tar, SQLITE_NAME, copy)
            check_counts(sqlite_counts(copy, TABLES), manifest)
        check_photos(tar, manifest)
    return manifest


def restore_server(archive: Path, data: Path, database: str | None = None, force=False):
    """Put a server backup in place (the server must be stopped) and start a new generation.

    A SQLite backup goes to DIR/server.db, a PostgreSQL one into `database`; either may go to
    either (a SQLite backup into PostgreSQL is not supported). Existing data: refused without
    `force`; with it, DIR/server.db is kept beside as server.db.replaced-<time>, and a
    PostgreSQL database's tables are dropped and replaced."""
    manifest = verify_server_backup(archive)
    data = Path(data)
    data.mkdir(parents=True, exist_ok=True)
    pg = _is_pg(database)
    if pg != (manifest["backend"] == "postgresql"):
        raise BackupError(
            t(
                f"这是 {manifest['backend']} 备份，只能恢复到同类数据库。",
                f"this is a {manifest['backend']} backup; restore it to the same kind of database",
            )
        )
    tar, _ = open_archive(archive, SERVER_KIND)
    with tar, tempfile.TemporaryDirectory(prefix="inspect-restore-") as tmp:
        if pg and database:
            dump = Path(tmp) / PG_NAME
            extract_file(tar, PG_NAME, dump)
            _pg_restore(dump, database, force)
            db = Database(database)
        else:
            target = data / SQLITE_NAME
            if target.exists() and not force:
                raise BackupError(_occupied(str(target)))
            part = data / f".{SQLITE_NAME}.restoring"
            extract_file(tar, SQLITE_NAME, part)
            if target.exists():
                manifest["replaced"] = [str(p) for p in move_aside(target, f"replaced-{stamp()}")]
            os.replace(part, target)
            db = Database.sqlite(target)
        try:
            generation.ensure(db)
            with db.connect(write=True) as conn:
                manifest["new_generation"] = generation.fork(conn)
        finally:
            db.close()
        manifest["photos_restored"] = restore_photos(tar, manifest, data)
    return manifest


def _occupied(where: str) -> str:
    return t(
        f"{where} 已有服务器数据；若要以备份替换，请先停止服务器并加 --force。",
        f"{where} already holds a central store; stop the server and add --force to replace it",
    )


def _value(conn: Any, sql: str) -> Any:
    """The one value an aggregate query gives (psycopg)."""
    row = conn.execute(sql).fetchone()
    assert row is not None, sql
    return row[0]


def _pg_restore(dump: Path, url: str, force: bool) -> None:
    import psycopg

    with psycopg.connect(url) as conn:
        occupied = _value(conn, "SELECT to_regclass('changes') IS NOT NULL")
    if occupied and not force:
        raise BackupError(_occupied(url.rsplit("@", 1)[-1]))
    args = [_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error"]
    if occupied:
        args += ["--clean", "--if-exists"]
    _run([*args, f"--dbname={url}", str(dump)])
