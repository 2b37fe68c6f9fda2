"""Printed reports from the demo profile, checked with poppler and qpdf as a reader would."""

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from inspect_app.core.defect_status import local_today
from inspect_app.core.model import (
    Defect,
    DefectStatus,
    Inspection,
    IssuedReport,
    Organization,
    OrgKind,
    Photo,
    PhotoLink,
    Project,
    Signature,
    User,
)
from inspect_app.reports.build import KINDS, build_report
from inspect_app.reports.context import Ctx
from inspect_app.reports.data import Filters, find_defects
from inspect_app.reports.photos import cache_root, print_copy
from inspect_app.reports.rectification import FORM_KINDS
from inspect_app.store import Store
from inspect_app.store.signing import current_hash
from inspect_app.store.store import now_iso

PROJECT = "和平里东街小区"


def pdftext(pdf: Path) -> str:
    """The text of a PDF with all white space removed, so words wrapped in a cell still match."""
    out = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, check=True)
    return re.sub(r"\s+", "", out.stdout.decode("utf-8"))


def sign(
    store: Store, target_type: str, target_id: str, name: str, role: str, org: str
) -> Signature:
    """A signature as the app makes one: the hash of what is signed and a PNG of the strokes."""
    img = Image.new("RGB", (360, 120), "white")
    ImageDraw.Draw(img).line(
        [(20, 90), (90, 30), (160, 85), (250, 25), (330, 80)], fill="navy", width=6
    )
    buf = io.BytesIO()
    img.save(buf, "PNG")
    org_id = next(o.id for o in store.find(Organization) if o.short_name == org)
    return store.save(
        Signature(
            target_type=target_type,
            target_id=target_id,
            signer_name=name,
            signer_role=role,
            org_id=org_id,
            signed_at=now_iso(),
            content_hash=current_hash(store, target_type, target_id),
            image_sha256=store.blobs.put_bytes(buf.getvalue()),
        )
    )


@pytest.fixture(scope="module")
def profile(demo_profile, tmp_path_factory) -> Path:
    """A copy of the demo profile with signatures on an inspection and on a project."""
    prof = tmp_path_factory.mktemp("reports") / "profile"
    shutil.copytree(demo_profile, prof)
    with Store.open(prof) as s:
        p = s.find(Project, "name = ?", [PROJECT])[0]
        insp = s.find(Inspection, "project_id = ? AND status = 'signed'", [p.id])[0]
        sign(s, "inspections", insp.id, "李娜", "检查人", "华建监理")
        for name, role, org in (
            ("陈静", "建设单位", "东城区住建委"),
            ("王强", "监理单位", "华建监理"),
            ("赵磊", "施工单位", "北京城建"),
        ):
            sign(s, "projects", p.id, name, role, org)
    return prof


