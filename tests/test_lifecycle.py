"""A community walked from survey to warranty on a real profile: gates, refusals, an
administrator's override, votes, handover, warranty claims, complaints and audit findings."""

import json
import shutil
import sqlite3
import subprocess
from datetime import date

import pytest
import sqlite_utils

from inspect_app.core.lifecycle import GateRefused
from inspect_app.core.model import (
    Complaint,
    Defect,
    DefectStatus,
    Finding,
    HandoverItem,
    Inspection,
    InspectionKind,
    InspectionStatus,
    Organization,
    OrgKind,
    Photo,
    PhotoLink,
    Project,
    ProjectMember,
    Role,
    Severity,
    Signature,
    Stage,
    StageTransition,
    TemplateSnapshot,
    TrackStatus,
    User,
    Vote,
    VotePurpose,
    WarrantyClaim,
)
from inspect_app.core.votes import BallotRow, Choice
from inspect_app.errors import InspectError, WorkflowError
from inspect_app.paths import forms_dir
from inspect_app.store import Store, lifecycle, migrations
from inspect_app.store.profile import DB_NAME

FORMS = forms_dir()


class Community:
    """A small community and the companies around it, in a real profile."""

    def __init__(self, store: Store):
        self.s = store
        o = {k: Organization(name=n, short_name=n, kind=k) for k, n in (
            (OrgKind.OWNER, "区住建委"), (OrgKind.SUPERVISOR, "华建监理"),
            (OrgKind.CONTRACTOR, "北京城建"), (OrgKind.DESIGNER, "北京院"),
            (OrgKind.STREET, "和平里街道"))}  # fmt: skip
        self.gas = Organization(name="北京市燃气集团", short_name="燃气集团", kind=OrgKind.UTILITY)
        self.water = Organization(name="北京市自来水集团", short_name="自来水集团", kind=OrgKind.UTILITY)  # fmt: skip
        self.orgs = o
        self.admin = User(name="liuyang", display_name="刘洋", role=Role.ADMIN, org_id=o[OrgKind.OWNER].id)  # fmt: skip
        self.inspector = User(name="zhangwei", display_name="张伟", role=Role.INSPECTOR, org_id=o[OrgKind.SUPERVISOR].id)  # fmt: skip
        self.p = Project(name="和平里东街小区", address="和平里东街11号院")
        store.save_many([*o.values(), self.gas, self.water, self.admin, self.inspector, self.p])
        store.save(ProjectMember(project_id=self.p.id, org_id=self.gas.id, role=Role.CONTRACTOR))
        store.set_actor(self.inspector.id)

    def inspection(self, template_id, kind, status=InspectionStatus.SUBMITTED, **kw):
        return self.s.save(
            Inspection(project_id=self.p.id, template_id=template_id, template_version=1,
                       template_hash="h", kind=kind, status=status, title=kw.pop("title", template_id), **kw)
        )  # fmt: skip

    def vote(self, purpose, spec, matter=None):
        v = Vote(project_id=self.p.id, purpose=purpose, matter=matter or ("major" if purpose == VotePurpose.PLAN else "ordinary"),
                 subject=purpose.value, opened_on=date.today().isoformat())  # fmt: skip
        self.s.save(v)
        rows = [BallotRow(f"{i + 1}-101", f"业主{i}", a, c) for i, (a, c) in enumerate(spec)]
        lifecycle.record_ballots(self.s, v, rows)
        return v

    def advance(self, reason="", actor=None):
        lifecycle.advance(self.s, self.p.id, reason, actor=actor)
        return self.stage()

    def stage(self) -> Stage:
        return self.s.get(Project, self.p.id).stage

    def sign(self, insp, role, org=None, at="2024-06-30T10:00:00+08:00"):
        return self.s.save(
            Signature(target_type="inspection", target_id=insp.id, signer_name=f"{role}代表",
                      signer_role=role, org_id=org.id if org else "", signed_at=at)
        )  # fmt: skip


@pytest.fixture
def c(store) -> Community:
    return Community(store)


