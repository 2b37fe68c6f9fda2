"""Dashboard and scorecard on real profiles: figures, click-through, printing, export."""

import shutil
import subprocess
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QPointF, Qt
from workflow_world import make_world

from inspect_app.core.model import Defect, Role, Severity, User
from inspect_app.store import Store
from inspect_app.store import defect_query as dq
from inspect_app.store import defect_stats as stats
from inspect_app.store import defects as ops


@pytest.fixture
def demo_store(demo_profile, tmp_path):
    from inspect_app.ui.app import application

    application()
    prof = tmp_path / "p"
    shutil.copytree(demo_profile, prof)
    with Store.open(prof) as s:
        s.set_actor(s.find(User, "role = ?", [Role.SUPERVISOR.value])[0].id)
        yield s


def test_figures_match_the_list(demo_store):
    s = demo_store
    flt = dq.DefectFilter()
    assert stats.totals(s, flt)["total"] == s.count(Defect)
    assert stats.totals(s, flt)["overdue"] == dq.count(s, flt.with_(overdue=True))
    by_cat = stats.by_category_severity(s, flt)
    for cat, counts in by_cat.items():
        for sev, n in counts.items():
            assert n == dq.count(s, flt.with_(category=cat, severity=sev)), (cat, sev)
    for org_id, _name, n in stats.overdue_by_contractor(s, flt):
        assert n == dq.count(s, flt.with_(assignee_org_id=org_id or "-", overdue=True))
    weeks = stats.trend(s, flt, weeks=52)
    last = str(weeks[-1][0] + timedelta(days=6))
    # (The demo dates some closings after today: those fall outside the chart.)
    first = str(weeks[0][0])
    closed = s.count(
        Defect, "closed_at != '' AND substr(closed_at, 1, 10) BETWEEN ? AND ?", [first, last]
    )
    assert 0 < sum(c for _w, _o, c in weeks) == closed
    # The chart's year holds every defect reported in it (the community under warranty was
    # built, and its defects found, over two years ago).
    in_year = s.count(Defect, "substr(reported_at, 1, 10) BETWEEN ? AND ?", [first, last])
    assert 0 < sum(o for _w, o, _c in weeks) == in_year < s.count(Defect)
    closed_rows = s.find(Defect, "closed_at != ''")
    assert stats.average_days_to_close(s, flt) == pytest.approx(
        sum((_dt(d.closed_at) - _dt(d.reported_at)).total_seconds() / 86400 for d in closed_rows)
        / len(closed_rows),
        abs=0.06,
    )


def _dt(text):
    from datetime import datetime

    return datetime.fromisoformat(text[:19])


def test_clicking_a_bar_filters_the_desk(qtbot, demo_store):
    from inspect_app.ui.dashboard import Dashboard
    from inspect_app.ui.defect_desk import DefectDesk

    s = demo_store
    dash = Dashboard(s)
    desk = DefectDesk(s)
    for w in (dash, desk):
        qtbot.addWidget(w)
    dash.resize(1400, 860)
    dash.show()
    dash.filter_picked.connect(desk.set_filter)
    qtbot.waitExposed(dash)
    # A real click in the middle of the first category's 重大 segment.
    view = dash.category_view
    chart = view.chart()
    series = dash.category_series
    major = series.barSets()[0]
    assert major.label() in ("重大", "Major")
    index = next(i for i in range(major.count()) if major.at(i) > 0)
    point = chart.mapToPosition(QPointF(index, major.at(index) / 2), series)
    pos = view.mapFromScene(chart.mapToScene(point))
    with qtbot.waitSignal(dash.filter_picked) as picked:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    flt = picked.args[0]
    assert flt.category == dash.categories[index] and flt.severity == "major"
    m = desk.model
    assert m.rowCount() == major.at(index)
    assert {(m.record(r)["category"], m.record(r)["severity"]) for r in range(m.rowCount())} == {
        (flt.category, "major")
    }
    # The other charts ask for the matching lists too.
    with qtbot.waitSignal(dash.filter_picked) as picked:
        dash.overdue_series.barSets()[0].clicked.emit(0)
    assert picked.args[0].overdue and picked.args[0].assignee_org_id == dash.overdue_orgs[0]
    with qtbot.waitSignal(dash.filter_picked) as picked:
        dash.trend_series.barSets()[0].clicked.emit(11)
    monday = dash.trend_weeks[11]
    assert picked.args[0].reported_from == str(monday)
    assert picked.args[0].reported_to == str(monday + timedelta(days=6))
    # The escalation list: overdue major hazards, from its figure.
    with qtbot.waitSignal(dash.filter_picked) as picked:
        dash.kpi_links["Overdue major hazards"].linkActivated.emit("list")
    desk.set_filter(picked.args[0])
    escalated = {d.id for d in ops.escalations(s)}
    assert escalated and {m.record(r)["id"] for r in range(m.rowCount())} == escalated


