"""Defect and hazard categories: stored in Chinese (as the checklists and the desktop forms
write them), printed in the report's language."""

from .i18n import is_chinese

NAMES = {
    "燃气": "Gas",
    "排水": "Drainage",
    "供水": "Water supply",
    "电气": "Electrical",
    "结构": "Structure",
    "防水": "Waterproofing",
    "消防": "Fire safety",
    "安全": "Site safety",
    "脚手架": "Scaffolding",
    "沟槽": "Trenches",
    "文明施工": "Site management",
    "工程质量": "Workmanship",
    "质量资料": "Quality records",
    "竣工验收": "Completion acceptance",
    "移交": "Handover",
    "道路": "Roads",
    "绿化": "Landscaping",
    "节能": "Energy saving",
    "屋面": "Roofing",
    "外墙": "Façade",
    "无障碍": "Accessibility",
    "适老化": "Age-friendly",
}


def category_name(category: str, lang: str = "") -> str:
    """`category` in `lang`; a category with no English name prints as stored."""
    if not category or is_chinese(lang):
        return category or "—"
    return NAMES.get(category, category)