Y, N, A, X = Choice.YES, Choice.NO, Choice.ABSTAIN, Choice.ABSENT
PASSING = [(100, Y)] * 8 + [(100, N), (100, X)]


def missing_of(exc) -> str:
    return str(exc.value)


def test_a_community_from_survey_to_warranty(c, tmp_path):
    s = c.s
    # ---- survey → plan: nothing yet, everything is missing and said so ----
    # a household gas check is not the community's gas survey
    c.inspection("gas-household", InspectionKind.SURVEY)
    with pytest.raises(GateRefused) as e:
        c.advance()
    msg = missing_of(e)
    for words in (
        "gas hazard survey",
        "drainage hazard survey",
        "community facilities survey",
        "no vote yet",
    ):
        assert words in msg
    assert c.stage() == Stage.SURVEY

    c.inspection("gas-survey", InspectionKind.SURVEY)
    c.inspection("drainage-survey", InspectionKind.SURVEY, status=InspectionStatus.SIGNED)
    c.inspection("community-facilities", InspectionKind.SURVEY, status=InspectionStatus.DRAFT)
    c.inspection("patrol", InspectionKind.PATROL)  # not a survey: counts for nothing
    # A consent round where too few took part: 5 of 10 owners.
    c.vote(VotePurpose.CONSENT, [(100, Y)] * 5 + [(100, X)] * 5)
    with pytest.raises(GateRefused) as e:
        c.advance()
    msg = missing_of(e)
    assert "1 still drafts" in msg and "participating area 50.00%, below 66.67%" in msg
    assert "gas hazard survey" not in msg

    c.inspection("facilities-survey", InspectionKind.SURVEY)
    c.vote(VotePurpose.CONSENT, PASSING)  # a second round supersedes the first
    assert c.advance() == Stage.PLANNED
    assert c.advance() == Stage.VOTING  # no conditions to put the plan to the vote

    # ---- plan vote: passes by head, fails by area ----
    big = [(40, Y)] * 9 + [(400, N)]
    c.vote(VotePurpose.PLAN, big)
    with pytest.raises(GateRefused) as e:
        c.advance()
    msg = missing_of(e)
    assert "area approving 47.37%" in msg and "owners approving" not in msg
    assert "property management" in msg and "no vote yet" in msg

    c.vote(VotePurpose.PLAN, [(40, Y)] * 9 + [(100, N)])  # 360/460 = 78% by area, 9/10 by head
    c.vote(VotePurpose.PROPERTY, PASSING)
    assert c.advance() == Stage.CONSTRUCTION

    # ---- construction → acceptance: refusal, then an administrator's override ----
    hazard = s.save(Defect(project_id=c.p.id, title="燃气立管锈蚀", severity=Severity.MAJOR))
    s.save(Defect(project_id=c.p.id, title="外墙保温层空鼓", severity=Severity.SERIOUS,
                           status=DefectStatus.ASSIGNED, assignee_org_id=c.orgs[OrgKind.CONTRACTOR].id))  # fmt: skip
    with pytest.raises(GateRefused) as e:
        c.advance()
    assert "1 major hazards still open" in missing_of(
        e
    ) and "1 rectification notices open" in missing_of(e)
    hazard.status = DefectStatus.CLOSED
    s.save(hazard)
    with pytest.raises(InspectError, match="only an administrator"):
        c.advance("居民急需入住", actor=c.inspector.id)
    with pytest.raises(InspectError, match="too short"):
        c.advance(" 急 ", actor=c.admin.id)
    assert c.stage() == Stage.CONSTRUCTION
    reason = "外墙空鼓整改已排期至保修期内完成，经区住建委同意先行验收"
    assert c.advance(reason, actor=c.admin.id) == Stage.ACCEPTANCE
    (tr,) = [t for t in lifecycle.transitions(s, c.p.id) if t.override_reason]
    assert tr.override_reason == reason and tr.actor_id == c.admin.id
    assert tr.from_stage == Stage.CONSTRUCTION and tr.to_stage == Stage.ACCEPTANCE
    assert any("rectification notices" in m for m in tr.missing)
    # Logged: audited and queued for sync with the reason.
    (audit,) = s.history("stage_transitions", tr.id)
    assert audit["changes"]["override_reason"] == reason and audit["actor"] == c.admin.id
    assert (
        s.db.execute("SELECT count(*) FROM outbox WHERE table_name='stage_transitions'").fetchone()[
            0
        ]
        == 4
    )
    with pytest.raises(InspectError):  # a fact: cannot be edited afterwards
        tr.override_reason = "改写"
        s.save(tr)

    # ---- acceptance → handover: every party signs the acceptance record ----
    acc = c.inspection("acceptance-record", InspectionKind.ACCEPTANCE, title="竣工验收记录")
    for role, org in (("建设单位", c.orgs[OrgKind.OWNER]), ("supervisor", c.orgs[OrgKind.SUPERVISOR]),
                      ("施工单位", c.orgs[OrgKind.CONTRACTOR]), ("设计单位", c.orgs[OrgKind.DESIGNER]),
                      ("街道/社区", c.orgs[OrgKind.STREET])):  # fmt: skip
        c.sign(acc, role, org)
    with pytest.raises(GateRefused) as e:
        c.advance()
    assert "acceptance record signed by Residents' representative: not signed" in missing_of(e)
    c.sign(acc, "居民代表", at="2024-07-01T09:30:00+08:00")
    assert c.advance() == Stage.HANDOVER
    assert lifecycle.acceptance_date(s, c.p.id) == date(2024, 7, 1)

    # ---- handover → warranty: each utility operator signs ----
    ho = c.inspection("handover-list", InspectionKind.HANDOVER, title="移交清单")
    s.save(HandoverItem(project_id=c.p.id, facility="gas", name="庭院燃气管道 320 m", operator_org_id=c.gas.id, inspection_id=ho.id))  # fmt: skip
    s.save(HandoverItem(project_id=c.p.id, facility="water", name="二次供水泵房", operator_org_id=c.water.id, inspection_id=ho.id))  # fmt: skip
    c.sign(ho, "专业经营单位", c.gas)
    with pytest.raises(GateRefused) as e:
        c.advance()
    assert "handed over to 自来水集团" in missing_of(e) and "燃气集团" not in missing_of(e)
    c.sign(ho, "专业经营单位", c.water)
    assert c.advance() == Stage.WARRANTY
    with pytest.raises(InspectError, match="last stage"):
        c.advance()

    # ---- warranty: periods from art. 40, starting at the acceptance date ----
    elec = lifecycle.add_warranty_item(s, c.p.id, "electrical", description="楼道照明线路")
    roof = lifecycle.add_warranty_item(s, c.p.id, "roof_waterproofing", description="屋面防水")
    heat = lifecycle.add_warranty_item(s, c.p.id, "heating", description="供暖管道")
    assert (elec.starts_on, elec.ends_on) == ("2024-07-01", "2026-06-30")
    assert roof.ends_on == "2029-06-30"
    assert heat.ends_on == "2026-03-15"  # 2nd heating season starting after acceptance ends
    in_time = lifecycle.record_claim(
        s, elec.id, date(2026, 6, 30), "3单元楼道灯不亮", resident="王秀英"
    )
    late = lifecycle.record_claim(
        s, elec.id, date(2026, 7, 1), "4单元楼道灯闪烁", resident="李建国"
    )
    visit = lifecycle.record_claim(
        s, roof.id, date(2030, 1, 1), "回访：屋面无渗漏", kind="return_visit"
    )
    assert not in_time.after_expiry and late.after_expiry and not visit.after_expiry
    assert s.get(WarrantyClaim, late.id).after_expiry is True  # survives the round trip
    lifecycle.reply(s, late, "已过保修期，由物业维修基金列支处理", close=True)
    assert s.get(WarrantyClaim, late.id).status == TrackStatus.CLOSED

    # ---- the stage record prints every gate and the override's reason ----
    st = lifecycle.status(s, c.p.id)
    assert st.project.stage == Stage.WARRANTY and all(
        g.met for g in st.gates if g.to_stage != Stage.ACCEPTANCE
    )
    from inspect_app.reports.tally import status_sheet

    pdf = tmp_path / "status.pdf"
    status_sheet(s, pdf, st, {c.admin.id: "刘洋"})
    text = subprocess.run(
        ["pdftotext", "-raw", pdf, "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "管理员强制推进记录" in text and "刘洋" in text
    assert "外墙空鼓整改已排期至保修期内完成" in "".join(text.split())
    fonts = subprocess.run(["pdffonts", pdf], capture_output=True, text=True, check=True).stdout
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:])  # fmt: skip


