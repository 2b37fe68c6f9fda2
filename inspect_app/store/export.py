"""Export every record of a profile, canonically: the same data gives the same bytes."""

import json
import os
import tempfile
from pathlib import Path

from .. import spreadsheet
from ..core.i18n import t
from ..core.model import RECORD_TYPES
from ..errors import InspectError
from .store import Store


def snapshot(store: Store) -> dict[str, list[dict]]:
    """Every record, by table (plural record type), in id order, with id, hlc and author."""
    out = {}
    for cls in RECORD_TYPES:
        rows = []
        for row in store.rows(cls.table):
            row.pop("clocks")  # merge bookkeeping; the record's own stamp is `hlc`
            rows.append(row)
        out[cls.table] = rows
    return out


def to_json(data: dict) -> bytes:
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode("utf-8")


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
    data = snapshot(store)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".part")
    os.close(fd)
    try:
        if kind == ".json":
            Path(tmp).write_bytes(to_json(data))
        else:
            _write_xlsx(data, Path(tmp))
        os.replace(tmp, out)
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        raise InspectError(
            t(f"无法写入 {out}：{e.strerror}", f"cannot write {out}: {e.strerror}")
        ) from None
    return {k: len(v) for k, v in data.items()}


def _write_xlsx(data: dict[str, list[dict]], path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    for table, rows in data.items():
        ws = wb.create_sheet(table)
        columns = sorted({k for r in rows for k in r}, key=lambda c: (c != "id", c))
        spreadsheet.append(ws, columns)
        for r in rows:
            spreadsheet.append(ws, [_cell(r.get(c)) for c in columns])
    wb.save(path)


def _cell(value):
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value
