"""Reading ballot sheets (CSV or XLSX) into checked rows; core.votes judges the rows.

Header: unit,owner,area_m2,vote[,cast] (Chinese headers too: 房号,业主,面积,表决意见,表决方式).
CSV may be UTF-8 (with or without BOM) or GB18030, as Excel on a Chinese Windows saves it.
"""

import csv
import io
import zipfile
from pathlib import Path

from .core.i18n import t
from .core.votes import Parsed, check_rows
from .errors import InspectError


def read_ballots(path: Path | str) -> Parsed:
    path = Path(path)
    if not path.is_file():
        raise InspectError(t(f"找不到文件 {path}", f"no such file: {path}"))
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        header, lines = _xlsx(path)
    elif suffix in (".csv", ".txt"):
        header, lines = _csv(path)
    else:
        raise InspectError(
            t(
                f"不支持的表格格式 {path.suffix or '（无扩展名）'}：请用 .csv 或 .xlsx",
                f"cannot read {path.suffix or 'a file without extension'}: use .csv or .xlsx",
            )
        )
    if header is None:
        raise InspectError(t(f"{path} 是空文件", f"{path} is empty"))
    return check_rows(header, lines)


def _csv(path: Path):
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # gb18030 decodes any bytes; kept for clarity
        raise InspectError(t(f"{path} 的编码无法识别", f"cannot decode {path}"))
    if "\0" in text:
        raise InspectError(t(f"{path} 不是文本表格", f"{path} is not a text sheet"))
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        return None, []
    return rows[0], [(n, r) for n, r in enumerate(rows[1:], start=2)]


def _xlsx(path: Path):
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as e:
        raise InspectError(
            t(f"{path} 不是有效的 .xlsx 文件（{e}）", f"{path} is not a valid .xlsx file ({e})")
        ) from None
    try:
        rows = [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
    finally:
        wb.close()
    if not rows:
        return None, []
    return rows[0], [(n, r) for n, r in enumerate(rows[1:], start=2)]