def test_a_notice_carried_over_explicitly_lets_acceptance_through(c):
    c.p.stage = Stage.CONSTRUCTION
    c.s.save(c.p)
    d = c.s.save(Defect(project_id=c.p.id, title="绿化补植", status=DefectStatus.RECTIFIED))
    with pytest.raises(GateRefused):
        c.advance()
    with pytest.raises(InspectError, match="needs a reason"):
        lifecycle.carry_over(c.s, d.id, "  ")
    lifecycle.carry_over(c.s, d.id, "季节原因，春季补植，转入保修期跟踪")
    assert c.advance() == Stage.ACCEPTANCE
    cond = lifecycle.status(c.s, c.p.id).gates[3].conditions[1]
    assert cond.met and cond.evidence[0].id == d.id  # the carried-over notice is shown


def test_raised_project_thresholds_are_used_by_the_gate(c):
    c.p.stage = Stage.VOTING
    c.p.settings = {"vote_thresholds": {"plan": {"approval_area": "9/10", "approval_head": "9/10", "law": "某市老旧小区改造办法"}}}  # fmt: skip
    c.s.save(c.p)
    c.vote(VotePurpose.PLAN, [(100, Y)] * 8 + [(100, N)] * 2)  # 4/5 passes art. 278, not 9/10
    c.vote(VotePurpose.PROPERTY, PASSING)
    with pytest.raises(GateRefused, match=r"area approving 80\.00%"):
        c.advance()


