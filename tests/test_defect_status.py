"""Open, closed and overdue: the definitions pinned, and every layer counting the same defects.

The desk, the dashboard, the scorecard, the navigator, the overview, the reports, the lifecycle
gates and the CLI all read core.defect_status; on one set of defects they must give one number.
"""

import json
import sqlite3
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from workflow_world import make_world

from inspect_app.core import defect_status as ds
from inspect_app.core.model import Building, Defect, DefectStatus, Severity
from inspect_app.reports.build import make_context
from inspect_app.reports.data import Filters, find_defects
from inspect_app.store import defect_query as dq
from inspect_app.store import defect_stats as stats
from inspect_app.store import defects as ops
from inspect_app.store import lifecycle as store_lifecycle
from inspect_app.store import navigation

S = DefectStatus


def test_the_sets_are_what_the_domain_says():
    assert {S.CLOSED} == ds.CLOSED
    # Verified (已复查) is still on the register until 销项.
    assert {S.OPEN, S.ASSIGNED, S.RECTIFIED, S.VERIFIED} == ds.OPEN
    assert set(S) == ds.OPEN | ds.CLOSED and not ds.OPEN & ds.CLOSED
    # Only a defect in the contractor's hands can be late; rectified waits on the supervisor.
    assert {S.ASSIGNED} == ds.WAITING_ON_CONTRACTOR
    assert {S.VERIFIED, S.CLOSED} == ds.FIXED


def test_overdue_is_past_the_due_date_while_the_contractor_holds_it():
    today = date(2026, 3, 10)
    assert ds.is_overdue("assigned", "2026-03-09", today)
    assert ds.days_overdue("assigned", "2026-03-01", today) == 9
    assert not ds.is_overdue("assigned", "2026-03-10", today)  # due today: still in time
    assert not ds.is_overdue("assigned", "", today)  # no deadline, never late
    for status in ("open", "rectified", "verified", "closed"):
        assert not ds.is_overdue(status, "2026-01-01", today), status
        assert ds.days_overdue(status, "2026-01-01", today) == 0


def test_today_is_the_date_on_site_not_on_the_machine():
    # 16:30 UTC on 29 November is already 00:30 on 30 November in Beijing.
    late = datetime(2026, 11, 29, 16, 30, tzinfo=UTC)
    assert ds.local_today(now=late) == date(2026, 11, 30)
    assert ds.local_today("Europe/Berlin", now=late) == date(2026, 11, 29)
    assert ds.project_today({}, now=late) == date(2026, 11, 30)
    assert ds.project_today({"timezone": "America/New_York"}, now=late) == date(2026, 11, 29)
    # A zone the machine does not know falls back to China's date rather than failing.
    assert ds.local_today("Nowhere/Atlantis", now=late) == date(2026, 11, 30)


DAY = date(2026, 6, 15)


@given(
    status=st.sampled_from(list(S)),
    due=st.one_of(st.just(""), st.dates(DAY - timedelta(days=40), DAY + timedelta(days=40))),
)
def test_the_sql_conditions_select_what_the_python_predicates_say(status, due):
    due_text = due.isoformat() if isinstance(due, date) else due
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE d (status TEXT, due_date TEXT)")
    db.execute("INSERT INTO d VALUES (?, ?)", [status.value, due_text])

    def hit(cond):
        return db.execute(f"SELECT count(*) FROM d WHERE {cond[0]}", cond[1]).fetchone()[0] == 1

    assert hit(ds.overdue_sql(DAY)) == ds.is_overdue(status, due_text, DAY)
    assert hit(ds.open_sql()) == ds.is_open(status)
    assert hit(ds.closed_sql()) == ds.is_closed(status)


# ----- every layer on the same defects -----------------------------------------------------------


@pytest.fixture
def same_data(store):
    """Every status × {yesterday, today, tomorrow, no deadline} × {major, minor}: 40 defects,
    half of them in a building. Overdue: assigned and due yesterday, so 2; open: 32; closed 8."""
    w = make_world(store)
    today = ds.project_today(w.project.settings)
    building = Building(project_id=w.project.id, name="1号楼")
    store.save(building)
    dues = [str(today - timedelta(days=1)), str(today), str(today + timedelta(days=1)), ""]
    defects = [
        Defect(
            project_id=w.project.id,
            building_id=building.id if sev == Severity.MAJOR else "",
            title=f"{status.value} {due or '-'} {sev.value}",
            status=status,
            severity=sev,
            due_date=due,
            assignee_org_id="" if status == S.OPEN else w.builder.id,
            reported_at="2026-01-05T09:00:00+08:00",
        )
        for status in S
        for due in dues
        for sev in (Severity.MAJOR, Severity.MINOR)
    ]
    store.save_many(defects, actor="setup")
    w.act(w.supervisor)
    return w, today, building