@pytest.fixture(scope="module")
def reports(profile, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("pdf")
    paths = {}
    with Store.open(profile) as s:
        p = s.find(Project, "name = ?", [PROJECT])[0]
        insp = s.find(Inspection, "project_id = ? AND status = 'signed'", [p.id])[0]
        for kind in KINDS:
            target = {"inspection_id": insp.id} if kind == "inspection" else {"project_id": p.id}
            paths[kind] = out / f"{kind}.pdf"
            build_report(s, kind, paths[kind], **target)
    return paths


def shown_defects(store: Store, kind: str) -> list[Defect]:
    """The defects each kind must list, chosen from the store independently of the layout."""
    p = store.find(Project, "name = ?", [PROJECT])[0]
    all_defects = store.find(Defect, "project_id = ?", [p.id])
    insp = store.find(Inspection, "project_id = ? AND status = 'signed'", [p.id])[0]
    by_status = {
        "survey": None,
        "defects": None,
        "rectification-notice": {DefectStatus.ASSIGNED},
        "rectification-reply": {DefectStatus.RECTIFIED, DefectStatus.VERIFIED, DefectStatus.CLOSED},
        "acceptance": {DefectStatus.OPEN, DefectStatus.ASSIGNED, DefectStatus.RECTIFIED},
        "handover": set(),
    }
    if kind == "inspection":
        return [d for d in all_defects if d.inspection_id == insp.id]
    if kind == "survey":  # the survey's hazards only: no construction-stage defects
        surveys = {
            i.id for i in store.find(Inspection, "project_id = ? AND kind = 'survey'", [p.id])
        }
        return [d for d in all_defects if d.pre_existing or d.inspection_id in surveys]
    if kind == "stop-order":  # the demo stops works for the works' own open major hazards
        return [
            d
            for d in all_defects
            if d.severity == "major" and not d.pre_existing and d.status == "assigned"
        ]
    wanted = by_status[kind]
    return [d for d in all_defects if wanted is None or d.status in wanted]


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_kind_prints_title_project_and_defects(kind, reports, profile):
    text = pdftext(reports[kind])
    assert KINDS[kind][0] in text  # the Chinese title
    assert PROJECT in text
    with Store.open(profile) as s:
        defects = shown_defects(s, kind)
        record = s.find(IssuedReport, "kind = ?", [kind])[0]
    if kind not in ("handover", "inspection"):
        assert defects, f"the demo should give the {kind} report something to list"
    missing = [d.title for d in defects if re.sub(r"\s+", "", d.title) not in text]
    assert missing == []
    # A supervision form's page carries its own 编号, issued once; the print is named by its id.
    assert (record.id if kind in FORM_KINDS else record.number) in text
    assert "第1页共" in text and "打印时间" in text
    assert record.content_hash in text


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_font_is_embedded_and_the_file_is_sound(kind, reports, tmp_path):
    fonts = subprocess.run(
        ["pdffonts", str(reports[kind])], capture_output=True, text=True, check=True
    )
    rows = fonts.stdout.strip().splitlines()[2:]
    assert rows, "the report has no fonts?"
    for row in rows:
        name, emb = row.split()[0], row.split()[-5]
        assert emb == "yes", f"{name} is not embedded"
        assert "WenQuanYi" in name
    check = subprocess.run(["qpdf", "--check", str(reports[kind])], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "30",
            "-f",
            "1",
            "-l",
            "1",
            str(reports[kind]),
            str(tmp_path / "p"),
        ],
        check=True,
    )
    (png,) = tmp_path.glob("p*.png")
    with Image.open(png) as im:
        dark = sum(1 for px in im.convert("L").get_flattened_data() if px < 128)
    assert dark > 500  # ink on the page: the grid and the title were drawn


def test_english_report(profile, tmp_path):
    with Store.open(profile) as s:
        p = s.find(Project, "name = ?", [PROJECT])[0]
        build_report(s, "acceptance", tmp_path / "a.pdf", project_id=p.id, lang="en")
    text = pdftext(tmp_path / "a.pdf")
    assert "CompletionAcceptanceRecord" in text and "Page1of" in text and "竣工验收记录" not in text


def test_signed_acceptance_shows_each_party_and_a_valid_hash(reports, profile):
    text = pdftext(reports["acceptance"])
    with Store.open(profile) as s:
        p = s.find(Project, "name = ?", [PROJECT])[0]
        record = s.find(IssuedReport, "kind = 'acceptance'")[0]
        assert record.content_hash == current_hash(s, "projects", p.id)  # the content signed
        assert len(record.signatures) == 3
    for name in ("陈静", "王强", "赵磊"):
        assert name in text
    assert text.count("电子签名有效") == 3


def test_verify_passes_untouched_and_names_the_field_changed_after_signing(
    reports, profile, tmp_path, cli
):
    prof = tmp_path / "p"
    shutil.copytree(profile, prof)
    code, out, err = cli("verify", reports["inspection"], "--data", prof)
    assert code == 0, out + err
    assert "OK" in out and "signature of 检查人 李娜 is valid" in out and "byte for byte" in out

    with Store.open(prof) as s:
        record = s.find(IssuedReport, "kind = 'inspection'")[0]
        insp = s.get(Inspection, record.target_id)
        insp.notes = "签字后补记的内容"
        s.save(insp)
    code, out, _ = cli("verify", reports["inspection"], "--data", prof)
    assert code == 1 and "FAILED" in out
    assert (
        f"inspections/{insp.id}" in out
        and "field record.notes changed" in out
        and "签字后补记的内容" in out
    )
    assert "signature of 检查人 李娜 is void" in out