def test_complaints_link_to_defects_and_are_tracked_to_a_reply(c):
    s = c.s
    with pytest.raises(InspectError, match="who and what"):
        lifecycle.file_complaint(s, Complaint(project_id=c.p.id, resident="", what="噪音"))
    d = s.save(Defect(project_id=c.p.id, title="夜间施工噪音"))
    one = lifecycle.file_complaint(s, Complaint(project_id=c.p.id, resident="王秀英", what="夜间22点后仍在切割", location_text="3号楼"), defect_id=d.id)  # fmt: skip
    photo = s.save(Photo(sha256="ab" * 32, caption="扶手松动"))
    two = lifecycle.file_complaint(s, Complaint(project_id=c.p.id, resident="李建国", what="楼道扶手松动", location_text="5号楼2单元"), new_defect=True, photo_ids=[photo.id])  # fmt: skip
    links = {(pl.target_type, pl.target_id) for pl in s.find(PhotoLink, "photo_id = ?", [photo.id])}
    assert links == {("complaint", two.id), ("defect", two.defect_id)}
    before = s.count(Complaint)
    with pytest.raises(InspectError):  # a photo that does not exist: nothing is kept
        lifecycle.file_complaint(s, Complaint(project_id=c.p.id, resident="x", what="y"), new_defect=True, photo_ids=["nope"])  # fmt: skip
    assert s.count(Complaint) == before and s.count(Defect) == 2
    new = s.get(Defect, two.defect_id)
    assert (
        one.defect_id == d.id and new.title == "楼道扶手松动" and new.location_text == "5号楼2单元"
    )
    assert lifecycle.status(s, c.p.id).open_complaints == 2
    with pytest.raises(InspectError, match="empty"):
        lifecycle.reply(s, one, " ")
    lifecycle.reply(s, one, "已要求施工单位22点后停止切割作业", close=True)
    assert s.get(Complaint, one.id).status == TrackStatus.CLOSED
    assert lifecycle.status(s, c.p.id).open_complaints == 1
    with pytest.raises(InspectError):
        lifecycle.file_complaint(
            s, Complaint(project_id=c.p.id, resident="x", what="y"), defect_id="nope"
        )


