"""The wire schema on the other roads a change takes: a bundle carried to the office, and a
laptop merging what it received (from an older central store, or a hostile one)."""

import json
import zipfile

import pytest
from syncutil import backend_params, export_of, start_server, sync

from inspect_app.core.clock import HybridClock
from inspect_app.core.ids import uuid7
from inspect_app.core.model import Defect, Project, ProjectMember, Role
from inspect_app.store import Store
from inspect_app.sync.bundle import FORMAT


def _world(tmp_path, backend="sqlite"):
    srv = start_server(tmp_path, backend)
    srv.add_user("admin", "admin", "住建委")
    org = srv.add_user("wang", "supervisor", "华建监理").org_id
    sync(tmp_path / "admin", srv, "admin")
    with Store.open(tmp_path / "admin") as s:
        p = s.save(Project(name="和平里")).id
        s.save(ProjectMember(project_id=p, org_id=org, role=Role.SUPERVISOR))
    sync(tmp_path / "admin", srv, "admin")
    sync(tmp_path / "sup", srv, "wang")
    return srv, p


def _bad_defect_changes(clock, author, project, rid):
    def change(fields, rid=rid):
        return {
            "change_id": uuid7(),
            "table": "defects",
            "record_id": rid,
            "op": "upsert",
            "fields": fields,
            "hlc": clock.now(),
            "author": author,
        }

    return [
        change({"id": rid, "project_id": project, "title": "燃气立管锈蚀", "severity": "major"}),
        change({"severity": "catastrophic"}),
        change({"plan_x": "not-a-number"}),
        change({"title": "燃气\x00立管"}),
        change({"description": "好", "plan_x": 0.25}),
    ]


@pytest.mark.parametrize("backend", backend_params())
def test_a_bundle_of_bad_values_is_refused_at_the_office_naming_each_field(tmp_path, cli, backend):
    srv, p = _world(tmp_path, backend)
    database = ["--database", srv.service.db.url] if backend == "postgres" else []
    try:
        with Store.open(tmp_path / "sup") as s:
            author = s.actor
        rid = uuid7()
        changes = _bad_defect_changes(HybridClock("usb"), author, p, rid)
        stick = tmp_path / "up.zip"
        manifest = {"format": FORMAT, "version": 1, "direction": "up", "user_id": author}
        with zipfile.ZipFile(stick, "w") as z:
            z.writestr("manifest.json", json.dumps(manifest))
            z.writestr("changes.json", json.dumps(changes, ensure_ascii=False))
        reply = tmp_path / "reply.zip"
        code, out, err = cli(
            "server",
            "import-bundle",
            "--data",
            tmp_path / "server",
            stick,
            "--reply",
            reply,
            *database,
        )
        assert code == 0, err
        assert "accepted 2, refused 3" in out, out
        receipt = json.loads(zipfile.ZipFile(reply).read("manifest.json"))["receipt"]
        reasons = " ".join(r["reason"] for r in receipt["refused"])
        assert all(f in reasons for f in ("severity", "plan_x", "title")), reasons
        d = next(r for r in srv.service.snapshot()["defects"] if r["id"] == rid)
        assert (d["severity"], d["plan_x"], d["title"]) == ("major", 0.25, "燃气立管锈蚀")
    finally:
        srv.stop()


def test_a_laptop_skips_what_it_cannot_read_and_keeps_working(tmp_path, cli):
    srv, p = _world(tmp_path)
    try:
        sup = tmp_path / "sup"
        with Store.open(sup) as s:
            me = s.actor
            good = s.save(Defect(project_id=p, title="排水管堵塞"))
        sync(sup, srv, "wang")
        # A reply as an older central store (before the wire schema) could have written it.
        rid = uuid7()
        clock = HybridClock("oldserver")
        changes = _bad_defect_changes(clock, me, p, rid)
        changes.append(
            {
                "change_id": uuid7(),
                "table": "inspections",
                "record_id": uuid7(),
                "op": "upsert",
                "fields": {"answers": "{broken"},
                "hlc": clock.now(),
                "author": me,
            }
        )
        changes.append({**changes[0], "change_id": uuid7(), "hlc": f"0_{clock.now()}"})
        for i, c in enumerate(changes):
            c["seq"] = 10_000 + i
        with Store.open(sup) as s:
            cursor, scope = s.get_meta("sync.cursor"), s.get_meta("sync.scope")
        manifest = {
            "format": FORMAT,
            "version": 1,
            "direction": "down",
            "user_id": me,
            "receipt": {"accepted": [], "refused": []},
            "cursor": int(cursor),
            "scope": scope,
        }
        reply = tmp_path / "reply.zip"
        with zipfile.ZipFile(reply, "w") as z:
            z.writestr("manifest.json", json.dumps(manifest))
            z.writestr("changes.json", json.dumps(changes, ensure_ascii=False))
        code, out, err = cli("bundle", "import", "--data", sup, reply)
        assert code == 1, err  # said so
        assert out.count("skipped (unreadable)") == 4, out
        for field in ("severity", "plan_x", "answers", "hlc"):
            assert field in out
        with Store.open(sup) as s:
            d = s.get(Defect, rid)
            assert (d.severity, d.plan_x, d.description) == ("major", 0.25, "好")
            assert d.title == "燃气立管"  # text is repaired, not refused (core/text.py)
            assert s.get(Defect, good.id).title == "排水管堵塞"
        # The laptop still exports and reports.
        code, out, err = cli("export", "--data", sup, "--out", tmp_path / "all.json")
        assert code == 0, err
        assert export_of(sup)["defects"]
    finally:
        srv.stop()
