"""Screenshots of the defect desk, the dashboard and the contractor's view (zh_CN).

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/defect_shots.py PROFILE

PROFILE is a demo profile (`inspect-app demo --data PROFILE [--size large]`); a few workflow
steps are taken on it so the history shows a rejection. Images go next to this script.
"""

import sys
from pathlib import Path

from inspect_app.core import i18n

i18n.set_language("zh")

from inspect_app.core.model import DefectStatus, PhotoLink, User  # noqa: E402
from inspect_app.store import Store  # noqa: E402
from inspect_app.store import defect_query as dq  # noqa: E402
from inspect_app.store import defects as ops  # noqa: E402
from inspect_app.ui.app import application  # noqa: E402

OUT = Path(__file__).parent


def user(store, name):
    return store.find(User, "name = ?", [name])[0]


def main(profile: str) -> None:
    app = application()
    from inspect_app.ui.dashboard import Dashboard
    from inspect_app.ui.defect_desk import DefectDesk

    s = Store.open(profile)
    sup, con = user(s, "wangqiang"), user(s, "zhaolei")
    # A defect with photos, of 北京城建, taken through reply → reject → reply.
    linked = {r[0] for r in s.db.execute("SELECT target_id FROM photo_links")}
    s.set_actor(sup.id)
    target = next(
        r
        for r in dq.defects(s, dq.DefectFilter(status="assigned", assignee_org_id=con.org_id))
        if r["id"] in linked
    )
    s.set_actor(con.id)
    ops.reply(s, [target["id"]], "已按要求完成整改，附整改后照片。")
    s.set_actor(sup.id)
    ops.reject(s, [target["id"]], "照片未显示整改部位的全貌，请补拍并标注位置。")
    s.set_actor(con.id)
    ops.comment(s, target["id"], "明日上午补拍。")
    s.set_actor(sup.id)
    waiting = dq.defects(s, dq.DefectFilter(status="assigned", assignee_org_id=con.org_id))
    ops.issue_notices(s, [r["id"] for r in waiting[:6]], note="请于期限内整改并回复")

    desk = DefectDesk(s)
    desk.resize(1500, 860)
    desk.show()
    row = desk.model.row_of(target["id"])
    desk.table.selectRow(row)
    desk.table.scrollTo(desk.model.index(row, 0))
    app.processEvents()
    desk.grab().save(str(OUT / "defect-desk.png"))

    desk.set_filter(dq.DefectFilter(search="燃气", severity="major", overdue=True))
    desk.table.selectRow(0)
    app.processEvents()
    desk.grab().save(str(OUT / "defect-desk-filtered.png"))

    dash = Dashboard(s)
    dash.resize(1400, 860)
    dash.show()
    app.processEvents()
    dash.grab().save(str(OUT / "defect-dashboard.png"))

    s.set_actor(con.id)
    view = DefectDesk(s)
    view.resize(1500, 860)
    view.show()
    row = view.model.row_of(target["id"])
    view.table.selectRow(row)
    view.table.scrollTo(view.model.index(row, 0))
    view.detail.note.setPlainText("已补拍整改部位全貌照片，请复查。")
    app.processEvents()
    view.grab().save(str(OUT / "contractor-view.png"))
    view.tabs.setCurrentWidget(view.notices)
    view.notices.table.selectRow(0)
    view.notices.reply_text.setPlainText("通知单所列问题均已整改完毕。")
    app.processEvents()
    view.grab().save(str(OUT / "contractor-notices.png"))
    assert s.count(PhotoLink) and DefectStatus
    s.close()


if __name__ == "__main__":
    main(sys.argv[1])