def test_audit_findings_are_tracked_like_defects_and_counted(c):
    s = c.s
    f1 = s.save(
        Finding(
            project_id=c.p.id, source="区审计局", title="签证变更资料不全", deadline="2024-01-31"
        )
    )
    s.save(
        Finding(
            project_id=c.p.id, source="市住建委督查", title="雨污分流未完成", deadline="2999-12-31"
        )
    )
    assert lifecycle.open_findings(s, c.p.id, date(2024, 6, 1)) == {"open": 2, "overdue": 1}
    for action, role in (
        ("assign", Role.SUPERVISOR),
        ("reply", Role.CONTRACTOR),
        ("verify", Role.SUPERVISOR),
    ):
        lifecycle.move_finding(s, f1.id, action, role)
    with pytest.raises(WorkflowError):
        lifecycle.move_finding(s, f1.id, "close", Role.CONTRACTOR)
    lifecycle.move_finding(s, f1.id, "close", Role.SUPERVISOR)
    assert s.get(Finding, f1.id).status == DefectStatus.CLOSED
    assert lifecycle.open_findings(s, c.p.id, date(2024, 6, 1)) == {"open": 1, "overdue": 0}
    assert [h["action"] for h in s.history("findings", f1.id)] == ["create"] + ["update"] * 4  # fmt: skip


def test_warranty_needs_an_acceptance_date_and_a_known_work_type(c):
    with pytest.raises(InspectError, match="not passed acceptance"):
        lifecycle.add_warranty_item(c.s, c.p.id, "electrical")
    with pytest.raises(InspectError, match="unknown warranty work type"):
        lifecycle.add_warranty_item(c.s, c.p.id, "gold_plating", accepted_on=date(2024, 1, 1))


# ----- the command line -----------------------------------------------------------------------


def test_project_status_and_advance_from_the_command_line(cli, tmp_path):
    prof = tmp_path / "p"
    with Store.open(prof, create=True) as s:
        c = Community(s)
        c.p.stage = Stage.CONSTRUCTION
        s.save(c.p)
        hazard = s.save(Defect(project_id=c.p.id, title="燃气管道被占压", severity=Severity.MAJOR))
        pid = c.p.id
    code, out, _ = cli("project", "status", "--data", prof, "--project", pid, "--json")
    data = json.loads(out)
    assert code == 0 and data["stage"] == "construction" and data["next_stage"] == "acceptance"
    gate = next(g for g in data["gates"] if g["to_stage"] == "acceptance")
    assert gate["met"] is False
    cond = next(x for x in gate["conditions"] if x["key"] == "no_open_major_hazard")
    assert cond["met"] is False and cond["evidence"] == [
        {"table": "defects", "id": hazard.id, "text": "燃气管道被占压"}
    ]
    assert [g["to_stage"] for g in data["gates"]] == [
        "planned",
        "voting",
        "construction",
        "acceptance",
        "handover",
        "warranty",
    ]

    code, _, err = cli("project", "advance", "--data", prof, "--project", pid)
    assert code == 2 and "cannot move into Acceptance" in err and "major hazards still open" in err
    code, _, err = cli(
        "project",
        "advance",
        "--data",
        prof,
        "--project",
        pid,
        "--override-reason",
        "经专家论证可先行验收",
    )
    assert code == 2 and "only an administrator" in err
    code, out, _ = cli(
        "project",
        "advance",
        "--data",
        prof,
        "--project",
        pid,
        "--override-reason",
        "经专家论证可先行验收",
        "--user",
        "liuyang",
    )
    assert code == 0 and "reason logged" in out
    code, out, _ = cli("project", "status", "--data", prof, "--project", pid)
    assert "stage: Acceptance" in out and "经专家论证可先行验收" in out
    code, out, _ = cli(
        "project", "status", "--data", prof, "--project", pid, "--json", "--pdf", tmp_path / "s.pdf"
    )
    assert json.loads(out)["overrides"][0]["reason"] == "经专家论证可先行验收"
    assert (tmp_path / "s.pdf").read_bytes().startswith(b"%PDF")
    code, _, err = cli("project", "status", "--data", prof, "--project", "nope")
    assert code == 2 and "no projects record nope" in err  # fmt: skip


