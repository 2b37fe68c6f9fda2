"""The 竣工验收记录 as GB 50300-2013 table H.0.1-1, printed from the demo: its fields in both
languages, a conclusion worked out from the answers (a failed check turns it), 草稿 across every
page of a record not yet submitted, and the 重大 hazards carried over listed with their reasons."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from inspect_app.core import acceptance as h
from inspect_app.core.model import Defect, DefectEvent, Inspection, Project
from inspect_app.reports.build import build_report
from inspect_app.store import Store


def pages(pdf: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, check=True)
    return [re.sub(r"\s+", "", p) for p in out.stdout.decode("utf-8").split("\f") if p.strip()]


# Table H.0.1-1's fields and the parties the renovation programme adds (zh, en).
FIELDS = [
    ("竣工验收记录", "CompletionAcceptanceRecord"),
    ("表H.0.1-1", "tableH.0.1-1"),
    ("工程名称", "Project"),
    ("编号", "No."),
    ("验收日期", "Acceptedon"),
    ("施工单位", "Contractors"),
    ("分部工程验收", "Sub-divisions"),
    ("质量控制资料核查", "Qualitycontrolrecords"),
    ("安全和使用功能核查及抽查结果", "Safetyandfunctionchecksandspottests"),
    ("观感质量验收", "Appearance"),
    ("验收记录", "Record"),
    ("验收结论", "Result"),
    ("综合验收结论", "Overallconclusion"),
    ("建设单位", "Owner"),
    ("监理单位", "Supervisor"),
    ("设计单位", "Designer"),
    ("居民代表", "Residents'representative"),
    ("街道/社区", "Street/community"),
    ("专业经营单位", "Utilityoperator"),
    ("转入保修期的重大隐患", "majorhazardscarriedintothewarrantyperiod"),
]


@pytest.fixture(scope="module")
def prof(demo_profile, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("acc") / "profile"
    shutil.copytree(demo_profile, path)
    return path


def _print(prof: Path, stage: str, out: Path, lang: str = "zh") -> list[str]:
    with Store.open(prof) as s:
        p = s.find(Project, "stage = ?", [stage])[0]
        build_report(s, "acceptance", out, project_id=p.id, lang=lang)
    return pages(out)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_record_has_every_field_of_h_0_1_1(prof, tmp_path, lang):
    text = "".join(_print(prof, "warranty", tmp_path / "a.pdf", lang))
    i = 0 if lang == "zh" else 1
    missing = [f[i] for f in FIELDS if f[i] not in text]
    assert missing == []
    # Every row is answered and passes, the hazards left were carried over: 合格, nothing canned.
    assert ("综合验收结论合格" if lang == "zh" else "OverallconclusionAccepted") in text
    assert "工程已按设计和合同约定完成" not in text


def test_the_carried_over_hazards_print_with_their_reasons(prof, tmp_path):
    text = "".join(_print(prof, "warranty", tmp_path / "a.pdf"))
    with Store.open(prof) as s:
        p = s.find(Project, "stage = 'warranty'")[0]
        carried = [
            (s.get(Defect, e.defect_id), e.note)
            for e in s.find(DefectEvent, "kind = 'carried_over'")
        ]
    carried = [(d, note) for d, note in carried if d.project_id == p.id]
    assert carried, "the demo carries its open major hazards over"
    for d, note in carried:
        assert re.sub(r"\s+", "", d.title) in text and re.sub(r"\s+", "", note) in text


def test_a_draft_record_prints_draft_on_every_page_and_cannot_conclude(prof, tmp_path):
    shown = _print(prof, "acceptance", tmp_path / "d.pdf")
    assert len(shown) >= 1 and all("草稿" in pg for pg in shown)
    text = "".join(shown)
    assert "综合验收结论合格" not in text and "验收记录尚未提交" in text
    assert "未验收（草稿）" in text  # no acceptance date for a draft


def test_the_conclusion_follows_the_answers():
    answers = {
        "subdivisions": [{"subdivision": "屋面", "subdivision_result": "pass"}],
        **{i: "conform" for i in h.QUALITY_RECORDS},
        **{i: "conform" for i in h.FUNCTION_CHECKS},
        **{i: "good" for i in h.APPEARANCE_CHECKS},
    }
    assert h.record(answers).verdict == h.PASSED
    assert h.record({**answers, "fc_gas": "nonconform"}).verdict == h.FAILED
    assert h.record({**answers, "ap_roof": "poor"}).rows[3].verdict_name == ("差", "Poor")
    unanswered = {k: v for k, v in answers.items() if k != "qr_tests"}
    assert h.record(unanswered).verdict == h.INCOMPLETE  # an unanswered item never passes
    assert h.record(answers, open_major=["燃气管道占压"]).verdict == h.FAILED
    assert h.record(answers, draft=True).verdict == h.INCOMPLETE
    assert h.record({}).verdict == h.INCOMPLETE


def test_a_failed_check_in_the_checklist_turns_the_printed_conclusion(prof, tmp_path):
    copy = tmp_path / "p"
    shutil.copytree(prof, copy)
    with Store.open(copy) as s:
        p = s.find(Project, "stage = 'warranty'")[0]
        insp = s.find(Inspection, "project_id = ? AND kind = 'acceptance'", [p.id])[0]
        insp.answers = {**insp.answers, "fc_gas": "nonconform"}
        s.db.execute(  # as a record changed after submission would read (the lock is the app's)
            "UPDATE inspections SET answers = ? WHERE id = ?",
            [__import__("json").dumps(insp.answers, ensure_ascii=False), insp.id],
        )
    text = "".join(_print(copy, "warranty", tmp_path / "f.pdf"))
    assert "综合验收结论不合格" in text and "共核查8项，符合要求7项" in text
