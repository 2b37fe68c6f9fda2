"""Who may do what, enforced by the central store: the whole role × action matrix, over HTTP."""

import hashlib

import httpx
import pytest
from syncutil import PASSWORD, ServerThread, backend_params, start_server

from inspect_app.core.clock import HybridClock
from inspect_app.core.ids import uuid7

ROLES = ("inspector", "supervisor", "contractor", "admin", "outsider")
Y, N = True, False
# action: allowed for (inspector, supervisor, contractor, admin, outsider = an inspector who is
# not a member of the project)
MATRIX = {
    "create_project": (N, N, N, Y, N),
    "edit_project": (N, Y, N, Y, N),
    "add_member": (N, Y, N, Y, N),
    "create_org": (N, N, N, Y, N),
    "create_building": (Y, Y, N, Y, N),
    "create_inspection": (Y, Y, N, Y, N),
    "edit_inspection": (Y, Y, N, Y, N),
    "delete_inspection": (Y, Y, N, Y, N),
    "edit_signed_inspection": (N, N, N, N, N),
    "create_defect": (Y, Y, N, Y, N),
    "edit_defect": (Y, Y, N, Y, N),
    "delete_defect": (Y, Y, N, Y, N),
    "assign": (N, Y, N, Y, N),
    "reply": (N, N, Y, Y, N),
    "reply_other_org": (N, N, N, Y, N),
    "verify": (N, Y, N, Y, N),
    "reject": (N, Y, N, Y, N),
    "reject_without_reason": (N, N, N, N, N),
    "close": (N, Y, N, Y, N),
    "reopen": (N, Y, N, Y, N),
    "close_from_open": (N, N, N, N, N),
    "comment": (Y, Y, Y, Y, N),
    "add_evidence": (Y, Y, Y, Y, N),
    "sign": (Y, Y, Y, Y, N),
    "create_template": (Y, Y, N, Y, Y),
}


class World:
    def __init__(self, srv: ServerThread):
        self.srv = srv
        self.http = httpx.Client(base_url=srv.url, timeout=30)
        self.acc = {
            "admin": srv.add_user("admin", "admin", "东城区住建委"),
            "inspector": srv.add_user("zhang", "inspector", "华建监理"),
            "supervisor": srv.add_user("wang", "supervisor", "华建监理"),
            "contractor": srv.add_user("zhao", "contractor", "北京城建"),
            "other_contractor": srv.add_user("sun", "contractor", "中建一局"),
            "outsider": srv.add_user("qian", "inspector", "其他监理"),
        }
        self.tokens = {
            role: self.http.post("/v1/login", json={"name": a.name, "password": PASSWORD}).json()[
                "token"
            ]
            for role, a in self.acc.items()
        }
        self.clock = HybridClock("matrixtest")
        self.project = self.create("projects", {"name": "和平里东街小区", "stage": "construction"})
        for org in ("inspector", "contractor", "other_contractor"):
            self.create(
                "project_members",
                {"project_id": self.project, "org_id": self.acc[org].org_id, "role": "inspector"},
            )

    def change(self, role, table, rid, fields, op="upsert"):
        return {
            "change_id": uuid7(),
            "table": table,
            "record_id": rid,
            "op": op,
            "fields": fields,
            "hlc": self.clock.now(),
            "author": self.acc[role].id,
        }

    def push(self, role, changes) -> dict:
        r = self.http.post(
            "/v1/push",
            json={"changes": changes},
            headers={"Authorization": f"Bearer {self.tokens[role]}"},
        )
        assert r.status_code == 200, r.text
        return r.json()

    def create(self, table, fields, role="admin") -> str:
        rid = uuid7()
        body = self.push(role, [self.change(role, table, rid, fields)])
        assert not body["refused"], body
        return rid

    def defect(self, status="open", org="contractor") -> str:
        fields = {"project_id": self.project, "title": "燃气立管锈蚀", "severity": "major"}
        fields["status"] = status
        if status != "open":
            fields["assignee_org_id"] = self.acc[org].org_id
        return self.create("defects", fields)

    def inspection(self, status="draft") -> str:
        return self.create(
            "inspections",
            {
                "project_id": self.project,
                "template_id": "gas-household",
                "template_version": 1,
                "template_hash": "h",
                "kind": "survey",
                "status": status,
            },
        )


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _event(w, role, defect, to, note, source=""):
    kind = {"assigned": "assigned" if source == "open" else "rejected", "open": "reopened"}.get(
        to, to
    )
    fields = {"defect_id": defect, "kind": kind, "at": "2026-11-25T10:00:00+08:00", "note": note}
    fields.update(actor_id=w.acc[role].id, from_status=source, to_status=to)
    if to == "comment":
        fields.update(kind="comment", from_status="assigned", to_status="assigned")
    return w.change(role, "defect_events", uuid7(), fields)