def test_consent_import_records_ballots_in_the_project(cli, tmp_path):
    prof = tmp_path / "p"
    with Store.open(prof, create=True) as s:
        pid = Community(s).p.id
    sheet = tmp_path / "b.csv"
    sheet.write_text("unit,owner,area_m2,vote,cast\n1,王秀英,80,同意,线上\n2,李建国,70.25,同意,书面\n3,张桂兰,60,反对,\n", encoding="utf-8")  # fmt: skip
    code, out, _ = cli(
        "consent", "import", sheet, "--data", prof, "--project", pid, "--purpose", "plan"
    )
    assert code == 0 and "imported 3 ballots" in out and "result: not approved" in out  # 2/3 < 3/4
    with Store.open(prof) as s:
        (vote,) = s.find(Vote)
        assert vote.matter == "major" and vote.purpose == VotePurpose.PLAN
        areas = sorted(r[0] for r in s.db.execute("SELECT area FROM ballots").fetchall())
        assert areas == ["60", "70.25", "80"]
        assert (
            s.db.execute("SELECT count(*) FROM audit WHERE table_name='ballots'").fetchone()[0] == 3
        )
    sheet.write_text("unit,owner,area_m2,vote\n4,刘芳,x,同意\n", encoding="utf-8")
    code, _, err = cli(
        "consent", "import", sheet, "--data", prof, "--project", pid, "--purpose", "plan"
    )
    assert code == 2 and "line 2" in err and "nothing was imported" in err
    with Store.open(prof) as s:
        assert (
            s.count(Vote) == 1 and s.db.execute("SELECT count(*) FROM ballots").fetchone()[0] == 3
        )


# ----- the schema -----------------------------------------------------------------------------


def test_a_profile_from_before_the_lifecycle_is_upgraded_with_its_data(tmp_path):
    prof = tmp_path / "p"
    prof.mkdir()
    db = sqlite_utils.Database(sqlite3.connect(prof / DB_NAME, isolation_level=None))
    names = [name for name, _ in migrations.MIGRATIONS]
    ours = next(n for n in names if n.endswith("_lifecycle"))  # renumbered when merged
    migrations.migrate(db, upto=names[names.index(ours) - 1])
    common = {"hlc": "000000000000001.00000.n", "author": "u", "clocks": "{}"}
    db["projects"].insert(
        {"id": "p1", "name": "地坛园小区", "stage": "handover", "settings": "{}", **common}
    )
    db.close()
    with Store.open(prof) as s:
        assert ours in migrations.applied(s.db)
        assert s.get(Project, "p1").stage == Stage.HANDOVER
        st = lifecycle.status(s, "p1")
        assert st.next_gate.to_stage == Stage.WARRANTY and not st.next_gate.met
        assert s.find(StageTransition) == []  # fmt: skip


def test_demo_profile_has_ballots_and_warranty_items(demo_profile, tmp_path):
    prof = tmp_path / "p"
    shutil.copytree(demo_profile, prof)
    with Store.open(prof) as s:
        voting = s.find(Project, "stage = 'voting'")[0]
        warranty_p = s.find(Project, "stage = 'warranty'")[0]
        votes = s.find(Vote, "project_id = ?", [voting.id])
        assert votes and all(lifecycle.vote_tally(s, v.id).total_head > 20 for v in votes)
        claims = s.find(WarrantyClaim, "project_id = ?", [warranty_p.id])
        assert any(cl.after_expiry for cl in claims) and any(
            cl.kind == "return_visit" for cl in claims
        )
        st = lifecycle.status(s, warranty_p.id)
        assert all(g.met for g in st.gates if g.to_stage in (Stage.HANDOVER, Stage.WARRANTY))