def test_the_dashboard_prints_to_a_pdf_with_embedded_chinese(qtbot, demo_store, tmp_path):
    from inspect_app.ui.dashboard import Dashboard

    dash = Dashboard(demo_store)
    qtbot.addWidget(dash)
    dash.resize(1400, 860)
    out = dash.print_pdf(tmp_path / "dashboard.pdf")
    text = subprocess.run(["pdftotext", out, "-"], capture_output=True, text=True).stdout
    assert "Defect dashboard" in text or "问题统计看板" in text
    assert "Overdue by contractor" in text
    fonts = subprocess.run(["pdffonts", out], capture_output=True, text=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(" yes " in r for r in rows)  # every font embedded


def test_scorecard_counts_and_exports(qtbot, store, tmp_path, qtmodeltester):
    from inspect_app.ui.app import application
    from inspect_app.ui.scorecard import Scorecard

    application()
    w = make_world(store)
    today = date.today()
    s = w.act(w.inspector)
    ds = [
        ops.raise_defect(
            s, Defect(project_id=w.project.id, title=f"问题{i}", severity=Severity.MAJOR)
        )
        for i in range(3)
    ]
    on_time, rejected_then_ok, late = (d.id for d in ds)
    future = str(today + timedelta(days=5))
    ops.assign(w.act(w.supervisor), [on_time, rejected_then_ok], w.builder.id, due_date=future)
    ops.assign(w.store, [late], w.builder.id, due_date=str(today - timedelta(days=1)))
    ops.reply(w.act(w.contractor), [on_time, rejected_then_ok], "已整改")
    ops.reject(w.act(w.supervisor), [rejected_then_ok], "不合格")
    ops.reply(w.act(w.contractor), [rejected_then_ok], "重新整改")
    ops.verify(w.act(w.supervisor), [on_time, rejected_then_ok])

    card = Scorecard(store, today=today)  # counts in the background; the result is queued
    qtbot.addWidget(card)
    assert card.busy.text() and not card.export_button.isEnabled()
    with qtbot.waitSignal(card.scorecard_loaded):
        pass
    assert not card.busy.text() and card.export_button.isEnabled()
    qtmodeltester.check(card.model)
    lines = {line.name: line for line in card.model.lines()}
    mine = lines["北京城建"]
    assert (mine.assigned, mine.closed, mine.closed_on_time) == (3, 2, 2)
    assert (mine.rejected_replies, mine.major_hazards, mine.overdue_now) == (1, 3, 1)
    assert lines["中建一局"].assigned == 0
    # A period before any of it counts nothing.
    with qtbot.waitSignal(card.scorecard_loaded):
        card.end.setDate(card.start.date())
    with qtbot.waitSignal(card.scorecard_loaded):
        card.start.setDate(card.start.date().addDays(-30))
    assert all(line.assigned == 0 for line in card.model.lines())

    card.start.setDate(card.start.date().addYears(-1))
    with qtbot.waitSignal(card.scorecard_loaded):
        card.end.setDate(card.end.date().addYears(2))
    with qtbot.waitSignal(card.scorecard_exported):
        out = card.export(tmp_path / "评价.xlsx")
    ws = load_workbook(out).active
    header = [c.value for c in ws[2]]
    assert header[:3] == ["Contractor", "Assigned", "Closed"]
    rows = {r[0]: r for r in ws.iter_rows(min_row=3, values_only=True)}
    assert rows["北京城建"][1:4] == (3, 2, 2) and rows["北京城建"][5] == 1
    assert not list(tmp_path.glob(".*.part"))
    card.wait()
