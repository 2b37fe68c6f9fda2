"""`inspect-app defect`: the whole rectification loop on the command line, with the window's
store operations and role rules."""

import json
import subprocess

import pytest
from PIL import Image
from workflow_world import make_world

from inspect_app.core.model import Defect, DefectEvent, PhotoLink
from inspect_app.store import Store
from inspect_app.store.identity import cache_password

PASSWORD = "墙面空鼓 2026"


@pytest.fixture
def world(tmp_path, monkeypatch, cli):
    prof = tmp_path / "profile"
    with Store.open(prof, create=True) as s:
        w = make_world(s)
        for u in (w.inspector, w.supervisor, w.contractor, w.other_contractor, w.admin):
            cache_password(s, u.id, PASSWORD)  # as after each one's first sign-in here
    w.store = None  # each step opens the profile as the CLI does
    w.path = prof
    w.cli = cli
    monkeypatch.setenv("INSPECT_PASSWORD", PASSWORD)
    return w


def act(w, user) -> None:
    """`inspect-app login` as `user`: the defect commands act as the signed-in user."""
    code, out, err = w.cli("login", "--data", w.path, "--user", user.name)
    assert code == 0 and "signed in" in out, err


def run_json(cli, *argv):
    code, out, err = cli(*argv, "--json")
    assert code == 0, err
    return json.loads(out)


def test_the_whole_loop_on_the_command_line(world, cli, tmp_path):
    w, D = world, ("--data", world.path)
    act(w, w.inspector)
    raised = run_json(
        cli, "defect", "raise", *D, "--project", w.project.name, "--title", "燃气立管锈蚀",
        "--description", "3号楼东侧\n立管底部锈蚀", "--severity", "major", "--category", "燃气",
    )  # fmt: skip
    did = raised["id"]
    assert raised["status"] == "open"

    # a contractor may not assign; the refusal is in words, exit 2, nothing changes
    act(w, w.contractor)
    code, out, err = cli("defect", "assign", *D, "--defect", did, "--org", "北京城建")
    assert code == 2 and "may not assign" in err and "Traceback" not in err

    act(w, w.supervisor)
    r = run_json(cli, "defect", "assign", *D, "--defect", did, "--org", "北京城建", "--due", "2030-01-31")  # fmt: skip
    assert r["status"] == "assigned" and r["id"] == did

    # the other contractor cannot reply for this one
    act(w, w.other_contractor)
    code, _, err = cli("defect", "reply", *D, "--defect", did, "--text", "已更换")
    assert code == 2 and "not assigned to your organization" in err

    photo = tmp_path / "after.jpg"
    Image.new("RGB", (40, 30), "gray").save(photo)
    act(w, w.contractor)
    r = run_json(cli, "defect", "reply", *D, "--defect", did, "--text", "已更换立管", "--photo", photo)  # fmt: skip
    assert r["status"] == "rectified"

    act(w, w.supervisor)
    code, _, err = cli("defect", "reject", *D, "--defect", did, "--reason", " ")
    assert code == 2 and "needs a reason" in err
    r = run_json(cli, "defect", "reject", *D, "--defect", did, "--reason", "防腐未做", "--due", "2030-02-10")  # fmt: skip
    assert r["status"] == "assigned"
    act(w, w.contractor)
    run_json(cli, "defect", "reply", *D, "--defect", did, "--text", "已补做防腐")
    act(w, w.supervisor)
    assert run_json(cli, "defect", "verify", *D, "--defect", did)["status"] == "verified"
    assert run_json(cli, "defect", "close", *D, "--defect", did, "--note", "销项")["status"] == "closed"  # fmt: skip
    r = run_json(cli, "defect", "reopen", *D, "--defect", did, "--reason", "居民投诉复发")
    assert r["status"] == "open"
    r = run_json(cli, "defect", "comment", *D, "--defect", did, "--text", "已电话联系")
    assert r["status"] == "open" and r["event"]

    shown = run_json(cli, "defect", "show", *D, "--defect", did)
    assert shown["title"] == "燃气立管锈蚀"
    assert shown["description"] == "3号楼东侧\n立管底部锈蚀"
    assert (shown["status"], shown["assignee"], shown["due_date"]) == ("open", "北京城建", "2030-02-10")  # fmt: skip
    assert [e["kind"] for e in shown["history"]] == [
        "created", "assigned", "rectified", "rejected", "rectified",
        "verified", "closed", "reopened", "comment",
    ]  # fmt: skip
    assert [e["actor"] for e in shown["history"]] == [
        "张伟", "王强", "赵磊", "王强", "赵磊", "王强", "王强", "王强", "王强",
    ]  # fmt: skip
    assert shown["history"][3]["note"] == "防腐未做"
    assert shown["history"][-1]["id"] == r["event"]
    assert [p["role"] for p in shown["photos"]] == ["after"]

    # what the CLI did is what the store holds, with the same events the window writes
    with Store.open(w.path) as s:
        assert s.get(Defect, did).status == "open"
        assert s.count(DefectEvent, "defect_id = ?", [did]) == 9
        assert s.count(PhotoLink, "target_id = ?", [did]) == 1

    code, out, _ = cli("defect", "show", *D, "--defect", did)
    assert code == 0 and "Reopened" in out and "居民投诉复发" in out