def test_verify_names_a_changed_answer_and_a_changed_defect(reports, profile, tmp_path, cli):
    prof = tmp_path / "p"
    shutil.copytree(profile, prof)
    with Store.open(prof) as s:
        record = s.find(IssuedReport, "kind = 'survey'")[0]
        d = s.get(
            Defect, next(k.split("/")[1] for k in record.contents if k.startswith("defects/"))
        )
        d.due_date = "2099-01-01"
        s.save(d)
        insp_rec = s.find(IssuedReport, "kind = 'inspection'")[0]
        insp = s.get(Inspection, insp_rec.target_id)
        insp.answers = {**insp.answers, "meter_years": 99}
        s.save(insp)
    code, out, _ = cli("verify", reports["survey"], "--data", prof)
    assert code == 1 and f"defects/{d.id}" in out and "field record.due_date changed" in out
    code, out, _ = cli("verify", reports["inspection"], "--data", prof)
    assert code == 1 and "record.answers.meter_years" in out and "→ 99" in out


def test_verify_reads_the_ids_from_the_page_text_when_metadata_is_gone(
    reports, profile, tmp_path, cli
):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(reports["acceptance"]))
    writer.add_metadata({"/Keywords": ""})
    resaved = tmp_path / "resaved.pdf"
    with open(resaved, "wb") as f:
        writer.write(f)
    code, out, _ = cli("verify", resaved, "--data", profile)
    assert code == 0 and "saved again" in out


def test_verify_refuses_what_is_not_a_report(profile, tmp_path, cli):
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"%PDF-1.4 not really")
    code, _, err = cli("verify", junk, "--data", profile)
    assert code == 2 and ("cannot read the PDF" in err or "not an inspect-app report" in err)
    code, _, err = cli("verify", tmp_path / "missing.pdf", "--data", profile)
    assert code == 2 and "no such file" in err


def test_report_cli_with_filters_to_xlsx(profile, tmp_path, cli):
    from openpyxl import load_workbook

    with Store.open(profile) as s:
        p = s.find(Project, "name = ?", [PROJECT])[0]
        expected = [
            d.title
            for d in s.find(Defect, "project_id = ? AND severity = 'major'", [p.id])
            if d.status == "assigned"  # waiting on the contractor (core.defect_status)
            and d.due_date
            and d.due_date < local_today().isoformat()
        ]
    out = tmp_path / "overdue.xlsx"
    code, _, err = cli(
        "report",
        "defects",
        "--data",
        profile,
        "--project",
        p.id,
        "--out",
        out,
        "--severity",
        "major",
        "--overdue",
    )
    assert code == 0, err
    ws = load_workbook(out).active
    rows = list(ws.iter_rows(values_only=True))
    head = next(i for i, r in enumerate(rows) if r[0] == "序号")
    titles = [r[1] for r in rows[head + 1 :]]
    assert sorted(titles) == sorted(expected) and expected
    assert all(r[3] == "重大" and r[9] for r in rows[head + 1 :])


def test_bad_requests_get_a_message_and_leave_no_file(profile, tmp_path, cli):
    code, _, err = cli(
        "report", "survey", "--data", profile, "--project", "nope", "--out", tmp_path / "x.pdf"
    )
    assert code == 2 and "no projects record nope" in err
    with Store.open(profile) as s:
        pid = s.find(Project, "name = ?", [PROJECT])[0].id
    code, _, err = cli(
        "report", "survey", "--data", profile, "--project", pid, "--out", tmp_path / "x.xlsx"
    )
    assert code == 2 and ".pdf" in err
    code, _, err = cli(
        "report", "survey", "--data", profile, "--project", pid, "--out", tmp_path / "no" / "x.pdf"
    )
    assert code == 2 and "no such folder" in err
    assert list(tmp_path.iterdir()) == []