def attempt(w: World, role: str, action: str) -> list[dict]:
    """The changes `role` sends to take `action`, on records made for it."""
    c, p = w.change, w.project
    if action == "create_project":
        return [c(role, "projects", uuid7(), {"name": "新小区", "stage": "survey"})]
    if action == "edit_project":
        return [c(role, "projects", p, {"households": 480})]
    if action == "add_member":
        return [
            c(role, "project_members", uuid7(), {"project_id": p, "org_id": "x", "role": "admin"})
        ]
    if action == "create_org":
        return [c(role, "organizations", uuid7(), {"name": "新单位", "kind": "contractor"})]
    if action == "create_building":
        return [c(role, "buildings", uuid7(), {"project_id": p, "name": "9号楼"})]
    if action == "create_inspection":
        return [
            c(
                role,
                "inspections",
                uuid7(),
                {
                    "project_id": p,
                    "template_id": "t",
                    "template_version": 1,
                    "template_hash": "h",
                    "kind": "patrol",
                },
            )
        ]
    if action == "edit_inspection":
        return [c(role, "inspections", w.inspection(), {"title": "改"})]
    if action == "delete_inspection":
        return [c(role, "inspections", w.inspection(), {"deleted": 1}, op="delete")]
    if action == "edit_signed_inspection":
        return [c(role, "inspections", w.inspection("signed"), {"status": "draft"})]
    if action == "create_defect":
        return [c(role, "defects", uuid7(), {"project_id": p, "title": "新问题"})]
    if action == "edit_defect":
        return [c(role, "defects", w.defect("assigned"), {"title": "改"})]
    if action == "delete_defect":
        return [c(role, "defects", w.defect(), {"deleted": 1}, op="delete")]
    transitions = {
        "assign": ("open", "assigned", "contractor", ""),
        "reply": ("assigned", "rectified", "contractor", ""),
        "reply_other_org": ("assigned", "rectified", "other_contractor", ""),
        "verify": ("rectified", "verified", "contractor", ""),
        "reject": ("rectified", "assigned", "contractor", "照片不清楚"),
        "reject_without_reason": ("rectified", "assigned", "contractor", ""),
        "close": ("verified", "closed", "contractor", ""),
        "reopen": ("closed", "open", "contractor", "复发"),
        "close_from_open": ("open", "closed", "contractor", ""),
    }
    if action in transitions:
        source, target, org, note = transitions[action]
        d = w.defect(source, org)
        fields = {"status": target}
        if action == "assign":
            fields["assignee_org_id"] = w.acc["contractor"].org_id
        # As a laptop sends them: the status change, then the event that records it.
        return [c(role, "defects", d, fields), _event(w, role, d, target, note, source)]
    d = w.defect("assigned")
    if action == "comment":
        return [_event(w, role, d, "comment", "已到场")]
    if action == "add_evidence":
        photo = uuid7()
        return [
            c(role, "photos", photo, {"sha256": "ab" * 32, "project_id": p}),
            c(
                role,
                "photo_links",
                uuid7(),
                {"photo_id": photo, "target_type": "defect", "target_id": d, "role": "after"},
            ),
        ]
    if action == "sign":
        fields = {"target_type": "defects", "target_id": d, "signer_name": "签", "signer_role": "x"}
        fields["user_id"] = w.acc[
            role
        ].id  # the signer is the pusher (test_server_inspection_trust)
        return [c(role, "signatures", uuid7(), fields)]
    if action == "create_template":
        text = f"checklist {uuid7()}"
        fields = {"template_id": "t", "version": 2, "content_hash": _sha(text), "content": text}
        return [c(role, "templates", uuid7(), fields)]
    raise AssertionError(action)


