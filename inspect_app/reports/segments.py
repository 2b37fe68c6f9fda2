"""The drainage segment table of a survey: per pipe segment between two manholes, the
structural and functional condition (F, G), the repair and maintenance indices (RI, MI) and
their grades, as CJJ 181-2012 defines them.

The values are read as recorded with the inspection (answers["segments"]: a list of
{"from", "to", "diameter_mm", "length_m", "material", "F", "G", "RI", "MI",
"structural_grade", "functional_grade", "repair_grade", "maintenance_grade", "standard"});
this module prints them and computes nothing.
"""

from reportlab.platypus import Paragraph

from ..core.model import Inspection
from .context import Ctx
from .layout import S, esc, fit_widths, table

COLUMNS = (
    ("from", "起点井", "From"),
    ("to", "终点井", "To"),
    ("diameter_mm", "管径(mm)", "D (mm)"),
    ("length_m", "长度(m)", "Length (m)"),
    ("material", "材质", "Material"),
    ("F", "F", "F"),
    ("structural_grade", "结构等级", "Struct."),
    ("G", "G", "G"),
    ("functional_grade", "功能等级", "Func."),
    ("RI", "RI", "RI"),
    ("repair_grade", "修复等级", "Repair"),
    ("MI", "MI", "MI"),
    ("maintenance_grade", "养护等级", "Maint."),
)


def segment_section(ctx: Ctx, inspections: list[Inspection], width: float) -> list:
    rows, standards = [], set()
    for insp in inspections:
        for seg in insp.answers.get("segments") or []:
            if isinstance(seg, dict):
                rows.append([_fmt(seg.get(key)) for key, _, _ in COLUMNS])
                standards.add(seg.get("standard") or "CJJ 181-2012")
    if not rows:
        return []
    header = [ctx.tr(zh, en) for _, zh, en in COLUMNS]
    note = Paragraph(
        esc(ctx.tr("评定依据：", "Graded by: ") + "、".join(sorted(standards))), S["small"]
    )
    return [table(header, rows, fit_widths([1.1] * 5 + [0.8, 1] * 4, width)), note]


def _fmt(v) -> str:
    if isinstance(v, float):
        return f"{v:.2f}"
    return "—" if v in (None, "") else str(v)