def test_print_copies_are_cached_oriented_and_marked_up(store, tmp_path):
    # A 4:3 camera image stored sideways with EXIF orientation 6 (rotate 90° to display).
    img = Image.new("RGB", (1600, 1200), (200, 200, 200))
    ImageDraw.Draw(img).rectangle([0, 0, 400, 1200], fill=(0, 0, 255))
    exif = Image.Exif()
    exif[0x0112] = 6
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif)
    photo = Photo(
        sha256=store.blobs.put_bytes(buf.getvalue()), width=1200, height=1600, orientation=6
    )
    path = print_copy(store, photo)
    with Image.open(path) as im:
        assert im.size == (480, 640)  # portrait, long side 640
        assert im.getpixel((240, 20))[2] > 200  # the blue band is at the top once turned
    mtime = path.stat().st_mtime_ns
    assert print_copy(store, photo) == path and path.stat().st_mtime_ns == mtime  # cached
    photo.annotations = [{"kind": "rect", "points": [[0.4, 0.4], [0.6, 0.6]], "color": "#ff0000"}]
    marked = print_copy(store, photo)
    assert marked != path and marked.parent.parent == cache_root(store)
    with Image.open(marked) as im:
        r, g, _ = im.getpixel((round(0.4 * 480), 320))
        assert r > 200 and g < 80  # the red markup is drawn on the print copy


def test_a_damaged_photo_is_reported_in_its_place(profile, tmp_path):
    prof = tmp_path / "p"
    shutil.copytree(profile, prof)
    shutil.rmtree(prof / "cache", ignore_errors=True)
    with Store.open(prof) as s:
        p = s.find(Project, "name = ?", [PROJECT])[0]
        link = next(
            link
            for link in s.find(PhotoLink, "target_type = 'defect'")
            if s.get(Defect, link.target_id).project_id == p.id
        )
        photo = s.get(Photo, link.photo_id)
        s.blobs.path(photo.sha256).write_bytes(b"\xff\xd8 truncated")
        build_report(s, "survey", tmp_path / "s.pdf", project_id=p.id)
    assert "照片文件缺失或已损坏" in pdftext(tmp_path / "s.pdf")


def test_defect_filters(profile):
    with Store.open(profile) as s:
        p = s.find(Project, "name = ?", [PROJECT])[0]
        ctx = Ctx(store=s, kind="defects", project=p)
        org = next(
            o
            for o in s.find(Organization)
            if o.kind == OrgKind.CONTRACTOR and o.short_name == "北京城建"
        )
        found = find_defects(
            ctx, "project_id = ?", [p.id], Filters(status=["assigned"], assignee="北京城建")
        )
        assert found and all(d.status == "assigned" and d.assignee_org_id == org.id for d in found)
        assert find_defects(ctx, "project_id = ?", [p.id], Filters(assignee="nobody")) == []
        majors_first = find_defects(ctx, "project_id = ?", [p.id])
        ranks = [("major", "serious", "minor").index(d.severity) for d in majors_first]
        assert ranks == sorted(ranks)


OTHER_TEMPLATE = """
id: site-safety
version: 2
title: {zh: 施工现场安全巡查, en: Site safety patrol}
kind: patrol
sections:
  - id: scaffold
    title: {zh: 脚手架, en: Scaffolding}
    items:
      - id: ties
        type: pass_fail
        label: {zh: 连墙件设置符合要求, en: Wall ties in place}
      - id: nets
        type: choice
        multiple: true
        label: {zh: 安全网, en: Safety nets}
        options:
          - {value: full, label: {zh: 满挂密目网, en: Full}}
          - {value: torn, label: {zh: 网体破损, en: Torn}, fails: true}
  - id: power
    title: {zh: 临时用电, en: Temporary power}
    show_if: [{item: ties, equals: fail}]
    items:
      - id: rcd_ma
        type: number
        unit: mA
        max: 30
        label: {zh: 漏电保护动作电流, en: RCD trip current}
"""


