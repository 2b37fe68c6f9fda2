"""The JGJ 59-2011 检查记录 as printed: the sheet's own columns, and an item nobody answered
never scores -- the sheet prints as incomplete, naming the items, with no total or rating."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from inspect_app.core.model import Inspection
from inspect_app.reports.build import build_report
from inspect_app.store import Store
from inspect_app.store.inspections import evaluate_inspection


def pdftext(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, check=True)
    return re.sub(r"\s+", "", out.stdout.decode("utf-8"))


# The fields of the JGJ 59 分项检查评分表 and 检查评分汇总表, as they read in each language.
FIELDS = {
    "zh": ["序号", "检查项目", "应得分", "扣减分", "实得分", "分项检查评分表", "保证项目得分",
           "汇总得分", "评定等级", "检查项目合计", "检查人", "JGJ59-2011"],
    "en": ["No.", "Item", "Fullscore", "Deducted", "Score", "Sub-table", "Guaranteeditems",
           "Totaloftheitems", "Inspector", "JGJ59-2011"],
}  # fmt: skip
INCOMPLETE = {"zh": ("不完整", "未填", "不评分"), "en": ("Incomplete", "notanswered", "notscored")}
BLANK = ["sm_plan", "sm_checks", "sm_emergency"]


@pytest.fixture(scope="module")
def sheets(demo_profile, tmp_path_factory):
    """The demo's submitted safety check printed as is, and again with three guaranteed
    items of 安全管理 blanked (as if they had never been answered), in both languages."""
    root = tmp_path_factory.mktemp("safety")
    prof = root / "profile"
    shutil.copytree(demo_profile, prof)
    out = {}
    with Store.open(prof) as s:
        insp = s.find(Inspection, "template_id = 'safety-score' AND status = 'submitted'")[0]
        full = evaluate_inspection(s, insp)
        for lang in ("zh", "en"):
            build_report(
                s, "inspection", root / f"full-{lang}.pdf", inspection_id=insp.id, lang=lang
            )
            out["full", lang] = pdftext(root / f"full-{lang}.pdf")
        insp.answers = {k: v for k, v in insp.answers.items() if k not in BLANK}
        s.save(insp)
        blank = evaluate_inspection(s, insp)
        for lang in ("zh", "en"):
            build_report(
                s, "inspection", root / f"blank-{lang}.pdf", inspection_id=insp.id, lang=lang
            )
            out["blank", lang] = pdftext(root / f"blank-{lang}.pdf")
    return out, full, blank


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_sheet_has_the_standards_fields(sheets, lang):
    texts, full, _ = sheets
    text = texts["full", lang]
    for field in FIELDS[lang]:
        assert field in text, field
    assert full.computed["total"] is not None
    assert f"{full.computed['total']:g}" in text
    # 安全管理's total row, summed here from the answers: 100 − deductions
    d = sum(
        float(r.value)
        for p, r in full.items.items()
        if p.startswith("sm_") and r.item.type == "score"
    )
    total = "检查项目合计" if lang == "zh" else "Totaloftheitems"
    assert f"{total}100{d:g}{100 - d:g}" in text
    for word in (INCOMPLETE[lang][0], INCOMPLETE[lang][2]):
        assert word not in text  # every item answered: scored, not incomplete


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_unanswered_items_print_as_incomplete_not_scored(sheets, lang):
    texts, full, blank = sheets
    text = texts["blank", lang]
    for word in INCOMPLETE[lang]:
        assert word in text, word
    sm = blank.tables["safety_management"]
    assert sm.score is None and list(sm.unanswered) == BLANK
    assert blank.computed["total"] is None and blank.computed["rating"] is None
    # the blank items are named (their labels are Chinese in the checklist)
    for name in ("施工组织设计及专项施工方案", "安全检查", "应急救援"):
        assert name in text
    # the full sheet's total is gone: an incomplete sheet is not scored
    assert f"汇总得分{full.computed['total']:g}" not in text
    assert "3" in re.findall(r"(?:不完整：|Incomplete:)(\d+)", text)
