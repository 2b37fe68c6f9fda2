"""`inspect-app drainage grade FILE.csv [--json]`: CJJ 181-2012 grading of a defect sheet."""

import json
import sys
from pathlib import Path

from .. import standards
from ..core.drainage_sheet import grade_sheet
from ..core.i18n import t
from ..errors import InspectError

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def register(sub, data_option) -> None:
    p = sub.add_parser("drainage", help=t("排水管道评估", "drainage pipe assessment"))
    dsub = p.add_subparsers(dest="drainage_command", metavar="ACTION", required=True)
    g = dsub.add_parser(
        "grade",
        help=t(
            "按 CJJ 181 评定每个管段（CSV：segment,code,grade,position_m,diameter_mm,area_k,soil_t）",
            "grade each segment by CJJ 181 (CSV: segment,code,grade,position_m,diameter_mm,"
            "area_k,soil_t)",
        ),
    )
    g.add_argument("file", type=Path, metavar="FILE.csv")
    g.add_argument("--json", action="store_true", help=t("输出 JSON", "print JSON"))
    data_option(g)
    g.set_defaults(handler=grade)


def read_text(path: Path) -> str:
    """CSV text as saved by Excel (UTF-8 with or without BOM, or GB 18030)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InspectError(t(f"找不到文件 {path}", f"no such file: {path}")) from None
    except OSError as e:
        raise InspectError(
            t(f"无法读取 {path}：{e.strerror}", f"cannot read {path}: {e.strerror}")
        ) from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InspectError(t(f"{path} 不是文本 CSV 文件", f"{path} is not a text CSV file"))


def grade(args) -> int:
    table = standards.load().drainage
    result = grade_sheet(read_text(args.file), table)
    if args.json:
        print(json.dumps([s.as_dict() for s in result.segments], ensure_ascii=False, indent=2))
    else:
        print(t(f"依据 {table.info.cite()}", f"Graded by {table.info.cite()}"))
        head: tuple[str, ...] = (
            "segment",
            "S",
            "Smax",
            "F",
            t("结构等级", "struct"),
            "Y",
            "Ymax",
            "G",
        )
        head += (
            t("功能等级", "func"),
            "RI",
            t("修复等级", "RI grade"),
            "MI",
            t("养护等级", "MI grade"),
        )
        rows = [head] + [_cells(s.as_dict()) for s in result.segments]
        widths = [max(_width(r[i]) for r in rows) for i in range(len(head))]
        for r in rows:
            print(
                "  ".join(
                    c + " " * (w - _width(c)) for c, w in zip(r, widths, strict=True)
                ).rstrip()
            )
    for line in result.problems:
        print(f"{args.file}: {line}", file=sys.stderr)
    return 1 if result.problems else 0


def _cells(d: dict) -> tuple[str, ...]:
    return tuple(
        ROMAN[v] if k.endswith("grade") else f"{v:.2f}" if isinstance(v, float) else str(v)
        for k, v in d.items()
    )


def _width(s: str) -> int:
    return sum(2 if ord(c) > 0x2E80 else 1 for c in s)
