"""隐患排查报告 and the drainage 检查记录 as printed, in Chinese and English: the fields the
form has, the drainage table from the recorded segments (names, not codes; grades Ⅰ–Ⅳ), the
survey's hazards only, and the surveying organization in the signature block."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from inspect_app.core.model import Defect, Inspection, InspectionKind, Project
from inspect_app.core.standards.drainage import manholes
from inspect_app.reports.build import build_report
from inspect_app.store import Store
from inspect_app.store.inspections import evaluate_inspection


def pdftext(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, check=True)
    return re.sub(r"\s+", "", out.stdout.decode("utf-8"))


SURVEY_FIELDS = {
    "zh": ["工程名称", "编号", "工程地点", "建设单位", "排查时间", "隐患汇总", "重大隐患",
           "隐患清单", "排水管道检测评估", "起点井", "终点井", "管径", "长度", "管材", "缺陷数",
           "缺陷密度", "F", "结构性等级", "G", "功能性等级", "RI", "MI", "CJJ181-2012",
           "排查单位", "签字"],
    "en": ["Project", "No.", "Address", "Owner", "Surveyed", "Summary", "Majorhazards",
           "Register", "Drainagepipeassessment", "FromMH", "ToMH", "Dia.", "Length", "Material",
           "Defectcount", "Density", "Struct.grade", "Func.grade", "RI", "MI", "CJJ181-2012",
           "Surveyedby", "Signature"],
}  # fmt: skip
RECORD_FIELDS = {
    "zh": ["工程名称", "检查名称", "检查类型", "检查部位", "检查人", "检查单位", "开始时间",
           "提交时间", "检查表", "管段编号", "管径", "管材", "缺陷", "结构性缺陷等级", "修复指数RI",
           "养护指数MI", "签字"],
    "en": ["Project", "Inspection", "Kind", "Where", "Inspector", "Organization", "Started",
           "Submitted", "Checklist", "Segment", "Diameter", "Material", "Defects",
           "Structuralgrade", "RepairindexRI", "MaintenanceindexMI", "Signatures"],
}  # fmt: skip
MATERIALS = {"concrete": ("混凝土管", "Concrete"), "pvc": ("PVC-U管", "PVC-U"),
             "clay": ("陶土管", "Clay"), "hdpe": ("HDPE管", "HDPE"), "iron": ("铸铁管", "Castiron")}  # fmt: skip
ROMAN = "ⅠⅡⅢⅣ"


@pytest.fixture(scope="module")
def printed(demo_profile, tmp_path_factory):
    root = tmp_path_factory.mktemp("survey")
    out = {}
    shutil.copytree(demo_profile, root / "profile")  # printing records the issue
    with Store.open(root / "profile") as s:
        drainage = s.find(Inspection, "template_id = 'drainage-survey'")[0]
        ev = evaluate_inspection(s, drainage)
        for lang in ("zh", "en"):
            for kind, kw in (
                ("survey", {"project_id": drainage.project_id}),
                ("inspection", {"inspection_id": drainage.id}),
            ):
                pdf = root / f"{kind}-{lang}.pdf"
                build_report(s, kind, pdf, lang=lang, **kw)
                out[kind, lang] = pdftext(pdf)
    return out, drainage, ev


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_survey_report_has_its_fields_and_the_segment_table(printed, lang):
    texts, drainage, ev = printed
    text = texts["survey", lang]
    for field in SURVEY_FIELDS[lang]:
        assert field in text, field
    segs = drainage.answers["segments"]
    assert segs
    for i, seg in enumerate(segs):
        start, end = manholes(seg["segment_id"])
        material = MATERIALS[seg["material"]][0 if lang == "zh" else 1]
        grade = ROMAN[ev.value(f"segments[{i}].structural_grade") - 1]
        f = f"{ev.value(f'segments[{i}].f'):.2f}"
        # one row: start, end, diameter, length, material by name, …, F, its grade Ⅰ–Ⅳ
        row = f"{start}{end}{seg['diameter_mm']}{seg['length_m']:g}{material}"
        assert row in text, row
        assert re.search(re.escape(row) + r"\d+[\d.—]+" + re.escape(f + grade), text), row
    # no raw codes, no empty rows of dashes
    assert not re.search(r"(?<![A-Za-z])(concrete|pvc|hdpe)(?![A-Za-z-])", text)
    assert "——————" not in text


def test_survey_report_holds_survey_hazards_only(demo_profile, tmp_path):
    shutil.copytree(demo_profile, tmp_path / "profile")  # printing records the issue
    with Store.open(tmp_path / "profile") as s:
        surveys = {i.id for i in s.find(Inspection, "kind = ?", [InspectionKind.SURVEY.value])}
        # a community with construction-stage defects as well as survey hazards
        for p in s.find(Project):
            ds = s.find(Defect, "project_id = ?", [p.id])
            other = [d for d in ds if d.inspection_id and d.inspection_id not in surveys]
            found = [d for d in ds if d.inspection_id in surveys or d.pre_existing]
            if other and found:
                break
        else:
            pytest.fail("the demo has no community with both kinds of defect")
        build_report(s, "survey", tmp_path / "s.pdf", project_id=p.id)
    text = pdftext(tmp_path / "s.pdf")
    assert f"隐患清单（{len(found)}项）" in text
    register = text[text.index("三、隐患清单") : text.index("隐患详情")]  # not photo captions
    titles = {d.title for d in found}
    for d in other:
        if d.title not in titles:
            assert d.title.replace(" ", "") not in register, d.title
    for d in found:
        assert d.title.replace(" ", "") in register, d.title


def test_survey_signature_block_names_the_surveying_organization(printed, demo_profile):
    texts, drainage, _ = printed
    with Store.open(demo_profile) as s:
        from inspect_app.core.model import Organization, User

        user = s.get(User, drainage.inspector_id)
        org = s.get(Organization, user.org_id).name if user and user.org_id else ""
    company = drainage.answers.get("operator") or org
    assert company
    text = texts["survey", "zh"]
    assert "排查单位" + company.replace(" ", "") in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_drainage_record_cells_read_as_text(printed, lang):
    texts, drainage, _ = printed
    text = texts["inspection", lang]
    for field in RECORD_FIELDS[lang]:
        assert field in text, field
    # a defect row is a phrase, not "code: TJ；grade: 1；position_m: 8.2"
    for bad in ("code:", "grade:", "position_m", "1级", "2级"):
        assert bad not in text, bad
    rows = [r for seg in drainage.answers["segments"] for r in seg.get("defects") or []]
    assert rows
    r = rows[0]
    g = ROMAN[int(r["grade"]) - 1]
    tail = (
        f"，{g}级，距起点井距离{r['position_m']:g}m"
        if lang == "zh"
        else f",grade{g},Distance{r['position_m']:g}m"
    )
    # "TJ 脱节，Ⅰ级，距起点井距离 8.2m" / "TJ open joint, grade Ⅰ, Distance 8.2 m"
    assert re.search(re.escape(r["code"]) + r"[^，,;；]*" + re.escape(tail), text)
    assert ("Ⅰ级" if lang == "zh" else "gradeⅠ") in text
