"""The supervision forms of GB/T 50319-2013 as printed: 监理通知单 (A.0.3), 监理通知回复单 (B.0.9)
and 工程暂停令 (A.0.5). Each test lists the fields the official form has and finds them in the
PDF's text (pdftotext), in Chinese and in English; a notice's 编号 is the one issued, the same
on every print and in both languages; before anything is issued the print is an unnumbered
草稿 with no issue date."""

import re
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from inspect_app.core.model import Defect, Notice, Organization, Project, User
from inspect_app.reports.build import build_report
from inspect_app.reports.rectification import reply_number
from inspect_app.store import Store
from inspect_app.store import defects as ops

PROJECT = "和平里东街小区"


def text_of(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, check=True)
    return re.sub(r"\s+", "", out.stdout.decode("utf-8"))


def pages(pdf: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, check=True)
    return [re.sub(r"\s+", "", p) for p in out.stdout.decode("utf-8").split("\f") if p.strip()]


def squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


# The fields of each official form, as the printed form names them (zh, en).
NOTICE_FIELDS = [
    ("监理通知单", "SupervisionNotice"),
    ("工程名称", "Project"),
    ("编号", "No."),
    ("致", "To"),
    ("事由", "Subject"),
    ("内容", "Content"),
    ("整改期限", "Due"),
    ("要求", "Requirements"),
    ("项目监理机构", "Supervisionteam"),
    ("专业监理工程师", "Specialistsupervisingengineer"),
    ("签发日期", "Issued"),
]
REPLY_FIELDS = [
    ("监理通知回复单", "ReplytoSupervisionNotice"),
    ("工程名称", "Project"),
    ("编号", "No."),
    ("致", "To"),
    ("监理通知单编号", "NoticeNo."),
    ("整改情况", "Actiontaken"),
    ("整改后", "After"),
    ("施工项目经理部", "Contractor'ssiteteam"),
    ("项目经理", "Projectmanager"),
    ("回复时间", "Replied"),
    ("复查意见", "Re-inspection"),
    ("复查人", "Re-inspectedby"),
    ("复查时间", "Re-inspected"),
]
STOP_FIELDS = [
    ("工程暂停令", "WorksStopOrder"),
    ("工程名称", "Project"),
    ("编号", "No."),
    ("致", "To"),
    ("暂停施工部位", "Worksstopped"),
    ("签发时间", "Issued"),
    ("要求", "Requirements"),
    ("项目监理机构", "Supervisionteam"),
    ("总监理工程师", "Chiefsupervisingengineer"),
]


@pytest.fixture(scope="module")
def world(demo_profile, tmp_path_factory):
    """A copy of the demo with one notice issued now, replied with an after-photo, verified."""
    root = tmp_path_factory.mktemp("forms")
    prof = root / "profile"
    shutil.copytree(demo_profile, prof)
    with Store.open(prof) as s:
        p = s.find(Project, "name = ?", [PROJECT])[0]
        users = {u.name: u for u in s.find(User)}
        # The demo's notices go; these tests issue their own, on a known clock.
        for n in s.find(Notice):
            s.delete(Notice, n.id)
        builder = next(o for o in s.find(Organization) if o.short_name == "北京城建")
        ds = s.find(
            Defect,
            "project_id = ? AND status = 'assigned' AND assignee_org_id = ?",
            [p.id, builder.id],
        )[:2]
        assert len(ds) == 2
        s.set_actor(users["wangqiang"].id)
        (n,) = ops.issue_notices(
            s,
            [d.id for d in ds],
            subject="外墙保温及临电隐患",
            signer_title="专业监理工程师",
            now=datetime(2026, 11, 2, 16, 30, tzinfo=UTC),  # 11-03 00:30 on site
        )
        photo = ops.import_photo(s, _png(root / "after.png"), p.id, "整改后")
        s.set_actor(users["zhaolei"].id)
        ops.reply_notice(s, n.id, "已按要求整改", [photo.id])
        s.set_actor(users["wangqiang"].id)
        ops.verify(s, [ds[0].id], "复查合格")
    return prof, p.id, n.number, [d.title for d in ds]


