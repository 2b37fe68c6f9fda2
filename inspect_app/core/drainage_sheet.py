"""Grading a spreadsheet of drainage defects (one row per defect) by segment, CJJ 181-2012.

The sheet has the header `segment,code,grade,position_m,diameter_mm,area_k,soil_t`. A row with
an empty code and grade lists a segment without defects. Bad rows are reported by their line
number and left out; every segment with at least one good row is still graded.
"""

import csv
import io
from dataclasses import dataclass, field

from .i18n import t
from .standards.drainage import DrainageTable, Observation, SegmentGrade

COLUMNS = ("segment", "code", "grade", "position_m", "diameter_mm", "area_k", "soil_t")


@dataclass
class SheetResult:
    segments: list[SegmentGrade] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # "line N: what is wrong"


@dataclass
class _Segment:
    diameter: float
    area: int
    soil: int
    line: int
    observations: list[Observation] = field(default_factory=list)


def grade_sheet(text: str, table: DrainageTable) -> SheetResult:
    """Parse CSV text and grade every segment in it."""
    out = SheetResult()
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    names = [h.strip().lower() for h in header or []]
    missing = [c for c in COLUMNS if c not in names]
    if missing:
        out.problems.append(
            t(
                f"第 1 行：表头缺少列 {', '.join(missing)}（应为 {','.join(COLUMNS)}）",
                f"line 1: the header lacks {', '.join(missing)} (expected {','.join(COLUMNS)})",
            )
        )
        return out
    col = {c: names.index(c) for c in COLUMNS}
    segments: dict[str, _Segment] = {}
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        row = {c: (cells[i].strip() if i < len(cells) else "") for c, i in col.items()}
        try:
            name, seg_values, obs = _row(row, table)
        except ValueError as e:
            out.problems.append(t(f"第 {line} 行：{e}", f"line {line}: {e}"))
            continue
        seg = segments.get(name)
        if seg is None:
            seg = segments[name] = _Segment(*seg_values, line=line)
        elif (seg.diameter, seg.area, seg.soil) != seg_values:
            out.problems.append(
                t(
                    f"第 {line} 行：管段 {name} 的管径/K/T 与第 {seg.line} 行不一致",
                    f"line {line}: diameter, area_k or soil_t of segment {name} differ from"
                    f" line {seg.line}",
                )
            )
            continue
        if obs:
            seg.observations.append(obs)
    for name, seg in segments.items():
        out.segments.append(
            table.grade_segment(name, seg.observations, seg.diameter, seg.area, seg.soil)
        )
    return out


def _row(row: dict, table: DrainageTable) -> tuple[str, tuple[float, int, int], Observation | None]:
    name = row["segment"]
    if not name:
        raise ValueError(t("管段编号为空", "segment is empty"))
    diameter = _float(row["diameter_mm"], "diameter_mm")
    if diameter <= 0:
        raise ValueError(t(f"管径 {diameter} 应大于 0", f"diameter_mm {diameter} must be above 0"))
    try:
        area = table.area_factor(row["area_k"])
        soil = table.soil_factor(row["soil_t"])
    except ValueError as e:
        raise ValueError(_factor_message(str(e))) from None
    if not row["code"] and not row["grade"]:
        return name, (diameter, area, soil), None  # a segment without defects
    try:
        code = table.code(row["code"]).code
    except ValueError:
        raise ValueError(
            t(f"未知缺陷代码 {row['code']!r}", f"unknown defect code {row['code']!r}")
        ) from None
    grade = _float(row["grade"], "grade")
    if not grade.is_integer():
        raise ValueError(t(f"等级 {row['grade']} 应为整数", f"grade {row['grade']} is not whole"))
    grades = table.codes[code].grades
    if not 1 <= grade <= grades:
        raise ValueError(
            t(
                f"{code} 的等级为 1—{grades}，不是 {row['grade']}",
                f"{code} has grades 1-{grades}, not {row['grade']}",
            )
        )
    position = _float(row["position_m"], "position_m")
    if position < 0:
        raise ValueError(t(f"位置 {position} 不能为负", f"position_m {position} is negative"))
    return name, (diameter, area, soil), Observation(code, int(grade), position)


def _float(text: str, what: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise ValueError(
            t(f"{what} 应为数字，而不是 {text!r}", f"{what} must be a number, not {text!r}")
        ) from None


def _factor_message(msg: str) -> str:
    what = msg.split(" ", 1)[0]
    zh = "地区重要性 K" if what == "area_k" else "土质影响 T"
    return t(f"{zh} 取值或类别名无效：{msg.split(' ', 1)[1]}", msg)
