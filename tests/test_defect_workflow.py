"""The rectification loop on a real profile: every transition, every refusal, events and notices."""

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from workflow_world import make_world

from inspect_app.core import defect_status
from inspect_app.core.defect_status import local_today
from inspect_app.core.model import Defect, DefectStatus, Notice, Photo, PhotoLink, Severity
from inspect_app.errors import NotFound, WorkflowError
from inspect_app.store import defects as ops


@pytest.fixture
def world(store):
    return make_world(store)


def raised(w, severity=Severity.MAJOR, title="3号楼燃气立管锈蚀"):
    s = w.act(w.inspector)
    return ops.raise_defect(
        s, Defect(project_id=w.project.id, title=title, category="燃气", severity=severity)
    )


def status(w, d) -> DefectStatus:
    return w.store.get(Defect, d.id).status


def kinds(w, d) -> list[str]:
    return [e.kind for e in ops.events(w.store, d.id)]


def test_the_full_loop_leaves_one_event_per_step(world):
    w = world
    d = raised(w)
    assert status(w, d) == DefectStatus.OPEN and d.reported_by == w.inspector.id

    ops.assign(w.act(w.supervisor), [d.id], w.builder.id, w.contractor.id, note="限三日内整改")
    got = w.store.get(Defect, d.id)
    assert got.status == DefectStatus.ASSIGNED and got.assignee_org_id == w.builder.id
    # The project's deadline for a major hazard: three days from today.
    assert got.due_date == (local_today() + timedelta(days=3)).isoformat()

    ops.reply(w.act(w.contractor), [d.id], "已更换立管并做气密性试验")
    ops.reject(w.act(w.supervisor), [d.id], "照片看不清更换部位")
    assert status(w, d) == DefectStatus.ASSIGNED
    ops.reply(w.act(w.contractor), [d.id], "补充更换前后照片")
    ops.verify(w.act(w.supervisor), [d.id], "复查合格")
    ops.close(w.store, [d.id])
    got = w.store.get(Defect, d.id)
    assert got.status == DefectStatus.CLOSED and got.closed_at

    evs = ops.events(w.store, d.id)
    assert [e.kind for e in evs] == [
        "created",
        "assigned",
        "rectified",
        "rejected",
        "rectified",
        "verified",
        "closed",
    ]
    who = [e.actor_id for e in evs]
    sup, con = w.supervisor.id, w.contractor.id
    assert who == [w.inspector.id, sup, con, sup, con, sup, sup]
    assert evs[3].note == "照片看不清更换部位" and evs[3].from_status == "rectified"
    assert all(e.at for e in evs)
    # Each change went to the outbox for sync, events included.
    tables = [r[0] for r in w.store.db.execute("SELECT table_name FROM outbox")]
    assert tables.count("defect_events") == 7


def test_reopen_only_by_a_supervisor_and_with_a_reason(world):
    w = world
    d = raised(w)
    ops.assign(w.act(w.supervisor), [d.id], w.builder.id)
    ops.reply(w.act(w.contractor), [d.id], "已整改")
    ops.verify(w.act(w.supervisor), [d.id])
    ops.close(w.store, [d.id])
    with pytest.raises(WorkflowError, match="reason"):
        ops.reopen(w.store, [d.id], "  ")
    with pytest.raises(WorkflowError, match="contractor may not reopen"):
        ops.reopen(w.act(w.contractor), [d.id], "又漏气了")
    ops.reopen(w.act(w.supervisor), [d.id], "居民反映仍有燃气味")
    got = w.store.get(Defect, d.id)
    assert got.status == DefectStatus.OPEN and got.closed_at == ""
    assert kinds(w, d)[-1] == "reopened"


