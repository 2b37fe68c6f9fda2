"""The text policy (core/text.py): accepted as-is, normalised, refused naming the field."""

import json
import re

import pytest
from hostile import ACCEPTED, NORMALISED, REFUSED, any_text, storable_text, too_long
from hypothesis import given
from hypothesis import strategies as st

from inspect_app.core import text
from inspect_app.core.i18n import set_language
from inspect_app.core.text import TextRefused, clean, clean_fields, for_xml
from inspect_app.store import Store

XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@pytest.mark.parametrize("value", ACCEPTED)
def test_accepted_text_is_kept_exactly(value):
    c = clean(value, "description")
    assert c.text == value
    assert c.removed == ()


@pytest.mark.parametrize(("value", "kept"), NORMALISED.items())
def test_normalised_text(value, kept):
    c = clean(value, "description")
    assert c.text == kept
    removed = [ch for ch in value if ch not in "\r\x0b\x0c\x85\u2028\u2029" and ch not in kept]
    assert len(c.removed) == len(removed)
    assert c.removed == tuple(f"U+{ord(ch):04X}" for ch in removed)


@pytest.mark.parametrize(("value", "reason"), REFUSED.items())
def test_refused_text_names_the_field(value, reason):
    with pytest.raises(TextRefused) as e:
        clean(value, "title")
    assert e.value.reason == reason
    assert e.value.field == "title"
    assert str(e.value).startswith("title:")


def test_refusal_in_chinese_names_the_field():
    set_language("zh")
    with pytest.raises(TextRefused, match=r"「描述」.*NUL"):
        clean("a\x00b", "description")
    with pytest.raises(TextRefused, match="「标题」过长：共 201 字，最多 200 字"):
        clean(too_long(200), "title")


def test_lengths_are_per_field_and_counted_after_normalisation():
    assert text.limit_for("title") == text.LINE
    assert text.limit_for("description") == text.TEXT
    assert text.limit_for("content") == text.DOCUMENT
    assert clean("长" * text.LINE, "title").text == "长" * text.LINE
    with pytest.raises(TextRefused) as e:
        clean(too_long(text.LINE), "title")
    assert e.value.reason == "too_long"
    # 200 characters once two controls are removed: accepted
    assert clean("\x07" + "a" * 200 + "\x07", "title").text == "a" * 200
    # CR LF counts as one line break
    assert clean("a\r\n" * 100, "title").text == "a\n" * 100
    # an emoji sequence is several characters: counted as code points, like PostgreSQL
    fam = "👨‍👩‍👧‍👦"
    assert len(fam) == 7
    with pytest.raises(TextRefused):
        clean(fam * 29, "title")


def test_record_fields_and_nested_json():
    values, notes = clean_fields(
        {
            "title": "a\x0bb",
            "description": "x\x07y",
            "answers": {"q1": "ok\x1b", "q2": ["\x08item", 3, None], "q3": 1.5},
            "plan_x": 0.5,
            "major_hazard": True,
        }
    )
    assert values == {
        "title": "a\nb",
        "description": "xy",
        "answers": {"q1": "ok", "q2": ["item", 3, None], "q3": 1.5},
        "plan_x": 0.5,
        "major_hazard": True,
    }
    assert [n.as_dict() for n in notes] == [
        {"field": "description", "removed": ["U+0007"]},
        {"field": "answers.q1", "removed": ["U+001B"]},
        {"field": "answers.q2[0]", "removed": ["U+0008"]},
    ]
    with pytest.raises(TextRefused) as e:
        clean_fields({"answers": {"remark": "bad\ud800"}})
    assert e.value.field == "answers.remark"


@given(any_text())
def test_property_clean_text_is_clean_or_refused(value):
    try:
        c = clean(value, "description")
    except TextRefused as e:
        assert "\x00" in value or any(0xD800 <= ord(ch) <= 0xDFFF for ch in value)
        assert e.reason in ("nul", "surrogate")
        return
    assert text.is_clean(c.text)
    assert not XML_ILLEGAL.search(c.text)
    assert "\r" not in c.text
    assert clean(c.text, "description").text == c.text  # idempotent
    c.text.encode("utf-8")  # always encodable


