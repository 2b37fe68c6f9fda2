"""The drainage segment table of a survey: per pipe segment between two manholes, its start and
end manhole, diameter, length and material, the structural and functional condition (F and its
grade, G and its grade), the repair and maintenance indices (RI, MI) and the defect density, as
CJJ 181-2012 defines them.

The figures are the checklist engine's, from the segments recorded in each drainage survey
(`store.inspections.evaluate_inspection`: the computed f, structural_grade, g, … of each
entry of the `segments` section); this module prints them and computes nothing.
"""

from reportlab.platypus import Paragraph

from ..core.display import ROMAN, display
from ..core.engine import Evaluation
from ..core.item_path import entry_path
from ..core.model import Inspection
from ..core.standard_names import standard_text
from ..core.standards.drainage import defect_density, manholes
from ..errors import InspectError, TemplateError
from ..store.inspections import evaluate_inspection
from .context import Ctx
from .layout import S, esc, fit_widths, table

HEADER = (
    ("起点井", "From MH"),
    ("终点井", "To MH"),
    ("管径\n(mm)", "Dia.\n(mm)"),
    ("长度\n(m)", "Length\n(m)"),
    ("管材", "Material"),
    ("缺陷数", "Defect\ncount"),
    ("缺陷密度\n处/100m", "Density\n/100 m"),
    ("F", "F"),
    ("结构性等级", "Struct. grade"),
    ("G", "G"),
    ("功能性等级", "Func. grade"),
    ("RI", "RI"),
    ("MI", "MI"),
)


def segment_section(ctx: Ctx, inspections: list[Inspection], width: float) -> list:
    rows: list = []
    standards: set[str] = set()
    for insp in inspections:
        try:
            ev = evaluate_inspection(ctx.store, insp)
        except (InspectError, TemplateError):
            continue
        entries = insp.answers.get("segments")
        if not isinstance(entries, list):
            continue
        for i in range(len(entries)):
            row = _row(ctx, ev, i)
            if row is not None:
                rows.append(row)
                standards.update(
                    ev.sources[p] for p in (_p(i, "f"), _p(i, "ri")) if p in ev.sources
                )
    if not rows:
        return []
    header = [ctx.tr(zh, en) for zh, en in HEADER]
    note = Paragraph(
        esc(
            ctx.tr(
                "评定依据："
                + "、".join(sorted(standards) or ["CJJ 181-2012"])
                + "。等级Ⅰ—Ⅳ；缺陷密度为每百米管段的缺陷处数。",
                "Graded by "
                + ", ".join(standard_text(c, "en") for c in sorted(standards) or ["CJJ 181-2012"])
                + ". Grades I-IV; density: defects per 100 m of segment.",
            )
        ),
        S["small"],
    )
    # points each needs at 9 pt ("起点井", "Concrete", "3.00"), scaled to the frame
    widths = fit_widths([39, 39, 34, 40, 49, 38, 47, 34, 39, 34, 39, 34, 34], width)
    return [table(header, rows, widths), note]


def _p(i: int, item: str) -> str:
    return entry_path("segments", i, item)


def _row(ctx: Ctx, ev: Evaluation, i: int) -> list | None:
    name = ev.value(_p(i, "segment_id"))
    if name is None and _p(i, "diameter_mm") not in ev.items:
        return None
    start, end = manholes(str(name or ""))
    defects = [r for r in (ev.value(_p(i, "defects")) or []) if isinstance(r, dict)]
    length = _float(ev.value(_p(i, "length_m")))
    density = defect_density(len(defects), length)
    material = ev.items.get(_p(i, "material"))
    return [
        start or "—",
        end or "—",
        _fmt(ev.value(_p(i, "diameter_mm"))),
        "—" if length is None else f"{length:g}",
        display(material.item, material.value, None, ctx.lang) if material else "—",
        str(len(defects)),
        "—" if density is None else f"{density:.1f}",
        _fmt(ev.value(_p(i, "f"))),
        _grade(ev.value(_p(i, "structural_grade"))),
        _fmt(ev.value(_p(i, "g"))),
        _grade(ev.value(_p(i, "functional_grade"))),
        _fmt(ev.value(_p(i, "ri"))),
        _fmt(ev.value(_p(i, "mi"))),
    ]


def _grade(v) -> str:
    return ROMAN.get(v, "—") if isinstance(v, int) else "—"


def _float(v) -> float | None:
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def _fmt(v) -> str:
    if isinstance(v, float):
        return f"{v:.2f}" if v != int(v) or v < 100 else f"{v:g}"
    return "—" if v in (None, "") else str(v)