@pytest.mark.parametrize(
    "who, action",
    [
        ("inspector", "assign"),
        ("contractor", "assign"),
        ("inspector", "verify"),
        ("contractor", "verify"),
        ("contractor", "close"),
        ("supervisor", "reply"),
        ("inspector", "reply"),
    ],
)
def test_each_role_is_refused_what_the_table_forbids(world, who, action):
    w = world
    d = raised(w)
    # Bring the defect to the status where `action` would apply.
    if action in ("reply", "verify", "close"):
        ops.assign(w.act(w.supervisor), [d.id], w.builder.id)
    if action in ("verify", "close"):
        ops.reply(w.act(w.contractor), [d.id], "已整改")
    if action == "close":
        ops.verify(w.act(w.supervisor), [d.id])
    before = w.store.get(Defect, d.id)
    n_events = len(kinds(w, d))
    s = w.act(getattr(w, who))
    call = {
        "assign": lambda: ops.assign(s, [d.id], w.builder.id),
        "verify": lambda: ops.verify(s, [d.id]),
        "close": lambda: ops.close(s, [d.id]),
        "reply": lambda: ops.reply(s, [d.id], "已整改"),
    }[action]
    with pytest.raises(WorkflowError, match=f"{who} may not"):
        call()
    after = w.store.get(Defect, d.id)
    assert (after.status, after.hlc) == (before.status, before.hlc)
    assert len(kinds(w, d)) == n_events


def test_wrong_status_is_refused_and_changes_nothing(world):
    w = world
    d = raised(w)
    s = w.act(w.supervisor)
    with pytest.raises(WorkflowError, match="open cannot be verify"):
        ops.verify(s, [d.id])
    with pytest.raises(WorkflowError, match="cannot be close"):
        ops.close(s, [d.id])
    assert status(w, d) == DefectStatus.OPEN and kinds(w, d) == ["created"]


def test_a_contractor_cannot_raise_nor_touch_another_companys_defect(world):
    w = world
    with pytest.raises(WorkflowError, match="may not raise"):
        ops.raise_defect(w.act(w.contractor), Defect(project_id=w.project.id, title="自查问题"))
    d = raised(w)
    ops.assign(w.act(w.supervisor), [d.id], w.builder.id)
    with pytest.raises(WorkflowError, match="not assigned to your organization"):
        ops.reply(w.act(w.other_contractor), [d.id], "已整改")
    with pytest.raises(WorkflowError, match="not assigned to your organization"):
        ops.comment(w.store, d.id, "不是我们的")
    assert status(w, d) == DefectStatus.ASSIGNED


def test_bulk_actions_are_all_or_nothing(world):
    w = world
    a, b, c = raised(w), raised(w), raised(w)
    s = w.act(w.supervisor)
    ops.assign(s, [a.id, b.id], w.builder.id)
    with pytest.raises(NotFound):
        ops.assign(s, [c.id, a.id, "no-such-defect"], w.other.id)
    # c was not assigned although it came first: the transaction was rolled back.
    assert status(w, c) == DefectStatus.OPEN
    assert w.store.get(Defect, a.id).assignee_org_id == w.builder.id
    done = ops.assign(s, [c.id, a.id], w.other.id, due_date="2030-01-31")
    assert [d.status for d in done] == [DefectStatus.ASSIGNED] * 2
    assert kinds(w, a)[-1] == "reassigned"
    assert w.store.get(Defect, a.id).due_date == "2030-01-31"


def test_bad_input_is_refused_with_a_message(world):
    w = world
    d = raised(w)
    s = w.act(w.supervisor)
    with pytest.raises(WorkflowError, match="not a date"):
        ops.assign(s, [d.id], w.builder.id, due_date="next friday")
    with pytest.raises(WorkflowError, match="does not belong"):
        ops.assign(s, [d.id], w.builder.id, user_id=w.other_contractor.id)
    ops.assign(s, [d.id], w.builder.id)
    with pytest.raises(WorkflowError, match="needs a text"):
        ops.reply(w.act(w.contractor), [d.id], "   ")
    w.store.set_actor("")
    with pytest.raises(WorkflowError, match="nobody is signed in"):
        ops.verify(w.store, [d.id])
    assert status(w, d) == DefectStatus.ASSIGNED


