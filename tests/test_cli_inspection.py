"""The signed-record journey on the command line (`login`, `inspection …`), as a user types it,
on a copy of the demo profile; and signing in against a real central store on 127.0.0.1."""

import json
import shutil

import pytest
from syncutil import PASSWORD, ServerThread

from inspect_app.core.model import Inspection, Organization, OrgKind, Project, Role, Signature, User
from inspect_app.demo_checklists import demo_strokes, strokes_png
from inspect_app.store import Store, identity

PATROL = [
    "patrolled_on=2026-11-20", "weather=fine", "work_areas=3号楼外墙保温", "contractor=北京城建",
    "has_scaffold=no", "has_trench=no", "enclosure=pass", "passage_shelter=pass",
    "fire_lane=pass", "dust_noise=pass", "night_lighting=pass", "rcd=pass", "three_level=pass",
    "cables=pass", "earthing=pass", "roof_membrane=pass", "pipe_pressure_test=pass",
    "materials_checked=pass", "insulation_bond=ok",
]  # fmt: skip


@pytest.fixture
def prof(demo_profile, tmp_path):
    shutil.copytree(demo_profile, tmp_path / "p")
    return tmp_path / "p"


@pytest.fixture
def png(tmp_path):
    path = tmp_path / "sig.png"
    path.write_bytes(strokes_png(demo_strokes("张伟")))
    return path


def stored(prof):
    """Everything a refused command must leave as it was."""
    with Store.open(prof) as s:
        return (
            s.count(Signature),
            s.db.execute("SELECT group_concat(hlc) FROM inspections").fetchone()[0],
            s.actor,
        )


def test_patrol_from_the_command_line(cli, prof, png, monkeypatch):
    monkeypatch.setenv("INSPECT_PASSWORD", "demo")
    code, out, _ = cli("login", "--data", prof, "--user", "zhangwei")
    assert code == 0 and "张伟" in out
    with Store.open(prof) as s:
        project = s.find(Project, "stage = 'construction'")[0].id
    code, out, _ = cli(
        "inspection",
        "start",
        "--data",
        prof,
        "--project",
        project,
        "--template",
        "patrol",
        "--json",
    )
    insp = json.loads(out)["id"]
    assert code == 0 and insp
    code, _, _ = cli("inspection", "answer", "--data", prof, "--inspection", insp, *PATROL)
    assert code == 0

    # Bad input: a clear message, exit 2, nothing stored (not even the good answers beside it).
    before = stored(prof)
    for args, message in (
        (["answer", "weather=sunnyish", "remarks=好"], "must be one of"),
        (["answer", "no_such_item=1"], "no item no_such_item"),
        (["answer", "remarks"], "write PATH=VALUE"),
        (["answer", "inspector_signature=forged"], "signature item"),
        (["sign", "--item", "remarks", "--image", png], "is not a signature item"),
        (["sign", "--item", "inspector_signature", "--image", png.with_name("none.png")],
         "cannot read the signature image"),
        (["sign", "--item", "inspector_signature", "--guest", "王秀英", "--image", png],
         "guest's role is missing"),
        (["submit"], "not answered: Inspector's signature"),
    ):  # fmt: skip
        code, _, err = cli("inspection", args[0], "--data", prof, "--inspection", insp, *args[1:])
        assert code == 2 and message in err, (args, err)
    assert stored(prof) == before

    sign = ["inspection", "sign", "--data", prof, "--inspection", insp, "--image", png]
    assert cli(*sign, "--item", "inspector_signature")[0] == 0
    monkeypatch.setenv("INSPECT_SIGNER_PASSWORD", "wrong")
    code, _, err = cli(*sign, "--item", "contractor_signature", "--signer", "zhaolei")
    assert code == 2 and "wrong user name or password" in err
    monkeypatch.setenv("INSPECT_SIGNER_PASSWORD", "demo")
    code, out, _ = cli(*sign, "--item", "contractor_signature", "--signer", "zhaolei", "--json")
    assert code == 0 and json.loads(out)["signer"] == "zhaolei"

    code, out, _ = cli("inspection", "show", "--data", prof, "--inspection", insp, "--json")
    shown = json.loads(out)
    assert {"id", "status", "template_id", "items", "signatures"} <= shown.keys()
    item = next(i for i in shown["items"] if i["path"] == "rcd")
    assert item == {"path": "rcd", "label": "Residual-current device fitted and working",
                    "type": "pass_fail", "required": True, "answer": "pass", "verdict": "pass"}  # fmt: skip
    sigs = shown["signatures"]
    assert [(s["item"], s["signer"], s["role"], s["valid"]) for s in sigs] == [
        ("inspector_signature", "zhangwei", "监理单位", True),
        ("contractor_signature", "zhaolei", "施工单位", True),
    ]
    keys = {"id", "item", "signer", "display_name", "role", "org", "signed_at", "valid", "changed"}
    assert all(keys <= s.keys() for s in sigs)

    # An edit after signing voids both signatures, naming the item by its label.
    assert cli("inspection", "answer", "--data", prof, "--inspection", insp, "remarks=良好")[0] == 0
    shown = json.loads(cli("inspection", "show", "--data", prof, "--inspection", insp, "--json")[1])
    assert [(s["valid"], s["changed"]) for s in shown["signatures"]] == [
        (False, ["item “Remarks”"])
    ] * 2
    code, _, err = cli("inspection", "submit", "--data", prof, "--inspection", insp)
    assert code == 2 and "signature void, sign again: Inspector's signature" in err
    assert cli(*sign, "--item", "inspector_signature")[0] == 0
    assert cli(*sign, "--item", "contractor_signature", "--signer", "zhaolei")[0] == 0
    code, out, _ = cli("inspection", "submit", "--data", prof, "--inspection", insp, "--json")
    assert code == 0 and json.loads(out)["status"] == "submitted"
    before = stored(prof)
    code, _, err = cli("inspection", "answer", "--data", prof, "--inspection", insp, "remarks=x")
    assert code == 2 and "submitted and locked" in err and stored(prof) == before

    # Printed and verified as issued.
    pdf = prof.parent / "patrol.pdf"
    code, _, err = cli("report", "inspection", "--data", prof, "--inspection", insp, "--out", pdf)
    assert code == 0, err
    code, out, err = cli("verify", pdf, "--data", prof)
    assert code == 0, out + err

    # The contractor signed in: cannot answer or reopen; a wrong password signs nobody in.
    monkeypatch.setenv("INSPECT_PASSWORD", "guess")
    code, _, err = cli("login", "--data", prof, "--user", "zhaolei")
    assert code == 2 and "wrong user name or password" in err and stored(prof) == before
    code, _, err = cli("login", "--data", prof, "--user", "nobody")
    assert code == 2 and "no user" in err
    monkeypatch.setenv("INSPECT_PASSWORD", "demo")
    assert cli("login", "--data", prof, "--user", "zhaolei")[0] == 0
    before = stored(prof)
    code, _, err = cli(
        "inspection", "reopen", "--data", prof, "--inspection", insp, "--reason", "改"
    )
    assert code == 2 and "only a supervisor or admin" in err and stored(prof) == before

    assert cli("login", "--data", prof, "--user", "wangqiang")[0] == 0
    code, out, _ = cli("inspection", "reopen", "--data", prof, "--inspection", insp,
                       "--reason", "巡检日期填错", "--json")  # fmt: skip
    assert code == 0 and json.loads(out)["status"] == "reopened"
    assert json.loads(out)["events"][-1]["reason"] == "巡检日期填错"
    code, out, _ = cli("inspection", "list", "--data", prof, "--project", project, "--json")
    assert {"id": insp, "status": "reopened"}.items() <= next(
        i for i in json.loads(out) if i["id"] == insp
    ).items()


