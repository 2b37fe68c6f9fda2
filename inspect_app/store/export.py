"""Export every record of a profile, canonically: the same data gives the same bytes."""

import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from ..core.i18n import t
from ..core.model import RECORD_TYPES
from ..errors import InspectError
from .store import Store


def _records(store: Store, table: str) -> Iterator[dict]:
    for row in store.rows(table):
        row.pop("clocks")  # merge bookkeeping; the record's own stamp is `hlc`
        yield row


def snapshot(store: Store) -> dict[str, list[dict]]:
    """Every record, by table (plural record type), in id order, with id, hlc and author."""
    return {cls.table: list(_records(store, cls.table)) for cls in RECORD_TYPES}


def to_json(data: dict) -> bytes:
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode("utf-8")


def _write_json(store: Store, f: TextIO) -> dict[str, int]:
    """`to_json(snapshot(store))`, written a record at a time: the same bytes, with memory
    flat in the profile's size. JSON strings hold no raw newline, so indenting a record's own
    dump by its depth gives what dumping the whole would."""
    counts = {}
    f.write("{")
    for n, table in enumerate(sorted(cls.table for cls in RECORD_TYPES)):
        f.write(f"{',' if n else ''}\n {json.dumps(table, ensure_ascii=False)}: [")
        count = 0
        for row in _records(store, table):
            text = json.dumps(row, ensure_ascii=False, sort_keys=True, indent=1)
            f.write(f"{',' if count else ''}\n  {text.replace(chr(10), chr(10) + '  ')}")
            count += 1
        f.write("\n ]" if count else "]")
        counts[table] = count
    f.write("\n}\n" if counts else "}\n")
    return counts


def export(store: Store, out: Path) -> dict[str, int]:
    """Write the export to `out` (.json or .xlsx); return the record count per table."""
    out = Path(out)
    kind = out.suffix.lower()
    if kind not in (".json", ".xlsx"):
        raise InspectError(
            t(
                f"不支持的导出格式 {out.suffix or '（无扩展名）'}：请用 .json 或 .xlsx",
                f"cannot export to {out.suffix or 'a file without extension'}: use .json or .xlsx",
            )
        )
    if not out.parent.is_dir():
        raise InspectError(t(f"目标文件夹不存在：{out.parent}", f"no such folder: {out.parent}"))
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".part")
    os.close(fd)
    try:
        if kind == ".json":
            with open(tmp, "w", encoding="utf-8", newline="\n") as f:
                counts = _write_json(store, f)
        else:
            counts = _write_xlsx(store, Path(tmp))
        os.replace(tmp, out)
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        raise InspectError(
            t(f"无法写入 {out}：{e.strerror}", f"cannot write {out}: {e.strerror}")
        ) from None
    return counts


def _write_xlsx(store: Store, path: Path) -> dict[str, int]:
    """A sheet per table, written a row at a time (openpyxl's write-only mode)."""
    from openpyxl import Workbook  # openpyxl only when asked: not at every start-up

    from .. import spreadsheet

    wb = Workbook(write_only=True)
    counts = {}
    for cls in RECORD_TYPES:
        ws = wb.create_sheet(cls.table)
        count = 0
        columns: list[str] = []
        for r in _records(store, cls.table):
            if not count:  # every row of a table has the same columns
                columns = sorted(r, key=lambda c: (c != "id", c))
                spreadsheet.append(ws, columns)
            spreadsheet.append(ws, [_cell(r.get(c)) for c in columns])
            count += 1
        if not count:
            spreadsheet.append(ws, [])
        counts[cls.table] = count
    wb.save(path)
    return counts


def _cell(value):
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value