def test_reply_links_the_evidence_photos(world):
    w = world
    d = raised(w)
    ops.assign(w.act(w.supervisor), [d.id], w.builder.id)
    photo = w.store.save(Photo(sha256="ab" * 32, caption="更换后的立管"))
    ops.reply(w.act(w.contractor), [d.id], "已更换", photo_ids=[photo.id])
    (link,) = w.store.find(PhotoLink, "target_id = ?", [d.id])
    assert link.photo_id == photo.id and link.role == "after"
    assert ops.events(w.store, d.id)[-1].data == {"photo_ids": [photo.id]}


def test_severity_sets_the_default_deadline_from_project_settings(world):
    w = world
    w.project.settings = {"deadline_days": {"minor": 30}}
    w.store.save(w.project)
    minor, serious = raised(w, Severity.MINOR), raised(w, Severity.SERIOUS)
    s = w.act(w.supervisor)
    ops.assign(s, [minor.id, serious.id], w.builder.id)
    today = local_today()  # deadlines count on China's calendar, not the machine's
    assert w.store.get(Defect, minor.id).due_date == str(today + timedelta(days=30))
    # Not in the project's settings: the built-in default for its severity.
    assert w.store.get(Defect, serious.id).due_date == str(today + timedelta(days=7))


def test_overdue_and_escalation_of_major_hazards(world):
    w = world
    major, minor, done = raised(w), raised(w, Severity.MINOR), raised(w)
    s = w.act(w.supervisor)
    ops.assign(s, [major.id, minor.id, done.id], w.builder.id, due_date="2026-01-10")
    ops.reply(w.act(w.contractor), [done.id], "已整改")
    on = date(2026, 1, 11)
    assert [d.id for d in ops.escalations(w.store, on)] == [major.id]
    assert ops.escalations(w.store, date(2026, 1, 10)) == []
    assert defect_status.is_overdue("assigned", "2026-01-10", on)
    assert not defect_status.is_overdue("rectified", "2026-01-10", on)
    assert not defect_status.is_overdue("assigned", "", on)


def test_notices_group_by_addressee_and_a_reply_walks_their_defects(world):
    w = world
    a, b, c = raised(w), raised(w, Severity.MINOR), raised(w)
    s = w.act(w.supervisor)
    ops.assign(s, [a.id], w.builder.id, due_date="2026-02-01")
    ops.assign(s, [b.id], w.builder.id, due_date="2026-02-05")
    ops.assign(s, [c.id], w.other.id)
    notices = ops.issue_notices(s, [a.id, b.id, c.id], note="请限期整改")
    by_org = {n.addressee_org_id: n for n in notices}
    assert set(by_org) == {w.builder.id, w.other.id}
    mine = by_org[w.builder.id]
    assert mine.defect_ids == [a.id, b.id] and mine.due_date == "2026-02-01"
    day = f"{local_today():%Y%m%d}"  # the issue date on the site's calendar
    assert sorted(n.number for n in notices) == [f"ZG-{day}-001", f"ZG-{day}-002"]
    assert kinds(w, a)[-1] == "noticed"

    # A contractor sees only its own notices and cannot reply to another's.
    assert [n.id for n in ops.notices_for(w.store, w.builder.id)] == [mine.id]
    with pytest.raises(WorkflowError, match="not assigned to your organization"):
        ops.reply_notice(w.act(w.other_contractor), mine.id, "已整改")
    replied = ops.reply_notice(w.act(w.contractor), mine.id, "两处均已整改完毕")
    assert {d.id for d in replied} == {a.id, b.id}
    assert status(w, a) == status(w, b) == DefectStatus.RECTIFIED
    assert status(w, c) == DefectStatus.ASSIGNED
    got = w.store.get(Notice, mine.id)
    assert got.status == "replied" and got.replied_by == w.contractor.id
    with pytest.raises(WorkflowError, match="no defect on this notice"):
        ops.reply_notice(w.store, mine.id, "再次回复")