def test_desk_dashboard_scorecard_navigator_reports_and_gates_agree(same_data, cli):
    w, today, building = same_data
    s, pid = w.store, w.project.id
    flt = dq.DefectFilter()

    overdue = {
        "desk": dq.count(s, flt.with_(overdue=True), today),
        "desk rows": sum(r["overdue"] for r in dq.defects(s, flt, today=today)),
        "dashboard": stats.totals(s, flt, today)["overdue"],
        "by contractor": sum(n for _o, _n, n in stats.overdue_by_contractor(s, flt, today)),
        "scorecard": sum(x.overdue_now for x in stats.scorecard(s, today, today, today)),
        "overview": navigation.place_figures(s, pid).overdue,
        "report": len(find_defects(_ctx(s, pid), "project_id = ?", [pid], Filters(overdue=True))),
    }
    assert overdue == dict.fromkeys(overdue, 2)
    assert len(ops.escalations(s, today)) == 1  # the major one of the two
    assert navigation.place_figures(s, pid, building.id).overdue == 1

    open_ = {
        "desk": dq.count(s, flt.with_(open_only=True), today),
        "dashboard": stats.totals(s, flt, today)["not_closed"],
        "navigator": navigation.communities(s)[0].open_defects,
        "overview": sum(navigation.place_figures(s, pid).open_by_severity.values()),
        "per community": stats.hazards_per_community(s, flt, today)[0][2],
        "gates": len(store_lifecycle.facts(s, pid).defects),
    }
    assert open_ == dict.fromkeys(open_, 32)
    assert stats.hazards_per_community(s, flt, today)[0][3] == 16  # the major half

    closed = {
        "desk": dq.count(s, flt.with_(status="closed"), today),
        "dashboard": stats.totals(s, flt, today)["closed"],
        "overview": navigation.place_figures(s, pid).closed,
    }
    assert closed == dict.fromkeys(closed, 8)

    code, out, _err = cli("defects", "--data", s.root, "--overdue", "--json")
    assert code == 0
    listed = json.loads(out)
    assert len(listed) == 2 and all(r["status"] == "assigned" for r in listed)
    # The printed defect list (缺陷清单) on the command line, as a spreadsheet.
    from openpyxl import load_workbook

    sheet = s.root.parent / "overdue.xlsx"
    code, _out, err = cli(
        "report", "defects", "--data", s.root, "--project", pid, "--overdue", "--out", sheet
    )
    assert code == 0, err
    rows = list(load_workbook(sheet).active.iter_rows(values_only=True))
    head = next(i for i, r in enumerate(rows) if r[0] == "序号")
    assert sorted(r[1] for r in rows[head + 1 :]) == sorted(r["title"] for r in listed)
    code, out, _err = cli("defects", "--data", s.root, "--open", "--json")
    assert code == 0 and len(json.loads(out)) == 32
    assert "closed" not in {r["status"] for r in json.loads(out)}


def _ctx(store, project_id):
    return make_context(store, "defects", project_id, "", "zh", Filters(overdue=True))


def test_the_acceptance_report_lists_every_open_defect(same_data, tmp_path):
    import subprocess

    from inspect_app.reports.build import build_report

    w, _today, _b = same_data
    out = tmp_path / "acceptance.pdf"
    build_report(w.store, "acceptance", out, project_id=w.project.id)
    text = subprocess.run(["pdftotext", out, "-"], capture_output=True, text=True).stdout
    # One row per open defect: the titles start with their status.
    for status in S:
        listed = text.count(f"{status.value} ")
        assert listed == (0 if status == S.CLOSED else 8), (status, listed)