@pytest.fixture(scope="module", params=backend_params())
def world(request, tmp_path_factory):
    srv = start_server(tmp_path_factory.mktemp(f"matrix-{request.param}"), request.param)
    yield World(srv)
    srv.stop()


def test_every_role_and_action(world):
    outcomes, expected = {}, {}
    for action, allowed in MATRIX.items():
        for role, ok in zip(ROLES, allowed, strict=True):
            changes = attempt(world, role, action)
            body = world.push(role, changes)
            outcomes[action, role] = not body["refused"]
            expected[action, role] = ok
            if body["refused"]:
                assert all(r["reason"] for r in body["refused"])
    wrong = {k: v for k, v in outcomes.items() if v != expected[k]}
    assert not wrong, f"allowed (True) or refused (False) against the matrix: {wrong}"
    # Every refusal is logged with who and why.
    refused = sum(1 for v in outcomes.values() if not v)
    logged = world.srv.service.refusals()
    assert len({r["change_id"] for r in logged}) >= refused
    assert {r["account"] for r in logged} == {"zhang", "wang", "zhao", "admin", "qian"}


def test_what_each_role_sees(world):
    mine = world.defect("assigned", "contractor")
    theirs = world.defect("assigned", "other_contractor")
    open_one = world.defect("open")
    notice = world.create(
        "notices",
        {
            "project_id": world.project,
            "number": "整改2026-001",
            "status": "issued",
            "addressee_org_id": world.acc["contractor"].org_id,
        },
    )

    def seen(role):
        r = world.http.get(
            "/v1/pull",
            params={"limit": 5000},
            headers={"Authorization": f"Bearer {world.tokens[role]}"},
        )
        return {(c["table"], c["record_id"]) for c in r.json()["changes"]}

    for role in ("inspector", "supervisor", "admin"):
        ids = {rid for t, rid in seen(role) if t == "defects"}
        assert {mine, theirs, open_one} <= ids
    contractor = seen("contractor")
    assert ("defects", mine) in contractor
    assert ("defects", theirs) not in contractor and ("defects", open_one) not in contractor
    assert "project_members" not in {t for t, _ in contractor}
    assert ("notices", notice) in contractor  # the rectification notice addressed to it
    assert ("notices", notice) not in seen("outsider")
    outsider = seen("outsider")
    assert not {rid for t, rid in outsider if t in ("defects", "projects", "buildings")}
    assert {t for t, _ in outsider} <= {"organizations", "users", "templates"}


def test_a_notice_number_and_form_are_checked_whoever_sends_them():
    """A laptop that rewrites an issued notice's 编号, or sends a stop order signed by a
    specialist, is refused, even as an admin."""
    from inspect_app.core.model import Role
    from inspect_app.server.access import Account, Record, Write, refusal

    admin = Account("u1", "刘洋", Role.ADMIN, "o1")
    issued = Record(
        "notices", "n1", {"number": "ZG-20261129-001", "form": "notice"}, {}, {}, "h", "u1", "p1"
    )

    def write(fields, current=None):
        return refusal(admin, Write("notices", "upsert", fields, current, "p1"), fields)

    assert "never changes" in write({"number": "ZG-20260101-001"}, issued)
    assert write({"note": "补充要求"}, issued) is None
    assert "chief" in write({"number": "TG-1", "form": "stop", "signer_title": "专业监理工程师"})
    assert "unknown notice form" in write({"number": "X-1", "form": "memo"})
    assert write({"number": "TG-1", "form": "stop", "signer_title": "总监理工程师"}) is None