def _png(path: Path) -> Path:
    from PIL import Image

    Image.new("RGB", (64, 48), "green").save(path)
    return path


def _print(prof, kind, project_id, out, lang):
    with Store.open(prof) as s:
        build_report(s, kind, out, project_id=project_id, lang=lang)
    return text_of(out)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_notice_has_every_field_of_a0_3(world, tmp_path, lang):
    prof, pid, number, titles = world
    text = _print(prof, "rectification-notice", pid, tmp_path / "n.pdf", lang)
    i = 0 if lang == "zh" else 1
    missing = [f[i] for f in NOTICE_FIELDS if f[i] not in text]
    assert missing == []
    assert number == "ZG-20261103-001" and number in text
    assert "2026-11-03" in text  # issued on the site's calendar, not UTC's 11-02
    assert squash("外墙保温及临电隐患") in text
    for t in titles:
        assert squash(t) in text


def test_the_number_is_the_issued_one_on_every_print_and_in_both_languages(world, tmp_path):
    prof, pid, number, _ = world
    seen = []
    for k, lang in enumerate(("zh", "en", "zh")):
        out = tmp_path / f"n{k}.pdf"
        _print(prof, "rectification-notice", pid, out, lang)
        # The page header carries the form's number on every page.
        seen.append(
            {re.search(r"(?:编号|No\.):(ZG-\d{8}-\d{3})", pg).group(1) for pg in pages(out)}
        )
    assert seen == [{number}] * 3


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_reply_cites_its_notice_and_has_every_field_of_b0_9(world, tmp_path, lang):
    prof, pid, number, _titles = world
    text = _print(prof, "rectification-reply", pid, tmp_path / "r.pdf", lang)
    i = 0 if lang == "zh" else 1
    missing = [f[i] for f in REPLY_FIELDS if f[i] not in text]
    assert missing == []
    assert number in text and reply_number(number) in text
    assert "复查合格" in text  # the re-inspection of the first item, in the words written
    # Times are the site's: nothing printed in UTC.
    assert "+00:00" not in text and "T0" not in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_stop_order_has_every_field_of_a0_5(world, tmp_path, lang):
    prof, pid, _, _ = world
    with Store.open(prof) as s:
        users = {u.name: u for u in s.find(User)}
        s.set_actor(users["wangqiang"].id)
        major = s.find(
            Defect,
            "project_id = ? AND status = 'assigned' AND severity = 'major' AND pre_existing = 0",
            [pid],
        )[0]
        (stop,) = ops.issue_notices(
            s, [major.id], form="stop", signer_title="总监理工程师", stop_scope="4号楼外脚手架"
        )
        out = tmp_path / "t.pdf"
        build_report(s, "stop-order", out, project_id=pid, lang=lang)
        s.delete(Notice, stop.id)
    text = text_of(out)
    i = 0 if lang == "zh" else 1
    missing = [f[i] for f in STOP_FIELDS if f[i] not in text]
    assert missing == []
    assert stop.number.startswith("TG-") and stop.number in text and "4号楼外脚手架" in text
    assert squash(major.title) in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_before_anything_is_issued_the_print_is_an_unnumbered_draft(demo_profile, tmp_path, lang):
    prof = tmp_path / "p"
    shutil.copytree(demo_profile, prof)
    with Store.open(prof) as s:
        for n in s.find(Notice):
            s.delete(Notice, n.id)
        p = s.find(Project, "name = ?", [PROJECT])[0]
        out = tmp_path / "d.pdf"
        build_report(s, "rectification-notice", out, project_id=p.id, lang=lang)
        waiting = s.find(Defect, "project_id = ? AND status = 'assigned'", [p.id])
        assert s.count(Notice) == 0  # printing issued nothing
    text = text_of(out)
    draft = "草稿" if lang == "zh" else "DRAFT"
    assert all(draft in pg for pg in pages(out))  # across every page
    assert re.search(r"ZG-\d{8}-\d{3}", text) is None  # no number was made up
    assert ("未签发" if lang == "zh" else "notissued") in text
    for d in waiting:
        assert squash(d.title) in text
