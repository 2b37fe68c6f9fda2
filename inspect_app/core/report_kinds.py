"""The kinds of printed document and their titles, in both languages.

The reports print them (reports/build.py's KINDS takes its titles from here) and the central
store's verification page names a document by them; a test keeps the two in step.
"""

TITLES: dict[str, tuple[str, str]] = {
    "survey": ("隐患排查报告", "Hazard Survey Report"),
    "inspection": ("检查记录", "Inspection Record"),
    "rectification-notice": ("监理通知单", "Supervision Notice"),  # GB/T 50319-2013 A.0.3
    "rectification-reply": ("监理通知回复单", "Reply to Supervision Notice"),  # B.0.9
    "stop-order": ("工程暂停令", "Works Stop Order"),  # A.0.5
    "acceptance": ("竣工验收记录", "Completion Acceptance Record"),
    "handover": ("移交清单", "Handover List"),
    "defects": ("缺陷清单", "Defect List"),
    "tally": ("业主表决计票单", "Owners' Vote Tally"),
    "stage-record": ("老旧小区改造项目阶段记录", "Renovation Stage Record"),
}


def kind_title(kind: str) -> tuple[str, str]:
    """(zh, en) title of a kind of document; the kind itself when this version does not know it."""
    return TITLES.get(kind, (kind, kind))
