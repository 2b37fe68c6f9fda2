"""Any text a person types or pastes survives every path: raised through the command line,
exported to JSON and XLSX, printed in every report, found by search, synced through a real
central store (SQLite and PostgreSQL) to another laptop and back, and found there intact, or
normalised exactly as the text policy says (core/text.py)."""

import json
import re
import subprocess

import pytest
from hostile import ACCEPTED, NORMALISED, REFUSED, any_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from syncutil import backend_params, start_server, sync

from inspect_app.cli import main
from inspect_app.core.model import Project, ProjectMember, Role
from inspect_app.core.text import TextRefused, clean
from inspect_app.reports.build import KINDS
from inspect_app.store import Store
from inspect_app.store.defects import issue_notices
from inspect_app.store.inspections import set_answer, start_inspection

TEXT_FIELDS = ("title", "description", "category")


@pytest.fixture(scope="module", params=backend_params())
def site(request, tmp_path_factory):
    """A central store with a project, and laptops for an inspector (a), a supervisor (s) and a
    contractor (c), each synced once."""
    root = tmp_path_factory.mktemp(f"site-{request.param}")
    srv = start_server(root, request.param)
    acc = {
        "admin": srv.add_user("admin", "admin", "东城区住建委"),
        "zhang": srv.add_user("zhang", "inspector", "华建监理"),
        "wang": srv.add_user("wang", "supervisor", "华建监理"),
        "zhao": srv.add_user("zhao", "contractor", "北京城建"),
    }
    sync(root / "admin", srv, "admin")
    with Store.open(root / "admin") as s:
        p = s.save(Project(name="和平里东街小区"))
        for user, role in (("zhang", Role.INSPECTOR), ("zhao", Role.CONTRACTOR)):
            s.save(ProjectMember(project_id=p.id, org_id=acc[user].org_id, role=role))
    assert not sync(root / "admin", srv, "admin").refused
    laptops = {"a": "zhang", "s": "wang", "c": "zhao"}
    for name, user in laptops.items():
        sync(root / name, srv, user)
    yield {"server": srv, "root": root, "project": p.id, "acc": acc, "users": laptops}
    srv.stop()


def cli(*argv) -> tuple[int, str, str]:
    """The command line in-process, as `inspect-app …` (stdout and stderr captured)."""
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in argv])
    return code, out.getvalue(), err.getvalue()


def expected(value: str, field: str) -> str:
    return clean(value, field).text


def roundtrip(site, name: str) -> None:
    report = sync(site["root"] / name, site["server"], site["users"][name])
    assert not report.refused, report.refused


def raise_all(site, cases: list[tuple[str, str, str]]) -> dict[str, tuple[str, str, str]]:
    """Raise one defect per (title, description, category) on laptop a, through the CLI; the
    policy's refusals are checked and left out. Returns id → the values the policy keeps."""
    a = site["root"] / "a"
    kept = {}
    for title, description, category in cases:
        code, out, err = cli(
            "defect", "raise", "--data", a, "--project", site["project"], f"--title={title}",
            f"--description={description}", f"--category={category}", "--json",
        )  # fmt: skip
        try:
            want = tuple(expected(v, f) for v, f in zip((title, description, category), TEXT_FIELDS, strict=True))  # fmt: skip
        except TextRefused as e:
            assert code == 2, out
            assert e.field in err and "Traceback" not in err, err
            continue
        assert code == 0, err
        kept[json.loads(out)["id"]] = want
    return kept


def values_in(rows: list[dict], ids) -> dict[str, tuple]:
    by_id = {r["id"]: r for r in rows}
    return {i: tuple(by_id[i][f] for f in TEXT_FIELDS) for i in ids}