def _patrol(store: Store, answers: dict) -> Inspection:
    from inspect_app.core.model import InspectionKind, TemplateSnapshot
    from inspect_app.core.templates import content_hash

    p = store.find(Project, "name = ?", [PROJECT])[0]
    snap = store.save(
        TemplateSnapshot(
            template_id="site-safety",
            version=2,
            content_hash=content_hash(OTHER_TEMPLATE),
            content=OTHER_TEMPLATE,
        )
    )
    return store.save(
        Inspection(
            project_id=p.id,
            template_id="site-safety",
            template_version=2,
            template_hash=snap.content_hash,
            kind=InspectionKind.PATROL,
            title="4号楼外架巡查",
            answers=answers,
        )
    )


def test_inspection_record_follows_any_template(profile, tmp_path):
    prof = tmp_path / "p"
    shutil.copytree(profile, prof)
    with Store.open(prof) as s:
        insp = _patrol(s, {"ties": "fail", "nets": ["full", "torn"], "rcd_ma": 45})
        build_report(s, "inspection", tmp_path / "i.pdf", inspection_id=insp.id)
    text = pdftext(tmp_path / "i.pdf")
    for expected in (
        "施工现场安全巡查",
        "4号楼外架巡查",
        "1.脚手架",
        "2.临时用电",
        "连墙件设置符合要求",
        "满挂密目网、网体破损",
        "45mA",
    ):
        assert expected in text
    assert text.count("不合格") >= 3 + 1  # three failed answers, and the failed count's label
    with Store.open(prof) as s:
        insp2 = _patrol(s, {"ties": "pass", "nets": ["full"]})
        build_report(s, "inspection", tmp_path / "j.pdf", inspection_id=insp2.id)
    text = pdftext(tmp_path / "j.pdf")
    assert "不适用（条件不满足）" in text  # the power section is hidden when the ties pass


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        # GB 50300 sampling: the sample size, the seed and the units it draws, the lot verdict.
        (
            "spot-check",
            (
                "最小抽样数量",
                "随机种子",
                "抽中的单元编号",
                "《建筑工程施工质量验收统一标准》GB50300-2013",
            ),
        ),
        # JGJ 59: sub-table scores, the summary score and the rating.
        ("safety-score", ("分项检查评分", "汇总得分", "《建筑施工安全检查标准》JGJ59-2011")),
    ],
)
def test_inspection_record_prints_the_engines_figures(template, expected, profile, tmp_path):
    from inspect_app.store.inspections import evaluate_inspection

    with Store.open(profile) as s:
        insp = s.find(Inspection, "template_id = ? AND status = 'submitted'", [template])[0]
        ev = evaluate_inspection(s, insp)
        build_report(s, "inspection", tmp_path / "i.pdf", inspection_id=insp.id)
    text = pdftext(tmp_path / "i.pdf")
    for word in expected:
        assert word in text
    if template == "spot-check":
        drawn = "、".join(str(u) for u in ev.computed["sample"])
        assert drawn and drawn in text and str(insp.answers["sample_seed"]) in text
    else:
        rating = {"good": "优良", "pass": "合格", "fail": "不合格"}[ev.computed["rating"]]
        assert f"{ev.computed['total']:g}" in text and rating in text
        for st in ev.tables.values():
            assert f"{st.score:g}" in text


def test_reply_shows_before_and_after_photos(profile, tmp_path):
    prof = tmp_path / "p"
    shutil.copytree(profile, prof)
    with Store.open(prof) as s:
        p = s.find(Project, "name = ?", [PROJECT])[0]
        d = s.find(Defect, "project_id = ? AND status = 'verified'", [p.id])[0]
        for role, color in (("before", (120, 60, 30)), ("after", (200, 200, 210))):
            buf = io.BytesIO()
            Image.new("RGB", (800, 600), color).save(buf, "JPEG")
            ph = s.save(Photo(sha256=s.blobs.put_bytes(buf.getvalue()), caption=f"{role}-shot"))
            s.save(PhotoLink(photo_id=ph.id, target_type="defect", target_id=d.id, role=role))
        build_report(s, "rectification-reply", tmp_path / "r.pdf", project_id=p.id)
    text = pdftext(tmp_path / "r.pdf")
    assert "整改前·before-shot" in text and "整改后·after-shot" in text