@given(storable_text())
def test_property_storable_text_is_never_refused_and_keeps_what_people_type(value):
    c = clean(value, "description")
    ordinary = [ch for ch in value if ch.isprintable() or ch in "\t\n"]
    kept = iter(c.text)
    # every ordinary character survives, in order
    assert all(any(k == ch for k in kept) for ch in ordinary)


@given(st.text())
def test_property_for_xml_makes_any_text_writable(value):
    out = for_xml(value)
    assert not XML_ILLEGAL.search(out)
    assert for_xml(out) == out


# ----- where text enters the local store -----------------------------------------------------


def test_store_keeps_normalised_text_and_notes_removals_in_the_audit(store):
    from inspect_app.core.model import Defect, Project

    p = store.save(Project(name="Garden\x07 estate"))
    d = store.save(Defect(project_id=p.id, title="Word\x0bline", description="a\r\nb\x1bc"))
    assert (d.title, d.description) == ("Word\nline", "a\nbc")  # the caller holds what was kept
    got = store.get(Defect, d.id)
    assert (got.title, got.description) == ("Word\nline", "a\nbc")
    notes = [h for h in store.history("defects", d.id) if h["action"] == "normalise"]
    assert [n["changes"] for n in notes] == [{"description": ["U+001B"]}]
    assert [h["changes"] for h in store.history("projects", p.id) if h["action"] == "normalise"]
    # the outbox sends the clean text
    sent = store.db.execute(
        "SELECT fields FROM outbox WHERE record_id = ? ORDER BY seq", [d.id]
    ).fetchone()[0]
    assert "\\u001b" not in sent and "\x1b" not in sent and "a\\nbc" in sent


def test_store_refuses_text_naming_the_field_and_keeps_nothing(store):
    from inspect_app.core.model import Defect, Project

    p = store.save(Project(name="P"))
    before = store.db.execute("SELECT count(*) FROM audit").fetchone()[0]
    for bad, field in [
        (Defect(project_id=p.id, title="a\x00b"), "title"),
        (Defect(project_id=p.id, title="ok", description="x\udc80"), "description"),
        (Defect(project_id=p.id, title=too_long(text.LINE)), "title"),
    ]:
        with pytest.raises(TextRefused) as e:
            store.save(bad)
        assert e.value.field == field
        with pytest.raises(TextRefused):
            store.save_many([bad])
    assert store.count(Defect) == 0
    assert store.db.execute("SELECT count(*) FROM audit").fetchone()[0] == before


def test_save_many_normalises_too(store):
    from inspect_app.core.model import Project

    recs = [Project(name=f"P{i}\x0c", address="路\x02") for i in range(3)]
    store.save_many(recs)
    assert [p.name for p in store.find(Project)] == ["P0\n", "P1\n", "P2\n"]
    assert all(p.address == "路" for p in store.find(Project))
    rows = store.db.execute("SELECT changes FROM audit WHERE action = 'normalise'").fetchall()
    assert len(rows) == 3


def test_pulled_changes_are_repaired_never_refused(store):
    from inspect_app.core.model import Defect, Project

    other = type(store).memory()
    stamp = other.clock.now()
    p = store.save(Project(name="P"))
    change = {
        "change_id": "c1",
        "seq": 1,
        "table": "defects",
        "op": "upsert",
        "record_id": "0190d000-0000-7000-8000-000000000001",
        "hlc": stamp,
        "author": "u-remote",
        "fields": {
            "project_id": p.id,
            "title": "nul\x00 and \ud800 lone",
            "description": "bell\x07\r\nend",
            "status": "open",
            "severity": "minor",
            "reported_at": "",
        },
    }
    from inspect_app.store.remote import apply_remote

    apply_remote(store, [change], cursor=1)
    d = store.get(Defect, change["record_id"])
    assert d.title == "nul and \ufffd lone"
    assert d.description == "bell\nend"
    notes = [h for h in store.history("defects", d.id) if h["action"] == "normalise"]
    assert notes[0]["changes"] == {"title": ["U+0000", "U+D800"], "description": ["U+0007"]}


