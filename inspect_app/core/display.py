"""How an answer or a computed value reads on screen and on paper (Chinese first).

Grades print as Roman numerals (Ⅲ级), rates as percentages, ratings by the standard's own
names (优良/合格/不合格), yes/no as 是/否, numbers with their unit.
"""

from typing import Any

from .i18n import is_chinese
from .standards import Standards
from .templates import FAIL, NA, PASS, Item, is_empty

ROMAN = {1: "Ⅰ", 2: "Ⅱ", 3: "Ⅲ", 4: "Ⅳ"}
_PF = {PASS: ("合格", "pass"), FAIL: ("不合格", "fail"), NA: ("不适用", "n/a")}


def display(item: Item, value: Any, tables: Standards | None = None, lang: str = "") -> str:
    """`value` of `item` as text ("—" when there is none)."""
    zh = is_chinese(lang)
    if is_empty(value):
        return "—"
    if item.type == "pass_fail":
        return _PF.get(value, (str(value), str(value)))[0 if zh else 1]
    if item.type == "table" and isinstance(value, list):
        rows = [_row(item, r, tables, lang) for r in value if isinstance(r, dict)]
        return ("；" if zh else "; ").join(r for r in rows if r) or "—"
    if (grade := _grade(item, value)) is not None:
        g = ROMAN[grade]
        return f"{g}级" if zh else f"grade {g}"
    if item.type == "choice":
        picked = value if isinstance(value, list) else [value]
        names = [_text(o.label, zh) for o in item.options if o.value in picked]
        return "、".join(names) if zh else ", ".join(names)
    if item.type == "score":
        if value == NA:
            return "缺项" if zh else "n/a"
        return f"扣 {value} 分" if zh else f"-{value}"
    if isinstance(value, bool):
        return ("是" if value else "否") if zh else ("yes" if value else "no")
    key = item.compute.partition(".")[2] if item.type == "computed" else ""
    if key == "rating" and tables is not None and value in tables.safety.rating_names:
        return tables.safety.rating_names[value]["zh" if zh else "en"]
    if key.endswith("rate") and isinstance(value, float):
        return f"{value * 100:.1f}%"
    if isinstance(value, list):
        return "、".join(str(v) for v in value) if zh else ", ".join(str(v) for v in value)
    if isinstance(value, float):
        value = f"{value:.2f}" if item.type == "computed" else f"{value:g}"
    return f"{value}{item.unit}" if zh else f"{value} {unit_name(item.unit, lang)}".strip()


# Units the checklists write in Chinese, as an English copy prints them ("" drops it).
UNITS_EN = {
    "年": "years", "月": "months", "天": "days", "户": "households", "人": "people",
    "栋": "buildings", "辆": "vehicles", "个": "", "件/处/间": "", "处": "", "台": "units",
}  # fmt: skip


def unit_name(unit: str, lang: str = "") -> str:
    return unit if is_chinese(lang) else UNITS_EN.get(unit, unit)


def _grade(item: Item, value: Any) -> int | None:
    """A defect or condition grade 1-4 (a computed `*grade`, or a grade column of a table),
    which prints as Ⅰ-Ⅳ."""
    key = item.compute.partition(".")[2] if item.type == "computed" else item.id
    if item.type not in ("computed", "choice", "number") or not key.endswith("grade"):
        return None
    try:
        n = int(value)
    except (TypeError, ValueError):
        return None
    return n if n in ROMAN and str(n) == str(value).strip() else None


def _row(table: Item, row: dict, tables: Standards | None, lang: str) -> str:
    """One row of a table answer as a phrase: "TJ 脱节，Ⅰ级，距起点井距离 8.2m"."""
    zh = is_chinese(lang)
    parts = []
    for col in table.columns:
        v = row.get(col.id)
        if is_empty(v):
            continue
        text = display(col, v, tables, lang)
        if col.type in ("number", "text") and not col.id.endswith("note"):
            name = _text(col.label, zh)
            text = f"{name} {text}"
        parts.append(text)
    return ("，" if zh else ", ").join(parts)


def _text(text, zh: bool) -> str:
    """A bilingual label in the language asked for (not the app's current one)."""
    if text is None or isinstance(text, str):
        return text or ""
    return text.zh if zh else (getattr(text, "en", "") or text.zh)
