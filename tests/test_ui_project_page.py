"""The project page on real demo profiles: ribbon, gates with evidence links, vote tallies,
handover list, warranty calendar, and moving the stage on (refused, then overridden)."""

import os
import shutil
from datetime import date
from pathlib import Path

import pytest

from inspect_app.core.model import Project, Stage, StageTransition, User, Vote, WarrantyItem
from inspect_app.store import Store

# With INSPECT_SCREENSHOTS=1 the screens are kept in docs/screenshots.
SHOTS = (
    Path(__file__).parents[1] / "docs" / "screenshots"
    if os.environ.get("INSPECT_SCREENSHOTS")
    else None
)


@pytest.fixture
def profile(demo_profile, tmp_path):
    prof = tmp_path / "p"
    shutil.copytree(demo_profile, prof)
    with Store.open(prof) as s:
        yield s


def _page(qtbot, store, stage: Stage):
    from inspect_app.ui.app import application
    from inspect_app.ui.project_page import ProjectPage

    application()
    project = store.find(Project, "stage = ?", [stage.value])[0]
    page = ProjectPage(store, project.id)
    qtbot.addWidget(page)
    page.resize(1180, 860)
    page.show()
    qtbot.waitExposed(page)
    return page, project


def _shot(page, name: str) -> None:
    if SHOTS:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.grab().save(str(SHOTS / name))


def _top(page, stage_zh: str):
    tree = page.gates
    return next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount()) if stage_zh in tree.topLevelItem(i).text(0))  # fmt: skip


def test_voting_community_shows_its_tallies_and_the_missing_property_vote(qtbot, profile):
    page, project = _page(qtbot, profile, Stage.VOTING)
    assert project.name in page.title.text() and "方案表决" in page.title.text()
    assert page.ribbon.labels()[2] == "方案表决"
    into_works = _top(page, "施工")
    assert "条件未满足" in into_works.text(1)
    conds = [into_works.child(i) for i in range(into_works.childCount())]
    assert conds[0].text(0).startswith("✓") and conds[1].text(0).startswith("✗")
    assert "participating" in conds[1].text(1) or "参与" in conds[1].text(1)
    # Each vote is a row with its result; rows match the stored votes.
    votes = profile.find(Vote, "project_id = ?", [project.id])
    assert page.votes.rowCount() == len(votes) == 3
    results = [page.votes.item(r, 7).text() for r in range(3)]
    assert results.count("通过") == 2 and results[2] == "未达参与比例"
    # Clicking the evidence of a vote condition asks for that vote.
    link = conds[0].child(0)
    with qtbot.waitSignal(page.evidence_requested) as sig:
        page.gates.itemClicked.emit(link, 1)
    assert sig.args[0] == "votes" and sig.args[1] in {v.id for v in votes}
    with qtbot.waitSignal(page.evidence_requested) as sig:
        page.votes.cellDoubleClicked.emit(0, 3)
    assert sig.args[0] == "votes"
    _shot(page, "project_page_voting.png")


def test_warranty_community_shows_handover_and_the_calendar(qtbot, profile):
    page, project = _page(qtbot, profile, Stage.WARRANTY)
    assert page.handover.rowCount() == 4
    assert all(page.handover.item(r, 4).text().startswith("✓") for r in range(4))
    items = profile.find(WarrantyItem, "project_id = ?", [project.id])
    assert page.warranty.rowCount() == len(items) == 6
    assert any("过期报修" in page.warranty.item(r, 4).text() for r in range(6))
    elec = next(w for w in items if w.work_type == "electrical")
    assert any("保修到期" in m for m in page.marks_on(elec.ends_on))
    fmt = page.calendar.dateTextFormat()
    assert any(d.toString("yyyy-MM-dd") == elec.ends_on for d in fmt)
    assert "保修" in page.title.text() and not page.advance_button.isEnabled()
    page.tabs.setCurrentIndex(1)
    _shot(page, "project_page_handover.png")
    page.tabs.setCurrentIndex(2)
    _shot(page, "project_page_warranty.png")