@pytest.fixture
def full_disk(tmp_path):
    """A real 64 KB file system: reports do not fit on it."""
    mnt = tmp_path / "small"
    mnt.mkdir()
    r = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mnt)], capture_output=True
    )
    if r.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {r.stderr.decode().strip()}")
    yield mnt
    subprocess.run(["umount", str(mnt)], check=True)


def test_a_full_disk_gets_a_message_and_records_nothing(profile, full_disk, cli):
    with Store.open(profile) as s:
        pid = s.find(Project, "name = ?", [PROJECT])[0].id
        issued = s.count(IssuedReport)
    code, _, err = cli(
        "report", "survey", "--data", profile, "--project", pid, "--out", full_disk / "s.pdf"
    )
    assert code == 2 and "cannot write" in err and "No space left" in err
    assert list(full_disk.iterdir()) == []
    with Store.open(profile) as s:
        assert s.count(IssuedReport) == issued


def test_handover_lists_the_recorded_facilities_and_warranties(demo_profile, tmp_path):
    from inspect_app.core.model import HandoverItem, WarrantyItem

    prof = tmp_path / "profile"  # printing records the report: never in the shared demo
    shutil.copytree(demo_profile, prof)
    with Store.open(prof) as s:
        h = s.find(HandoverItem)[0]
        p = s.get(Project, h.project_id)
        items = s.find(HandoverItem, "project_id = ?", [p.id])
        warranties = s.find(WarrantyItem, "project_id = ?", [p.id])
        build_report(s, "handover", tmp_path / "h.pdf", project_id=p.id)
        orgs = {o.id: o.name for o in s.find(Organization)}
    text = pdftext(tmp_path / "h.pdf")
    assert warranties
    for it in items:
        assert re.sub(r"\s+", "", it.name) in text and orgs[it.operator_org_id] in text
    for w in warranties:
        assert w.ends_on in text and re.sub(r"\s+", "", w.description) in text


def test_notice_prints_the_notices_issued(profile, tmp_path):
    from inspect_app.store.defects import issue_notices

    prof = tmp_path / "p"
    shutil.copytree(profile, prof)
    with Store.open(prof) as s:
        p = s.find(Project, "name = ?", [PROJECT])[0]
        assigned = s.find(Defect, "project_id = ? AND status = 'assigned'", [p.id])[:3]
        s.set_actor(next(u.id for u in s.find(User) if u.name == "wangqiang"))
        (notice,) = issue_notices(s, [d.id for d in assigned], note="整改完成后附照片回复")
        build_report(s, "rectification-notice", tmp_path / "n.pdf", project_id=p.id)
    text = pdftext(tmp_path / "n.pdf")
    assert notice.number in text and notice.due_date in text and "整改完成后附照片回复" in text
    for d in assigned:
        assert re.sub(r"\s+", "", d.title) in text


def test_verify_names_the_field_when_the_report_was_printed_after_the_change(
    profile, tmp_path, cli
):
    """A signature made with the signing function keeps what was signed: a report printed
    after a change still fails verification and names the field."""
    from inspect_app.store.signatures import sign as sign_record

    prof = tmp_path / "p"
    shutil.copytree(profile, prof)
    with Store.open(prof) as s:
        p = s.find(Project, "name = ?", [PROJECT])[0]
        insp = s.find(Inspection, "project_id = ? AND status = 'submitted'", [p.id])[0]
        img = Image.new("RGB", (120, 40), "white")
        buf = io.BytesIO()
        img.save(buf, "PNG")
        sign_record(
            s,
            "inspections",
            insp.id,
            signer="wangqiang",
            password="demo",
            strokes=[[[0.1, 0.5, 0, 0.5], [0.9, 0.5, 1, 0.5]]],
            png_bytes=buf.getvalue(),
        )
        insp.title = "改过的标题"
        s.save(insp)
        build_report(s, "inspection", tmp_path / "i.pdf", inspection_id=insp.id)
    assert "签名后内容已更改，签名失效" in pdftext(tmp_path / "i.pdf")
    code, out, _ = cli("verify", tmp_path / "i.pdf", "--data", prof)
    assert code == 1 and "signature of 监理单位 王强 is void" in out and "record.title" in out