def test_a_contractor_answering_an_inspectors_checklist_is_refused(cli, prof, monkeypatch):
    with Store.open(prof) as s:
        insp = s.find(Inspection, "status = 'draft' AND template_id = 'patrol'")[0].id
    monkeypatch.setenv("INSPECT_PASSWORD", "demo")
    assert cli("login", "--data", prof, "--user", "sunli")[0] == 0
    before = stored(prof)
    code, _, err = cli("inspection", "answer", "--data", prof, "--inspection", insp, "rcd=pass")
    assert code == 2 and "contractor may not fill in or change an inspection" in err
    assert stored(prof) == before


def test_demo_says_the_password(cli, tmp_path):
    code, out, _ = cli("demo", "--data", tmp_path / "d")
    assert code == 0 and "every password is demo" in out and "zhaolei" in out


def test_sign_in_against_the_central_store_then_offline_with_the_cached_hash(tmp_path):
    srv = ServerThread(tmp_path / "server")
    try:
        srv.add_user("zhang", "inspector", "")
        with Store.open(tmp_path / "laptop", create=True) as s:
            org = s.save(Organization(name="华建监理", kind=OrgKind.SUPERVISOR))
            s.save(User(name="zhang", role=Role.INSPECTOR, org_id=org.id))
            s.set_meta("sync.server", srv.url)
            with pytest.raises(identity.AuthError, match="never signed in"):
                s.set_meta("sync.server", "")
                identity.login(s, "zhang", PASSWORD)  # no server, nothing cached
            s.set_meta("sync.server", srv.url)
            with pytest.raises(identity.AuthError, match="wrong user name or password"):
                identity.login(s, "zhang", "not it")
            assert s.db.execute("SELECT count(*) FROM credentials").fetchone()[0] == 0
            assert identity.login(s, "zhang", PASSWORD).user.name == "zhang"
            (cached,) = s.db.execute("SELECT hash FROM credentials").fetchone()
            assert cached.startswith("$argon2") and PASSWORD not in cached
    finally:
        srv.stop()
    with Store.open(tmp_path / "laptop") as s:  # the central store is gone: the cache decides
        assert identity.login(s, "zhang", PASSWORD).user.name == "zhang"
        with pytest.raises(identity.AuthError, match="wrong user name or password"):
            identity.login(s, "zhang", "not it")


def test_nobody_signed_in_changes_nothing(cli, tmp_path):
    with Store.open(tmp_path / "p", create=True) as s:
        project = s.save(Project(name="和平里东街小区")).id
    code, _, err = cli("inspection", "start", "--data", tmp_path / "p", "--project", project,
                       "--template", "patrol")  # fmt: skip
    assert code == 2 and "nobody is signed in" in err
    with Store.open(tmp_path / "p") as s:
        assert s.count(Inspection) == 0