def test_only_signature_records_count_and_a_changed_record_voids_one(c):
    """A party has signed the acceptance or handover record when a Signature record says so (and
    still holds); a "signature" written as an answer inside the checklist never counts."""
    from inspect_app.store.signatures import sign

    s = c.s
    c.p.stage = Stage.ACCEPTANCE
    s.save(c.p)
    png = b"\x89PNG\r\n\x1a\n" + b"0" * 16

    def guest(target_id, name, role, **kw):
        return sign(s, "inspections", target_id, guest_name=name, guest_role=role,
                    strokes=[[[0, 0, 0, 1]]], png_bytes=png, **kw)  # fmt: skip

    parties = [{"party": k, "org_name": k, "representative": f"{k}代表", "signature": {"strokes": [[[0, 0, 0, 1]]]}}
               for k in ("owner", "supervisor", "contractor", "designer", "residents", "street")]  # fmt: skip
    acc = c.inspection("acceptance", InspectionKind.ACCEPTANCE, answers={"accepted_on": "2025-05-20", "parties": parties})  # fmt: skip
    with pytest.raises(GateRefused, match="Owner: not signed"):  # answers are not signatures
        c.advance()
    for key, role in (("owner", "建设单位"), ("supervisor", "监理单位"), ("contractor", "施工单位"),
                      ("designer", "设计单位"), ("residents", "居民代表")):  # fmt: skip
        guest(acc.id, f"{key}代表", role)
    with pytest.raises(GateRefused) as e:
        c.advance()
    assert "Street / community: not signed" in str(e.value) and "Owner" not in str(e.value)
    sig = guest(acc.id, "刘芳", "街道")
    acc.notes = "会后补充说明"  # the record changes after they signed: every signature is void
    s.save(acc)
    with pytest.raises(GateRefused, match="Street / community: not signed"):
        c.advance()
    acc.notes = ""  # put back as signed: the signatures hold again
    s.save(acc)
    assert c.advance() == Stage.HANDOVER and sig.id
    assert lifecycle.acceptance_date(s, c.p.id) == date(2025, 5, 20)
    roof = lifecycle.add_warranty_item(s, c.p.id, "roof_waterproof")  # the checklist's class name
    assert roof.work_type == "roof_waterproofing" and roof.ends_on == "2030-05-19"

    # Handover: the gas operator is a member; the water company is named on a handover sheet.
    def sheet(org_name, signed):
        insp = c.inspection("handover", InspectionKind.HANDOVER, answers={
            "receiver_kind": "water" if "水" in org_name else "gas", "receiver_org": org_name,
            "receiver_signature": {"strokes": [[[0, 0, 0, 1]]]}})  # fmt: skip
        if signed:
            s.save(TemplateSnapshot(template_id="handover", version=1, content_hash="h",
                                    content=(FORMS / "handover.yaml").read_text()))  # fmt: skip
            guest(insp.id, f"{org_name}接收人", "专业经营单位", item="receiver_signature")

    sheet("北京市自来水集团", signed=False)
    with pytest.raises(GateRefused) as e:
        c.advance()
    assert "handed over to 燃气集团" in str(e.value) and "handed over to 自来水集团" in str(e.value)
    sheet("燃气集团", signed=True)
    sheet("北京市自来水集团", signed=True)
    assert c.advance() == Stage.WARRANTY


def test_acceptance_with_an_open_major_hazard_is_refused_until_it_is_carried_over(c):
    """Passing acceptance (into handover) with an open 重大 hazard is refused, naming it; once it
    is carried over into the warranty period with a reason, the hazard no longer stops it."""
    c.p.stage = Stage.ACCEPTANCE
    c.s.save(c.p)
    acc = c.inspection("acceptance-record", InspectionKind.ACCEPTANCE, title="竣工验收记录")
    for role in ("建设单位", "监理单位", "施工单位", "设计单位", "居民代表", "街道/社区"):
        c.sign(acc, role, None)
    d = c.s.save(
        Defect(
            project_id=c.p.id,
            title="燃气管道被违章建筑占压",
            severity=Severity.MAJOR,
            status=DefectStatus.ASSIGNED,
        )
    )
    with pytest.raises(GateRefused) as e:
        c.advance()
    assert "1 major hazards still open" in missing_of(e)
    assert c.stage() == Stage.ACCEPTANCE
    lifecycle.carry_over(c.s, d.id, "燃气集团书面承诺迁改，已设警示和巡查")
    assert c.advance() == Stage.HANDOVER
