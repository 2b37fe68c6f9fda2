import json
import shutil
from pathlib import Path

from inspect_app import __version__

from conftest import ROOT, run_entry_point


def test_version_from_the_installed_entry_point():
    r = run_entry_point("--version")
    assert r.returncode == 0 and r.stdout.strip() == f"inspect-app {__version__}"


def test_forms_check_passes_on_shipped_forms(cli):
    code, out, err = cli("forms", "check")
    assert code == 0 and err == ""
    assert "gas-household v1" in out


def test_forms_check_fails_on_a_broken_copy_naming_the_item(cli, tmp_path):
    bad = tmp_path / "gas.yaml"
    text = (ROOT / "forms" / "gas-household.yaml").read_text(encoding="utf-8")
    bad.write_text(text.replace("max: 18", "max: [18]"), encoding="utf-8")
    code, out, err = cli("forms", "check", bad)
    assert code == 1 and out == ""
    (line,) = err.strip().splitlines()
    assert line.startswith(f"{bad}:") and "item 'rubber_hose_months'" in line and "max" in line


def test_demo_then_export_json(cli, tmp_path):
    prof, out = tmp_path / "p", tmp_path / "all.json"
    assert cli("demo", "--data", prof)[0] == 0
    code, stdout, _ = cli("export", "--data", prof, "--out", out)
    assert code == 0 and str(out) in stdout
    data = json.loads(out.read_text(encoding="utf-8"))
    for key in (
        "projects",
        "organizations",
        "users",
        "inspections",
        "defects",
        "photos",
        "buildings",
        "defect_events",
        "signatures",
    ):
        assert key in data
    users = {u["id"] for u in data["users"]}
    for key in ("projects", "defects", "inspections"):
        assert data[key], key
        for rec in data[key]:
            assert rec["id"] and rec["hlc"] and rec["author"] in users
    statuses = {d["status"] for d in data["defects"]}
    assert statuses == {"open", "assigned", "rectified", "verified", "closed"}
    assert len({p["stage"] for p in data["projects"]}) >= 4
    kinds = {o["kind"] for o in data["organizations"]}
    assert kinds == {
        "owner",
        "supervisor",
        "contractor",
        "designer",
        "property",
        "utility",
        "street",
    }
    assert {u["role"] for u in data["users"]} == {"inspector", "supervisor", "contractor", "admin"}
    # The works' defects go to the contractors; hazards from before the works to the utility
    # operator or the street.
    kind_of = {o["id"]: o["kind"] for o in data["organizations"]}
    contractors = {o for o, k in kind_of.items() if k == "contractor"}
    assigned = [d for d in data["defects"] if d["assignee_org_id"]]
    assert {d["assignee_org_id"] for d in assigned if not d["pre_existing"]} == contractors
    assert {kind_of[d["assignee_org_id"]] for d in assigned if d["pre_existing"]} == {
        "utility",
        "street",
    }
    assert any(d["due_date"] and d["status"] in ("assigned", "rectified") for d in data["defects"])
    # Exporting twice gives the same bytes.
    cli("export", "--data", prof, "--out", tmp_path / "again.json")
    assert (tmp_path / "again.json").read_bytes() == out.read_bytes()


def test_export_xlsx(cli, demo_profile, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "all.xlsx"
    assert cli("export", "--data", demo_profile, "--out", out)[0] == 0
    wb = load_workbook(out, read_only=True)
    assert {"projects", "defects", "users"} <= set(wb.sheetnames)
    rows = list(wb["projects"].iter_rows(values_only=True))
    assert rows[0][0] == "id" and len(rows) == 7


def test_demo_refuses_a_profile_with_data(cli, demo_profile):
    code, _, err = cli("demo", "--data", demo_profile)
    assert code == 2 and "already holds data" in err


def test_bad_input_gets_a_message_not_a_traceback(tmp_path):
    cases = [
        (["export", "--data", tmp_path / "missing", "--out", tmp_path / "x.json"], "no profile at"),
        (
            ["export", "--data", tmp_path, "--out", tmp_path / "x.json"],
            "not an inspect-app profile",
        ),
    ]
    corrupt = tmp_path / "corrupt"
    corrupt.mkdir()
    (corrupt / "inspect.db").write_bytes(b"this is not a database" * 100)
    cases.append((["export", "--data", corrupt, "--out", tmp_path / "x.json"], "damaged"))
    for argv, message in cases:
        r = run_entry_point(*argv, env={"INSPECT_LANG": "en"})
        assert r.returncode == 2, r.stderr
        assert message in r.stderr and "Traceback" not in r.stderr
    assert (corrupt / "inspect.db").read_bytes() == b"this is not a database" * 100


def test_export_refuses_unknown_extension(cli, demo_profile, tmp_path):
    code, _, err = cli("export", "--data", demo_profile, "--out", tmp_path / "x.csv")
    assert code == 2 and ".json or .xlsx" in err and not (tmp_path / "x.csv").exists()


def test_messages_are_chinese_by_default(tmp_path):
    r = run_entry_point(
        "export",
        "--data",
        tmp_path / "missing",
        "--out",
        "x.json",
        env={"INSPECT_LANG": "", "LANG": "zh_CN.UTF-8"},
    )
    assert r.returncode == 2 and "数据目录不存在" in r.stderr


def test_smoke_test_opens_the_main_window(demo_profile, tmp_path):
    prof = tmp_path / "p"
    shutil.copytree(demo_profile, prof)
    r = run_entry_point("--data", prof, "--smoke-test", env={"QT_QPA_PLATFORM": "offscreen"})
    assert r.returncode == 0, r.stderr


def test_demo_flag_never_wipes_a_real_profile(tmp_path, store):
    real = Path(store.root)
    r = run_entry_point(
        "--data",
        real,
        "--demo",
        "--smoke-test",
        env={"QT_QPA_PLATFORM": "offscreen", "INSPECT_LANG": "en"},
    )
    assert r.returncode == 2 and "real profile" in r.stderr
    assert (real / "inspect.db").exists()
