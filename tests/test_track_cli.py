"""`inspect-app complaint|finding|warranty`: complaints, audit findings, warranty items and
claims and carrying a defect over, on the command line, as the signed-in user, with the same
store operations and role rules as the project page."""

import json

import photo_samples as ps
import pytest
from workflow_world import make_world

from inspect_app.core.model import (
    Complaint,
    Defect,
    DefectEvent,
    Finding,
    PhotoLink,
    WarrantyClaim,
    WarrantyItem,
)
from inspect_app.store import Store
from inspect_app.store.identity import cache_password

PASSWORD = "屋面渗漏 2026"


@pytest.fixture
def world(tmp_path, monkeypatch, cli):
    prof = tmp_path / "profile"
    with Store.open(prof, create=True) as s:
        w = make_world(s)
        for u in (w.inspector, w.supervisor, w.contractor, w.other_contractor, w.admin):
            cache_password(s, u.id, PASSWORD)
    w.path, w.cli = prof, cli
    monkeypatch.setenv("INSPECT_PASSWORD", PASSWORD)
    return w


def act(w, user) -> None:
    code, out, err = w.cli("login", "--data", w.path, "--user", user.name)
    assert code == 0 and "signed in" in out, err


def run_json(cli, *argv):
    code, out, err = cli(*argv, "--json")
    assert code == 0, err
    return json.loads(out)


def refused(cli, *argv) -> str:
    code, _out, err = cli(*argv)
    assert code == 2 and "Traceback" not in err, err
    return err


def stored(w, cls, record_id):
    with Store.open(w.path) as s:
        return s.get(cls, record_id)


def test_complaints_from_a_resident_to_a_reply(world, cli, tmp_path):
    w, D = world, ("--data", world.path)
    P = ("--project", w.project.name)
    # Nobody signed in: told to sign in, nothing stored.
    err = refused(cli, "complaint", "add", *D, *P, "--resident", "王秀英", "--what", "夜间切割")
    assert "sign in with inspect-app login" in err
    # A contractor does not record complaints about itself.
    act(w, w.contractor)
    err = refused(cli, "complaint", "add", *D, *P, "--resident", "王秀英", "--what", "夜间切割")
    assert "may not record or answer complaints" in err

    act(w, w.inspector)
    photo = ps.jpeg(tmp_path / "扶手.jpg")
    c = run_json(
        cli, "complaint", "add", *D, *P, "--resident", "李建国", "--what", "楼道扶手松动",
        "--location", "5号楼2单元", "--new-defect", "--photo", photo,
    )  # fmt: skip
    assert c["status"] == "open" and c["defect_id"]
    d = stored(w, Defect, c["defect_id"])
    assert d.title == "楼道扶手松动" and d.location_text == "5号楼2单元"
    with Store.open(w.path) as s:  # the photo on the complaint and on its new defect
        targets = {ln.target_type for ln in s.find(PhotoLink)}
    assert targets == {"complaint", "defect"}

    # A file that is not a photo refuses the command in words; nothing is recorded.
    bad = tmp_path / "letter.pdf"
    bad.write_bytes(b"%PDF-1.4 not a photo")
    err = refused(
        cli, "complaint", "add", *D, *P, "--resident", "王秀英", "--what", "噪音", "--photo", bad
    )
    assert "letter.pdf: not a recognisable image" in err
    assert len(run_json(cli, "complaint", "list", *D, *P)) == 1

    r = run_json(cli, "complaint", "reply", *D, "--complaint", c["id"], "--text", "已加固", "--close")  # fmt: skip
    assert r["status"] == "closed" and stored(w, Complaint, c["id"]).reply == "已加固"
    code, out, _ = cli("complaint", "list", *D, *P)
    assert code == 0 and "李建国" in out and "closed" in out


