"""One time line in the demo: the community under warranty has one acceptance date, and its
handover, warranty periods and return visits follow it; nothing is dated after today; times
carry their offsets and read in the project's zone whatever key or laptop zone."""

from datetime import UTC, date, datetime

from inspect_app import standards
from inspect_app.core import defect_status
from inspect_app.core.localtime import local_time, project_zone
from inspect_app.core.model import (
    DefectEvent,
    HandoverItem,
    Inspection,
    Notice,
    Project,
    Signature,
    WarrantyClaim,
    WarrantyItem,
)
from inspect_app.store import Store, lifecycle


def test_the_community_under_warranty_has_one_acceptance_date(demo_profile):
    with Store.open(demo_profile) as s:
        p = s.find(Project, "stage = 'warranty'")[0]
        accepted = lifecycle.acceptance_date(s, p.id)
        assert accepted is not None
        insps = s.find(Inspection, "project_id = ?", [p.id])
        acc = [i for i in insps if i.kind == "acceptance"]
        handover = [i for i in insps if i.kind == "handover"]
        # The acceptance checklist and the handover checklist name the same date …
        assert {i.answers.get("accepted_on") for i in acc + handover} == {accepted.isoformat()}
        # … and the handover comes after it.
        for i in handover:
            assert date.fromisoformat(i.answers["handed_over_on"]) > accepted
        for item in s.find(HandoverItem, "project_id = ?", [p.id]):
            assert date.fromisoformat(item.handed_over_on) > accepted
        # Every warranty period starts on it, one end per item, from the art. 40 table.
        table = standards.warranty()
        items = s.find(WarrantyItem, "project_id = ?", [p.id])
        assert items
        for w in items:
            assert w.starts_on == accepted.isoformat()
            assert w.ends_on == table.ends_on(w.work_type, accepted, p.settings).isoformat()
        assert len({w.work_type for w in items}) == len(items)
        for claim in s.find(WarrantyClaim, "project_id = ?", [p.id]):
            assert date.fromisoformat(claim.reported_on) > accepted


def test_nothing_in_the_demo_happens_after_today(demo_profile):
    now = datetime.now(UTC)
    with Store.open(demo_profile) as s:
        stamps = [e.at for e in s.find(DefectEvent)]
        stamps += [n.issued_at for n in s.find(Notice)] + [
            n.replied_at for n in s.find(Notice) if n.replied_at
        ]
        stamps += [sig.signed_at for sig in s.find(Signature) if sig.signed_at]
        for p in s.find(Project):
            today = defect_status.project_today(p.settings)
            for i in s.find(Inspection, "project_id = ?", [p.id]):
                for key in ("accepted_on", "handed_over_on"):
                    if i.answers.get(key):
                        assert date.fromisoformat(i.answers[key]) <= today
    late = [t for t in stamps if datetime.fromisoformat(t) > now]
    assert late == []
    # Every stored time carries its offset.
    assert all(datetime.fromisoformat(t).tzinfo is not None for t in stamps)


def test_a_project_reads_its_dates_and_times_in_one_zone():
    p = Project(name="x", settings={"time_zone": "Asia/Urumqi"})
    older = Project(name="y", settings={"timezone": "Asia/Urumqi"})
    stamp = "2026-11-29T18:30:00+00:00"
    when = datetime.fromisoformat(stamp)
    for proj in (p, older):
        assert local_time(stamp, project_zone(proj)) == "2026-11-30 00:30"
        assert defect_status.project_today(proj.settings, when) == date(2026, 11, 30)
        assert project_zone(proj) == defect_status.project_zone(proj.settings)
