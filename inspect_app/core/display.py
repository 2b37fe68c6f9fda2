"""How an answer or a computed value reads on screen and on paper (Chinese first).

Grades print as Roman numerals (Ⅲ级), rates as percentages, ratings by the standard's own
names (优良/合格/不合格), yes/no as 是/否, numbers with their unit.
"""

from typing import Any

from .i18n import is_chinese, label
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
    if item.type == "choice":
        picked = value if isinstance(value, list) else [value]
        names = [
            label(o.label) if not zh else o.label.zh for o in item.options if o.value in picked
        ]
        return "、".join(names) if zh else ", ".join(names)
    if item.type == "score":
        if value == NA:
            return "缺项" if zh else "n/a"
        return f"扣 {value} 分" if zh else f"-{value}"
    if isinstance(value, bool):
        return ("是" if value else "否") if zh else ("yes" if value else "no")
    key = item.compute.partition(".")[2] if item.type == "computed" else ""
    if key.endswith("grade") and value in ROMAN:
        return f"{ROMAN[value]}级" if zh else f"grade {ROMAN[value]}"
    if key == "rating" and tables is not None and value in tables.safety.rating_names:
        return tables.safety.rating_names[value]["zh" if zh else "en"]
    if key.endswith("rate") and isinstance(value, float):
        return f"{value * 100:.1f}%"
    if isinstance(value, list):
        return "、".join(str(v) for v in value) if zh else ", ".join(str(v) for v in value)
    if isinstance(value, float):
        value = f"{value:.2f}" if item.type == "computed" else f"{value:g}"
    return f"{value}{item.unit}" if zh else f"{value} {item.unit}".strip()