def test_the_windows_show_the_same_figures(same_data, qtbot):
    from PySide6.QtWidgets import QLabel

    from inspect_app.ui.app import application
    from inspect_app.ui.dashboard import Dashboard
    from inspect_app.ui.defect_desk import DefectDesk
    from inspect_app.ui.navigator import NavigatorModel
    from inspect_app.ui.overview import OverviewPage

    application()
    w, today, _b = same_data
    page = OverviewPage(w.store)
    qtbot.addWidget(page)
    page.show_project(w.project.id)
    values = [lb.text() for lb in page.findChildren(QLabel) if lb.objectName() == "cardValue"]
    # major, serious, minor not closed; overdue; inspections; closed.
    assert values[:4] == ["16", "0", "16", "2"] and values[5] == "8"

    desk = DefectDesk(w.store, today=today)
    qtbot.addWidget(desk)
    desk.overdue.setChecked(True)
    qtbot.waitUntil(lambda: desk.model.rowCount() == 2)

    board = Dashboard(w.store, today=today)
    qtbot.addWidget(board)
    texts = " ".join(lb.text() for lb in board.findChildren(QLabel))
    assert "32" in texts  # not closed
    # Its 查看清单 opens the desk on the same defects.
    with qtbot.waitSignal(board.filter_picked) as picked:
        board.kpi_links["Not closed"].linkActivated.emit("list")
    desk.set_filter(picked.args[0])
    qtbot.waitUntil(lambda: desk.model.rowCount() == 32)
    assert desk.status.currentText() == "Not closed" and not desk.overdue.isChecked()

    nav = NavigatorModel(w.store)
    assert "32" in nav.data(nav.index(0, 0))


def test_an_auditors_deadline_runs_until_the_finding_is_closed():
    from inspect_app.core.lifecycle import finding_overdue

    today = date(2026, 3, 10)
    for status in ("open", "assigned", "rectified", "verified"):
        assert finding_overdue(status, "2026-03-09", today), status
    assert not finding_overdue("closed", "2026-03-09", today)
    assert not finding_overdue("open", "2026-03-10", today)
    assert not finding_overdue("open", "", today)


def test_a_projects_own_zone_sets_its_default_deadline(store):
    # Kiritimati (UTC+14) and Pago Pago (UTC-11) are always on different dates.
    w = make_world(store)
    w.project.settings = {**w.project.settings, "timezone": "Pacific/Kiritimati"}
    store.save(w.project)
    d = ops.raise_defect(
        w.act(w.inspector), Defect(project_id=w.project.id, title="立管锈蚀", severity="major")
    )
    ops.assign(w.act(w.supervisor), [d.id], w.builder.id)
    due = store.get(Defect, d.id).due_date
    ahead = ds.local_today("Pacific/Kiritimati")
    assert due == str(ahead + timedelta(days=3))
    assert due != str(ds.local_today("Pacific/Pago_Pago") + timedelta(days=3))


def test_a_reply_is_on_time_by_the_sites_calendar(store):
    w = make_world(store)
    s = store
    d_late, d_in_time = (
        ops.raise_defect(w.act(w.inspector), Defect(project_id=w.project.id, title=t))
        for t in ("深夜回复", "当天回复")
    )
    ops.assign(w.act(w.supervisor), [d_late.id, d_in_time.id], w.builder.id, due_date="2026-03-10")
    ops.reply(w.act(w.contractor), [d_late.id, d_in_time.id], "已整改")
    ops.verify(w.act(w.supervisor), [d_late.id, d_in_time.id])
    # The replies as if made on a laptop whose clock runs on UTC.
    for defect_id, at in (
        (d_late.id, "2026-03-10T17:30:00+00:00"),  # 01:30 on the 11th in Beijing
        (d_in_time.id, "2026-03-10T15:30:00+00:00"),  # 23:30 on the 10th in Beijing
    ):
        s.db.execute(
            "UPDATE defect_events SET at = ? WHERE defect_id = ? AND kind = 'rectified'",
            [at, defect_id],
        )
    sql = ds.site_date_sql("?")
    assert (
        s.db.execute(f"SELECT {sql}", ["2026-03-10T17:30:00+00:00"]).fetchone()[0] == "2026-03-11"
    )
    today = ds.local_today()
    (line,) = [
        x for x in stats.scorecard(s, date(2000, 1, 1), today, today) if x.org_id == w.builder.id
    ]
    assert (line.assigned, line.closed, line.closed_on_time) == (2, 2, 1)