def check_exports(site, kept: dict, tmp) -> None:
    """JSON and XLSX exports, the defect list as XLSX and the `defects` listing hold the text."""
    a = site["root"] / "a"
    assert cli("export", "--data", a, "--out", tmp / "all.json")[0] == 0
    data = json.loads((tmp / "all.json").read_text(encoding="utf-8"))
    assert values_in(data["defects"], kept) == kept

    assert cli("export", "--data", a, "--out", tmp / "all.xlsx")[0] == 0
    ws = load_workbook(tmp / "all.xlsx", read_only=True)["defects"]
    rows = ws.iter_rows(values_only=True)
    header = next(rows)
    sheet = [{h: ("" if v is None else v) for h, v in zip(header, r, strict=True)} for r in rows]
    assert values_in(sheet, kept) == kept

    code, _, err = cli("report", "defects", "--data", a, "--project", site["project"], "--out", tmp / "list.xlsx")  # fmt: skip
    assert code == 0, err
    ws = load_workbook(tmp / "list.xlsx").active
    cells = [[("" if c.value is None else c.value) for c in row] for row in ws.iter_rows()]
    head = next(i for i, r in enumerate(cells) if r[:2] == ["序号", "问题"])
    # The printed list shows an empty category as "—".
    listed = {(r[1], "" if r[2] == "—" else r[2], r[10]) for r in cells[head + 1 :]}
    assert {(t, c, d) for t, d, c in kept.values()} <= listed
    for row in ws.iter_rows(min_row=head + 2):
        assert all(c.data_type != "f" for c in row)  # text is never a formula

    code, out, err = cli("defects", "--data", a, "--project", site["project"], "--json")
    assert code == 0, err
    assert {r["id"]: r["title"] for r in json.loads(out) if r["id"] in kept} == {
        i: v[0] for i, v in kept.items()
    }


def check_search(site, kept: dict, term: str) -> None:
    code, out, err = cli("defects", "--data", site["root"] / "a", "--search", term, "--json")
    assert code == 0, err
    found = {r["id"] for r in json.loads(out)} & kept.keys()
    # Chinese matches anywhere (each character a token); a Latin term matches whole words.
    pattern = re.compile(term if re.match(r"[\u4e00-\u9fff]", term) else rf"\b{term}\b", re.I)
    assert found == {i for i, v in kept.items() if any(pattern.search(x) for x in v)}


def print_reports(site, tmp, kinds, inspection_id: str = "") -> None:
    """Each report kind prints, and `verify` finds each PDF true to the records."""
    a = site["root"] / "a"
    for kind in kinds:
        target = ["--inspection", inspection_id] if kind == "inspection" else ["--project", site["project"]]  # fmt: skip
        for lang in ("zh", "en"):
            pdf = tmp / f"{kind}-{lang}.pdf"
            code, _, err = cli("report", kind, "--data", a, *target, "--out", pdf, "--lang", lang)
            assert code == 0, f"{kind}: {err}"
            code, _, err = cli("verify", pdf, "--data", a)
            assert code == 0, f"{kind}: {err}"
    text = pdftext(tmp / "defects-zh.pdf")
    assert "缺陷清单" in text