def test_batch_actions_are_all_or_none(world, cli):
    w, D = world, ("--data", world.path)
    act(w, w.supervisor)
    a = run_json(cli, "defect", "raise", *D, "--project", w.project.id, "--title", "A")["id"]
    b = run_json(cli, "defect", "raise", *D, "--project", w.project.id, "--title", "B")["id"]
    r = run_json(cli, "defect", "assign", *D, "--defect", a, "--defect", b, "--org", w.builder.id)
    assert [d["status"] for d in r["defects"]] == ["assigned", "assigned"]
    # verifying an assigned defect is refused: neither moves
    code, _, err = cli("defect", "verify", *D, "--defect", a, "--defect", b)
    assert code == 2 and "cannot be" in err
    with Store.open(w.path) as s:
        assert {s.get(Defect, i).status for i in (a, b)} == {"assigned"}


def test_bad_input_is_refused_in_words(world, cli):
    w, D = world, ("--data", world.path)
    code, _, err = cli("defect", "raise", *D, "--project", w.project.id, "--title", "x")
    assert code == 2 and "sign in with inspect-app login" in err  # nobody signed in yet
    act(w, w.contractor)
    code, _, err = cli("defect", "raise", *D, "--project", w.project.id, "--title", "x")
    assert code == 2 and "may not raise" in err
    act(w, w.inspector)
    for argv, words in [
        (("--title", "a\x00b"), "--title: contains a NUL"),
        (("--title", "ok", "--description", "bad\udc80"), "--description: contains an invalid"),
        (("--title", "长" * 201), "--title: too long (201 characters, at most 200)"),
        (("--title", "   "), "needs a title"),
        (("--title", "ok", "--building", "9号楼"), "no building '9号楼'"),
    ]:  # fmt: skip
        code, _, err = cli("defect", "raise", *D, "--project", w.project.id, *argv)
        assert code == 2 and words in err, err
    code, _, err = cli("defect", "show", *D, "--defect", "nope")
    assert code == 2 and "no defects record nope" in err
    with Store.open(w.path) as s:
        assert s.count(Defect) == 0


def test_raise_from_a_checklist_item(world, cli):
    from inspect_app import forms
    from inspect_app.store.inspections import start_inspection

    w, D = world, ("--data", world.path)
    act(w, w.inspector)
    with Store.open(w.path) as s:
        insp = start_inspection(s, forms.load_all()["patrol"], w.project.id)
    first = run_json(cli, "defect", "raise", *D, "--inspection", insp.id, "--item", "enclosure")
    assert first["created"] is True and first["status"] == "open"
    again = run_json(cli, "defect", "raise", *D, "--inspection", insp.id, "--item", "enclosure")
    assert again == {**first, "created": False}
    with Store.open(w.path) as s:
        d = s.get(Defect, first["id"])
    assert (d.inspection_id, d.item_id, d.category) == (insp.id, "enclosure", "文明施工")
    code, _, err = cli("defect", "raise", *D, "--inspection", insp.id, "--item", "nope")
    assert code == 2 and "no item nope" in err
    code, _, err = cli("defect", "raise", *D, "--inspection", insp.id)
    assert code == 2 and "--inspection and --item" in err
    act(w, w.contractor)
    code, _, err = cli("defect", "raise", *D, "--inspection", insp.id, "--item", "fire_lane")
    assert code == 2 and "may not raise" in err


def test_the_list_keeps_one_defect_per_line_whatever_the_title(world, cli):
    w, D = world, ("--data", world.path)
    act(w, w.inspector)
    did = run_json(cli, "defect", "raise", *D, "--project", w.project.id, "--title=第一行\x0b第二行\t末尾")["id"]  # fmt: skip
    code, out, _ = cli("defects", *D)
    assert code == 0
    (line,) = [x for x in out.splitlines() if x.startswith(did)]
    assert line.split("\t")[-1] == "第一行 第二行 末尾"
    shown = run_json(cli, "defect", "show", *D, "--defect", did)
    assert shown["title"] == "第一行\n第二行\t末尾"  # stored as the policy says


def test_issuing_a_notice_and_a_stop_order_on_the_command_line(world, cli, tmp_path):
    """`defect notice` issues 监理通知单 / 工程暂停令 as the signed-in supervisor: the number is
    given once and prints on the form; a stop order needs the chief engineer."""
    from inspect_app.core.model import Notice

    w, D = world, ("--data", world.path)
    act(w, w.inspector)
    did = run_json(
        cli, "defect", "raise", *D, "--project", w.project.name, "--title", "脚手架连墙件缺失",
        "--severity", "major", "--category", "脚手架",
    )["id"]  # fmt: skip
    act(w, w.supervisor)
    run_json(cli, "defect", "assign", *D, "--defect", did, "--org", "北京城建", "--due", "2030-01-31")  # fmt: skip
    code, _, err = cli("defect", "notice", *D, "--defect", did, "--stop", "--scope", "4号楼外架")
    assert code == 2 and "only the chief" in err
    (stop,) = run_json(
        cli, "defect", "notice", *D, "--defect", did, "--stop", "--signer", "chief",
        "--scope", "4号楼外架", "--subject", "连墙件缺失",
    )  # fmt: skip
    (notice,) = run_json(cli, "defect", "notice", *D, "--defect", did, "--subject", "外架整改")
    assert stop["number"].startswith("TG-") and notice["number"].startswith("ZG-")
    with Store.open(w.path) as s:
        assert {n.number for n in s.find(Notice)} == {stop["number"], notice["number"]}
    pdf = tmp_path / "t.pdf"
    code, _, err = cli(
        "report", "stop-order", *D, "--project", w.project.id, "--out", pdf, "--lang", "en"
    )
    assert code == 0, err
    text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout
    assert stop["number"] in text and "Works Stop Order" in text and "4号楼外架" in text