def test_legacy_dirty_rows_still_export_to_xlsx(store, tmp_path):
    """Text stored before the policy (written around it) cannot crash the writer."""
    from openpyxl import load_workbook

    from inspect_app.core.model import Defect, Project
    from inspect_app.store.export import export

    p = store.save(Project(name="P"))
    d = store.save(Defect(project_id=p.id, title="t", description="=SUM(A1:A2)"))
    store.db.execute("UPDATE defects SET title = ? WHERE id = ?", ["legacy\x0b\x07\x1b", d.id])
    export(store, tmp_path / "x.xlsx")
    ws = load_workbook(tmp_path / "x.xlsx")["defects"]
    header = [c.value for c in ws[1]]
    row = {h: c for h, c in zip(header, ws[2], strict=True)}
    assert row["title"].value == "legacy\n"
    assert row["description"].value == "=SUM(A1:A2)"
    assert row["description"].data_type == "s"  # text, never a formula


def test_photo_file_names_are_repaired_never_refused(cli, store, tmp_path):
    """A name the file system gives (bytes that are not UTF-8, a control character) cannot stop
    an import: it is kept repaired, and the JSON printed for it is valid."""
    import json
    import os

    import photo_samples as ps
    from PIL import Image

    from inspect_app.core.model import Photo, Project

    p = store.save(Project(name="P"))
    folder = tmp_path / "in"
    folder.mkdir()
    names = [os.fsdecode(b"\xff\xfe-\xe7\x87\x83\xe6\xb0\x94.jpg"), "bell\x07name.jpg", "普通.jpg"]
    for i, n in enumerate(names):
        ps.jpeg(folder / n, Image.new("RGB", (60, 40), (10 * i + 5, 80, 120)))
    code, out, err = cli("photos", "import", "--data", store.root, "--project", p.id, "--json", folder)  # fmt: skip
    assert code == 0, err
    assert all(json.loads(line)["ok"] for line in out.splitlines())
    kept = sorted(ph.original_name for ph in store.find(Photo))
    assert kept == sorted(["\ufffd\ufffd-燃气.jpg", "bellname.jpg", "普通.jpg"])
    code, out, err = cli("photos", "import", "--data", store.root, "--project", p.id, folder)
    assert code == 0 and "\ufffd\ufffd-燃气.jpg" in out and "(already there)" in out, err


def test_text_stored_before_the_policy_is_brought_under_it_once(tmp_path):
    from inspect_app.core.model import Defect, DefectEvent, Project, Role, User
    from inspect_app.store.text_repair import DONE

    prof = tmp_path / "old"
    with Store.open(prof, create=True) as s:
        u = s.save(User(name="wang", role=Role.SUPERVISOR, org_id="o"))
        s.set_actor(u.id)
        p = s.save(Project(name="P"))
        d = s.save(Defect(project_id=p.id, title="t", description="ok"))
        ev = s.save(DefectEvent(defect_id=d.id, kind="comment", at="2026-01-01", note="n"))
        # as an older version wrote them
        s.db.execute("UPDATE defects SET description = ? WHERE id = ?", ["a\x0bb\x07", d.id])
        s.db.execute("UPDATE defect_events SET note = ? WHERE id = ?", ["x\x0by", ev.id])
        s.db.execute("DELETE FROM meta WHERE key = ?", [DONE])
        s.db.conn.commit()
    with Store.open(prof) as s:
        assert s.get(Defect, d.id).description == "a\nb"
        assert [h["changes"] for h in s.history("defects", d.id) if h["action"] == "normalise"] == [
            {"description": ["U+0007"]}
        ]
        sent = s.db.execute(
            "SELECT fields, author FROM outbox WHERE record_id = ? ORDER BY seq DESC", [d.id]
        ).fetchone()
        assert json.loads(sent[0]) == {"description": "a\nb"} and sent[1] == u.id
        assert s.get(DefectEvent, ev.id).note == "x\x0by"  # a fact is never rewritten
        outbox = s.pending_changes()
    with Store.open(prof) as s:  # once only
        assert s.pending_changes() == outbox