def test_a_notice_needs_assigned_defects_and_a_supervisor(world):
    w = world
    d = raised(w)
    with pytest.raises(WorkflowError, match="not assigned"):
        ops.issue_notices(w.act(w.supervisor), [d.id])
    ops.assign(w.store, [d.id], w.builder.id)
    with pytest.raises(WorkflowError, match="only a supervisor"):
        ops.issue_notices(w.act(w.contractor), [d.id])
    assert w.store.count(Notice) == 0


def test_events_are_facts_that_cannot_change(world):
    w = world
    d = raised(w)
    ev = ops.events(w.store, d.id)[0]
    ev.note = "改写历史"
    with pytest.raises(Exception, match="cannot change"):
        w.store.save(ev)
    row = w.store.db.execute("SELECT data FROM defect_events WHERE id = ?", [ev.id]).fetchone()
    assert json.loads(row[0]) == {}


def test_a_hazard_from_before_the_works_goes_to_its_operator_not_the_contractor(world):
    from inspect_app.core.model import Organization, OrgKind

    w = world
    gas = Organization(
        name="北京市燃气集团有限责任公司", short_name="燃气集团", kind=OrgKind.UTILITY
    )
    w.store.save(gas, actor="setup")
    d = ops.raise_defect(
        w.act(w.inspector),
        Defect(
            project_id=w.project.id,
            title="中压燃气管道被违章建筑占压",
            category="燃气",
            severity=Severity.MAJOR,
            pre_existing=True,
        ),
    )
    s = w.act(w.supervisor)
    ops.assign(s, [d.id], w.builder.id, due_date="2026-02-01")
    with pytest.raises(WorkflowError, match="pre-dates the works"):
        ops.issue_notices(s, [d.id], subject="燃气管道占压")
    assert w.store.count(Notice) == 0
    ops.assign(s, [d.id], gas.id, due_date="2026-02-01")  # reassigned to the operator
    (n,) = ops.issue_notices(s, [d.id], subject="燃气管道占压")
    assert n.addressee_org_id == gas.id and n.subject == "燃气管道占压"


def test_a_stop_order_needs_the_chief_engineer_and_a_major_hazard(world):
    w = world
    minor = raised(w, Severity.MINOR, "楼道灭火器过期")
    major = raised(w, Severity.MAJOR, "脚手架连墙件缺失")
    s = w.act(w.supervisor)
    ops.assign(s, [minor.id, major.id], w.builder.id, due_date="2026-02-01")
    with pytest.raises(WorkflowError, match="only the chief"):
        ops.issue_notices(s, [major.id], form="stop", signer_title="专业监理工程师")
    with pytest.raises(WorkflowError, match="major hazard"):
        ops.issue_notices(s, [minor.id], form="stop", signer_title="总监理工程师")
    with pytest.raises(WorkflowError, match="chief or a specialist"):
        ops.issue_notices(s, [minor.id], signer_title="")
    when = datetime(2026, 3, 1, 17, 30, tzinfo=UTC)  # 2026-03-02 01:30 on site
    (stop,) = ops.issue_notices(
        s, [major.id], form="stop", signer_title="总监理工程师", stop_scope="4号楼外架", now=when
    )
    assert stop.number == "TG-20260302-001"
    assert datetime.fromisoformat(stop.issued_at) == when  # the instant, with an offset
    # The number is kept: reading it again gives the same, and a second notice counts on.
    assert w.store.get(Notice, stop.id).number == stop.number
    (again,) = ops.issue_notices(s, [minor.id], signer_title="专业监理工程师", now=when)
    assert again.number == "ZG-20260302-001"
