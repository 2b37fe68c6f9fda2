"""A central store with two projects and every role, and a hostile client that speaks only the
wire protocol (HTTP on 127.0.0.1): the tests of what the store refuses send the bad thing."""

import httpx
from syncutil import PASSWORD, ServerThread, postgres_database

from inspect_app.core.clock import HybridClock
from inspect_app.core.ids import uuid7


class World:
    def __init__(self, tmp, backend: str, blobs: str | None = None):
        database = postgres_database() if backend == "postgres" else None
        self.srv = ServerThread(tmp / "server", database, blobs)
        self.http = httpx.Client(base_url=self.srv.url, timeout=30)
        srv = self.srv
        self.acc = {
            "admin": srv.add_user("admin", "admin", "东城区住建委"),
            "inspector": srv.add_user("zhang", "inspector", "华建监理"),
            "supervisor": srv.add_user("wang", "supervisor", "华建监理"),
            "contractor": srv.add_user("zhao", "contractor", "北京城建"),
            "other_contractor": srv.add_user("sun", "contractor", "中建一局"),
            "outsider": srv.add_user("qian", "supervisor", "其他监理"),
        }
        self.tokens = {role: self.login(a.name) for role, a in self.acc.items()}
        self.clock = HybridClock("hostiletest")
        self.project = self.create("projects", {"name": "和平里东街小区", "stage": "construction"})
        self.other_project = self.create("projects", {"name": "安贞里小区", "stage": "survey"})
        for role in ("inspector", "contractor", "other_contractor"):
            self.member(self.project, role)
        self.member(self.other_project, "outsider")
        self.secret = self.create(
            "defects", {"project_id": self.other_project, "title": "安贞里 3号楼 外墙空鼓"}
        )

    def login(self, name: str) -> str:
        r = self.http.post("/v1/login", json={"name": name, "password": PASSWORD})
        assert r.status_code == 200, r.text
        return r.json()["token"]

    def headers(self, role: str) -> dict:
        return {"Authorization": f"Bearer {self.tokens[role]}"}

    def member(self, project: str, role: str) -> str:
        return self.create(
            "project_members",
            {"project_id": project, "org_id": self.acc[role].org_id, "role": "inspector"},
        )

    def change(self, role, table, rid, fields, op="upsert", **over):
        c = {
            "change_id": uuid7(),
            "table": table,
            "record_id": rid,
            "op": op,
            "fields": fields,
            "hlc": self.clock.now(),
            "author": self.acc[role].id,
        }
        c.update(over)
        return c

    def post(self, role, changes) -> httpx.Response:
        return self.http.post("/v1/push", json={"changes": changes}, headers=self.headers(role))

    def push(self, role, changes) -> dict:
        r = self.post(role, changes)
        assert r.status_code == 200, r.text
        return r.json()

    def create(self, table, fields, role="admin") -> str:
        rid = uuid7()
        body = self.push(role, [self.change(role, table, rid, fields)])
        assert not body["refused"], body
        return rid

    def defect(self, status="open", org="contractor", **extra) -> str:
        fields = {"project_id": self.project, "title": "燃气立管锈蚀", "severity": "major"}
        fields.update(status=status, **extra)
        if status != "open":
            fields["assignee_org_id"] = self.acc[org].org_id
        return self.create("defects", fields)

    def record(self, table, rid) -> dict | None:
        rec = next((r for r in self.srv.service.snapshot()[table] if r["id"] == rid), None)
        return rec

    def pulled(self, role) -> list[dict]:
        r = self.http.get("/v1/pull", params={"limit": 5000}, headers=self.headers(role))
        assert r.status_code == 200, r.text
        return r.json()["changes"]

    def close(self):
        self.http.close()
        self.srv.stop()