def pdftext(path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def check_other_side(site, kept: dict, name: str = "s") -> None:
    """What laptop a holds, laptop `name` holds too after both synced."""
    with Store.open(site["root"] / name) as s:
        rows = list(s.rows("defects"))
    assert values_in(rows, kept) == kept


# ----- the fixed list of hostile strings ------------------------------------------------------


def test_hostile_strings_survive_every_path(site, tmp_path):
    cases = []
    for i, v in enumerate([*ACCEPTED, *NORMALISED]):
        title = v if v.strip() and len(v) <= 200 else f"第{i}条 {v[:100]}"
        cases.append((title, v, v if len(v) <= 200 else v[:200]))
    cases += [(f"拒绝{i}", v, "") for i, v in enumerate(REFUSED)]
    cases += [(v, "描述", "") for v in REFUSED]
    cases += [("长" * 201, "", ""), ("ok", "长" * 20_001, ""), ("ok", "", "长" * 201)]
    kept = raise_all(site, cases)
    assert len(kept) == len(ACCEPTED) + len(NORMALISED)
    with Store.open(site["root"] / "a") as s:  # the refused ones left nothing behind
        ids = {r[0] for r in s.db.execute("SELECT id FROM defects WHERE deleted = 0")}
    assert ids == kept.keys()

    # The rectification loop carries hostile text in its notes: assign on the supervisor's
    # laptop, reply on the contractor's, and back.
    roundtrip(site, "a")
    roundtrip(site, "s")
    check_other_side(site, kept, "s")
    notes = {}
    s, c = site["root"] / "s", site["root"] / "c"
    org = site["acc"]["zhao"].org_id
    for n, did in enumerate(kept):
        note = [*ACCEPTED, *NORMALISED][n]
        code, out, err = cli("defect", "assign", "--data", s, "--defect", did, "--org", org, f"--note={note}", "--json")  # fmt: skip
        assert code == 0, err
        notes[did] = expected(note, "note")
    with Store.open(s) as st_:  # replies print on the 监理通知回复单 of an issued notice
        issue_notices(st_, list(kept))
    roundtrip(site, "s")
    roundtrip(site, "c")
    replies = {}
    for n, did in enumerate(list(kept)[::3]):
        reply = f"已整改{n} {[*ACCEPTED, *NORMALISED][n * 3]}"[:20_000]
        code, _, err = cli("defect", "reply", "--data", c, "--defect", did, f"--text={reply}")
        assert code == 0, err
        replies[did] = expected(reply, "note")
    roundtrip(site, "c")
    roundtrip(site, "a")

    # Back on the inspector's laptop: every value and every note, as the policy says.
    a = site["root"] / "a"
    for did in kept:
        code, out, err = cli("defect", "show", "--data", a, "--defect", did, "--json")
        assert code == 0, err
        shown = json.loads(out)
        assert tuple(shown[f] for f in TEXT_FIELDS) == kept[did]
        history = {e["kind"]: e["note"] for e in shown["history"]}
        assert history["assigned"] == notes[did]
        if did in replies:
            assert history["rectified"] == replies[did]
            assert shown["status"] == "rectified"

    # An inspection with hostile answers and notes, for the inspection record.
    from inspect_app import forms

    with Store.open(a) as st_:
        insp = start_inspection(st_, forms.load_all()["patrol"], site["project"], title=ACCEPTED[30])  # fmt: skip
        set_answer(st_, insp.id, "work_areas", "三号楼\x0b外墙\x07保温")
        set_answer(st_, insp.id, "contractor", ACCEPTED[-1])
        answers = st_.get(type(insp), insp.id).answers
    assert answers["work_areas"] == "三号楼\n外墙保温"

    check_exports(site, kept, tmp_path)
    check_search(site, kept, "锈蚀")
    check_search(site, kept, "alert")
    check_search(site, kept, "DROP")
    print_reports(site, tmp_path, list(KINDS), insp.id)
    text = pdftext(tmp_path / "rectification-reply-zh.pdf")
    assert "已整改0" in re.sub(r"\s+", "", text)


# ----- whatever Hypothesis makes ----------------------------------------------------------------


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(texts=st.lists(any_text(40), min_size=1, max_size=5))
def test_any_text_survives_every_path(site, tmp_path_factory, texts):
    tmp = tmp_path_factory.mktemp("prop")
    cases = [("T" + t, t, t) for t in texts]
    kept = raise_all(site, cases)
    check_exports(site, kept, tmp)
    print_reports(site, tmp, ["survey", "defects"])
    roundtrip(site, "a")
    roundtrip(site, "s")
    check_other_side(site, kept, "s")


def test_text_written_before_the_policy_and_never_sent_reaches_the_other_side_clean(site):
    """A laptop upgraded with unsent work holding Word's line breaks (written by a version
    before the policy): its next sync is accepted and the other laptop gets clean text."""
    from inspect_app.core.model import Defect, DefectEvent
    from inspect_app.store import defects as ops
    from inspect_app.store.text_repair import DONE

    a = site["root"] / "a"
    roundtrip(site, "a")
    with Store.open(a) as s:
        d = ops.raise_defect(
            s, Defect(project_id=site["project"], title="旧版本", description="ok")
        )
        ev = ops.comment(s, d.id, "备注")
        # as the older version stored and queued them
        for table, column, rid, value in (
            ("defects", "description", d.id, "第一行\x0b第二行\x07"),
            ("defect_events", "note", ev.id, "粘贴\x0b自Word"),
        ):
            s.db.execute(f"UPDATE {table} SET {column} = ? WHERE id = ?", [value, rid])
            for seq, text in s.db.execute(
                "SELECT seq, fields FROM outbox WHERE record_id = ? AND acked_at IS NULL", [rid]
            ).fetchall():
                f = json.loads(text)
                if column in f:
                    f[column] = value
                    s.db.execute("UPDATE outbox SET fields = ? WHERE seq = ?", [json.dumps(f, ensure_ascii=False), seq])  # fmt: skip
        s.db.execute("DELETE FROM meta WHERE key = ?", [DONE])
        s.db.conn.commit()
    roundtrip(site, "a")  # opening the profile brings it under the policy; nothing refused
    roundtrip(site, "s")
    with Store.open(site["root"] / "s") as s:
        assert s.get(Defect, d.id).description == "第一行\n第二行"
        assert s.get(DefectEvent, ev.id).note == "粘贴\n自Word"
    with Store.open(a) as s:
        assert s.get(DefectEvent, ev.id).note == "粘贴\n自Word"