def test_audit_findings_along_the_workflow_with_its_roles(world, cli):
    w, D = world, ("--data", world.path)
    P = ("--project", w.project.name)
    act(w, w.supervisor)
    err = refused(cli, "finding", "add", *D, *P, "--source", "区审计局", "--title", "x", "--deadline", "31/01/2024")  # fmt: skip
    assert "--deadline is not a date" in err
    f = run_json(
        cli, "finding", "add", *D, *P, "--source", "区审计局", "--title", "签证变更资料不全",
        "--ref", "审字〔2024〕7号", "--deadline", "2024-01-31",
    )  # fmt: skip
    assert f["status"] == "open"
    listed = run_json(cli, "finding", "list", *D, *P)
    assert listed["open"] == 1 and listed["overdue"] == 1 and listed["findings"][0]["overdue"]

    r = run_json(cli, "finding", "assign", *D, "--finding", f["id"], "--org", "北京城建")
    assert r["status"] == "assigned" and r["assignee_org_id"] == w.builder.id
    # Another firm's contractor may not answer it; the firm it was assigned to may.
    act(w, w.other_contractor)
    assert "not assigned to your organization" in refused(cli, "finding", "reply", *D, "--finding", f["id"])  # fmt: skip
    act(w, w.contractor)
    assert run_json(cli, "finding", "reply", *D, "--finding", f["id"])["status"] == "rectified"
    assert "close" in refused(cli, "finding", "close", *D, "--finding", f["id"])
    act(w, w.supervisor)
    run_json(cli, "finding", "verify", *D, "--finding", f["id"])
    assert run_json(cli, "finding", "close", *D, "--finding", f["id"])["status"] == "closed"
    assert stored(w, Finding, f["id"]).closed_at
    assert run_json(cli, "finding", "list", *D, *P)["open"] == 0


def test_warranty_items_claims_and_carrying_a_defect_over(world, cli, tmp_path):
    w, D = world, ("--data", world.path)
    P = ("--project", w.project.name)
    act(w, w.inspector)
    err = refused(cli, "warranty", "add", *D, *P, "--work-type", "electrical")
    assert "has not passed acceptance" in err  # no acceptance date yet, none given
    item = run_json(
        cli, "warranty", "add", *D, *P, "--work-type", "electrical", "--accepted-on",
        "2024-01-10", "--description", "楼道照明线路", "--contractor", "北京城建",
    )  # fmt: skip
    assert (
        item["starts_on"] == "2024-01-10" and item["ends_on"] == "2026-01-09"
    )  # two years, to the day before
    assert item["contractor_org_id"] == w.builder.id

    late = run_json(
        cli, "warranty", "claim", *D, "--item", item["id"], "--description", "楼道灯不亮",
        "--reported-on", "2026-03-01", "--resident", "王秀英",
        "--photo", ps.jpeg(tmp_path / "灯.jpg"),
    )  # fmt: skip
    assert late["after_expiry"] and late["kind"] == "claim"
    visit = run_json(cli, "warranty", "claim", *D, "--item", item["id"], "--description", "回访", "--reported-on", "2025-06-01", "--visit")  # fmt: skip
    assert visit["kind"] == "return_visit" and not visit["after_expiry"]
    r = run_json(cli, "warranty", "reply", *D, "--claim", late["id"], "--text", "已过保修期，由物业维修", "--close")  # fmt: skip
    assert r["status"] == "closed"
    listed = run_json(cli, "warranty", "list", *D, *P)
    assert [len(i["claims"]) for i in listed] == [2]
    assert stored(w, WarrantyClaim, late["id"]).reply.startswith("已过保修期")
    code, out, _ = cli("warranty", "list", *D, *P)
    assert code == 0 and "after expiry" in out and "楼道照明线路" in out

    # Carrying a defect over into warranty: a reason, and never by the contractor.
    d = run_json(cli, "defect", "raise", *D, *P, "--title", "绿化补植未完成")
    act(w, w.contractor)
    assert "may not" in refused(cli, "warranty", "carry-over", *D, "--defect", d["id"], "--reason", "季节")  # fmt: skip
    act(w, w.supervisor)
    assert "needs a reason" in refused(cli, "warranty", "carry-over", *D, "--defect", d["id"], "--reason", " ")  # fmt: skip
    ev = run_json(cli, "warranty", "carry-over", *D, "--defect", d["id"], "--reason", "季节原因，春季补植")  # fmt: skip
    assert ev["kind"] == "carried_over"
    with Store.open(w.path) as s:
        kinds = [e.kind for e in s.find(DefectEvent, "defect_id = ?", [d["id"]], order_by="at")]
        assert kinds == ["created", "carried_over"]
        assert s.count(WarrantyItem) == 1
