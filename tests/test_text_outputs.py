"""Every export and report path, tried with Hypothesis text (control characters, surrogates,
marks, emoji sequences) and with the fixed hostile list: nothing crashes, refusals name the
field, and what is stored comes out as the text policy says (core/text.py)."""

import csv
import json
from datetime import date

import pytest
from hostile import ACCEPTED, NORMALISED, any_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from workflow_world import make_world

from inspect_app.cli import main
from inspect_app.core.model import Organization, OrgKind, Project
from inspect_app.core.text import TextRefused, clean
from inspect_app.reports.build import KINDS
from inspect_app.store import Store
from inspect_app.store.identity import cache_password

PASSWORD = "外墙保温 2026"
SLOW = settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def cli(*argv) -> tuple[int, str, str]:
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in argv])
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    import os

    prof = tmp_path_factory.mktemp("outputs") / "p"
    with Store.open(prof, create=True) as s:
        w = make_world(s)
        for u in (w.inspector, w.supervisor, w.contractor):
            cache_password(s, u.id, PASSWORD)
    w.path, w.store = prof, None
    os.environ["INSPECT_PASSWORD"] = PASSWORD
    yield w
    os.environ.pop("INSPECT_PASSWORD", None)


def login(w, user) -> None:
    code, _, err = cli("login", "--data", w.path, "--user", user.name)
    assert code == 0, err


def kept_or_refused(value: str, field: str) -> str | None:
    try:
        return clean(value, field).text
    except TextRefused:
        return None


@SLOW
@given(texts=st.lists(any_text(50), min_size=1, max_size=4))
def test_every_report_and_export_takes_any_text(world, tmp_path_factory, texts):
    tmp = tmp_path_factory.mktemp("out")
    w, D = world, ("--data", world.path)
    login(w, w.inspector)
    raised = {}
    for text in texts:
        code, out, err = cli("defect", "raise", *D, "--project", w.project.id, f"--title=问题{text}", f"--description={text}", f"--location={text}", "--json")  # fmt: skip
        want = kept_or_refused(text, "description")
        if want is None:
            assert code == 2 and "Traceback" not in err
            continue
        assert code == 0, err
        raised[json.loads(out)["id"]] = want
    # the loop's notes and replies carry the same text into the notices and replies
    login(w, w.supervisor)
    for did, text in zip(raised, texts, strict=False):
        code, _, err = cli("defect", "assign", *D, "--defect", did, "--org", w.builder.id, f"--note={text}")  # fmt: skip
        assert code == (0 if kept_or_refused(text, "note") is not None else 2), err
    for kind in KINDS:
        if kind == "inspection":
            continue
        pdf = tmp / f"{kind}.pdf"
        code, _, err = cli("report", kind, *D, "--project", w.project.id, "--out", pdf)
        assert code == 0, f"{kind}: {err}"
        code, _, err = cli("verify", pdf, *D)
        assert code == 0, f"{kind}: {err}"
    code, _, err = cli("report", "defects", *D, "--project", w.project.id, "--out", tmp / "d.xlsx")
    assert code == 0, err
    for out in ("all.json", "all.xlsx"):
        code, _, err = cli("export", *D, "--out", tmp / out)
        assert code == 0, err
    rows = {r["id"]: r for r in json.loads((tmp / "all.json").read_text("utf-8"))["defects"]}
    assert {i: (rows[i]["description"], rows[i]["location_text"]) for i in raised} == {
        i: (v, v) for i, v in raised.items()
    }
    ws = load_workbook(tmp / "all.xlsx", read_only=True)["defects"]
    it = ws.iter_rows(values_only=True)
    header = next(it)
    sheet = {r[0]: dict(zip(header, r, strict=True)) for r in it}
    assert {i: sheet[i]["description"] or "" for i in raised} == raised


@SLOW
@given(names=st.lists(any_text(30), min_size=1, max_size=6), words=st.data())
def test_ballot_sheets_with_any_text_tally_and_print(world, tmp_path_factory, names, words):
    from inspect_app.core.votes import VOTE_WORDS

    tmp = tmp_path_factory.mktemp("ballots")
    sheet = tmp / "ballots.csv"
    vote_words = [w for ws in VOTE_WORDS.values() for w in ws]
    with open(sheet, "w", newline="", encoding="utf-8", errors="surrogatepass") as f:
        out = csv.writer(f)
        out.writerow(["unit", "owner", "area_m2", "vote"])
        for i, name in enumerate(names):
            out.writerow([f"1-{101 + i}", name, "80", words.draw(st.sampled_from(vote_words))])
    code, out, err = cli("consent", "tally", sheet, "--matter", "ordinary", "--json", "--pdf", tmp / "t.pdf", "--data", world.path, "--project", world.project.id)  # fmt: skip
    assert "Traceback" not in err and code in (0, 1, 2), err
    if code == 0:
        assert (tmp / "t.pdf").stat().st_size > 0


@SLOW
@given(name=any_text(40), address=any_text(80))
def test_stage_sheet_and_scorecard_take_any_stored_text(tmp_path_factory, name, address):
    from inspect_app.reports.scorecard_xlsx import write_scorecard
    from inspect_app.store.defect_stats import scorecard

    tmp = tmp_path_factory.mktemp("stage")
    with Store.open(tmp / "p", create=True) as s:
        try:
            p = s.save(Project(name="小区" + name, address=address))
            org = s.save(Organization(name="单位" + name, kind=OrgKind.CONTRACTOR))
        except TextRefused as e:
            assert e.field in ("name", "address")
            return
        assert p.name == clean("小区" + name, "name").text
        lines = scorecard(s, date(2026, 1, 1), date(2026, 12, 31))
        write_scorecard(lines, date(2026, 1, 1), date(2026, 12, 31), tmp / "score.xlsx")
        assert org.id
    code, _, err = cli("project", "status", "--data", tmp / "p", "--project", p.id, "--pdf", tmp / "st.pdf")  # fmt: skip
    assert code == 0, err


def test_the_hostile_list_in_ballot_names_is_tallied_or_named_by_line(world, tmp_path):
    sheet = tmp_path / "b.csv"
    names = [*ACCEPTED, *NORMALISED]
    with open(sheet, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["unit", "owner", "area_m2", "vote"])
        for i, n in enumerate(names):
            out.writerow([f"2-{i:03d}", n, "60", "agree" if i % 2 else "√"])
    code, out, err = cli("consent", "tally", sheet, "--matter", "ordinary", "--json", "--pdf", tmp_path / "t.pdf", "--data", world.path, "--project", world.project.id)  # fmt: skip
    assert "Traceback" not in err
    # rows whose owner is blank or too long are named by line; the rest are counted
    bad = {i for i, n in enumerate(names) if not n.strip() or len(clean(n, "owner", repair=True).text) > 200}  # fmt: skip
    for i in bad:
        assert f"line {i + 2}:" in err
    assert code == (1 if bad else 0), err
    assert (tmp_path / "t.pdf").stat().st_size > 0  # the good rows still print