def test_advancing_refused_then_overridden_by_an_administrator(qtbot, profile):
    page, project = _page(qtbot, profile, Stage.CONSTRUCTION)
    # Complaints and findings: open ones listed, the overdue finding marked.
    assert page.issues.rowCount() == 3
    states = [page.issues.item(r, 4).text() for r in range(3)]
    assert sum("逾期" in x for x in states) == 1 and "待答复" in states
    assert "未整改审计督查问题 2 项" in page.summary.text() and "1 项逾期" in page.summary.text()
    with qtbot.waitSignal(page.evidence_requested) as sig:
        page.issues.cellDoubleClicked.emit(0, 1)
    assert sig.args[0] in ("findings", "complaints")
    page.advance_button.click()
    assert "cannot move into Acceptance" in page.message.text()
    assert profile.get(Project, project.id).stage == Stage.CONSTRUCTION
    admin = profile.find(User, "role = 'admin'")[0]
    profile.set_actor(admin.id)
    page.reason.setText("区住建委批准：重大隐患已采取临时措施，先行组织竣工预验收")
    with qtbot.waitSignal(page.stage_advanced) as sig:
        page.advance_button.click()
    assert sig.args == [project.id, "acceptance"]
    assert profile.get(Project, project.id).stage == Stage.ACCEPTANCE
    (tr,) = profile.find(StageTransition, "project_id = ?", [project.id])
    assert tr.override_reason.startswith("区住建委批准") and tr.actor_id == admin.id
    assert "强制推进" in page.message.text() and "验收" in page.title.text()
    note = _top(page, "验收").child(0)
    assert note.text(1) == tr.override_reason
    with qtbot.waitSignal(page.evidence_requested) as sig:
        page.gates.itemClicked.emit(note, 0)
    assert sig.args == ["stage_transitions", tr.id]
    assert page.reason.text() == ""
    _shot(page, "project_page_override.png")
    assert date.today().isoformat()[:4] in tr.at


def test_ballots_imported_in_the_app_and_the_tally_sheet_printed(qtbot, profile, tmp_path):
    import subprocess

    page, project = _page(qtbot, profile, Stage.PLANNED)
    assert page.votes.rowCount() == 0
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "unit,owner,area_m2,vote\n1,王秀英,80,同意\n2,李建国,-1,同意\n", encoding="utf-8"
    )
    page.choose_open_file = lambda: str(bad)
    page.import_button.click()
    assert "line 3" in page.message.text() and page.votes.rowCount() == 0
    good = tmp_path / "good.csv"
    good.write_text("unit,owner,area_m2,vote,cast\n1,王秀英,80,同意,线上\n2,李建国,70,同意,书面\n3,张桂兰,60,弃权,\n", encoding="utf-8")  # fmt: skip
    page.purpose.setCurrentIndex(page.purpose.findData("plan"))
    page.choose_open_file = lambda: str(good)
    page.import_button.click()
    assert page.votes.rowCount() == 1 and page.votes.item(0, 7).text() == "未通过"  # 150/210 < 3/4
    (vote,) = profile.find(Vote, "project_id = ?", [project.id])
    assert vote.purpose == "plan" and vote.matter == "major"
    out = tmp_path / "tally.pdf"
    page.choose_save_file = lambda suggested: str(out)
    page.print_button.click()
    assert str(out) in page.message.text()
    text = subprocess.run(
        ["pdftotext", "-layout", out, "-"], capture_output=True, text=True, check=True
    ).stdout
    assert (
        "业主表决计票单" in text
        and "王秀英" in text
        and "未通过" in text
        and "第二百七十八条" in text
    )
    fonts = subprocess.run(
        ["pdffonts", out], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert fonts and all(f.split()[-5] == "yes" for f in fonts)  # fmt: skip


def test_the_main_window_opens_the_page_and_follows_its_evidence(qtbot, profile, tmp_path):
    from PySide6.QtCore import QSettings

    from inspect_app.core.model import Defect
    from inspect_app.ui.app import application
    from inspect_app.ui.main_window import MainWindow

    application()
    w = MainWindow(profile, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    w.show()
    project = profile.find(Project, "stage = 'construction'")[0]
    w.select("project", project.id)
    w.actions_["lifecycle"].trigger()
    assert (
        w.stack.currentWidget() is w.project_tabs
        and w.project_tabs.currentWidget() is w.project_page
    )
    assert project.name in w.project_page.title.text()
    hazard = profile.find(
        Defect, "project_id = ? AND severity = 'major' AND status != 'closed'", [project.id]
    )[0]
    w.project_page.evidence_requested.emit("defects", hazard.id)
    assert w.stack.currentWidget() is w.defect_editor and w.current == ("defect", hazard.id)
