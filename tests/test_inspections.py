"""Inspections in a real profile: pinned templates, answers, auto-defects, sampling."""

import json

import pytest

from inspect_app import forms
from inspect_app.core.model import (
    Defect,
    DefectEvent,
    Inspection,
    InspectionStatus,
    Photo,
    PhotoLink,
    Project,
    TemplateSnapshot,
)
from inspect_app.core.standards.sampling import draw
from inspect_app.core.templates import parse_template
from inspect_app.errors import InspectError, NotFound
from inspect_app.store.inspections import (
    draw_sample,
    evaluate_inspection,
    set_answer,
    start_inspection,
    template_for,
)

from conftest import ROOT

GAS = ROOT / "forms" / "gas-household.yaml"


@pytest.fixture
def project(store):
    return store.save(Project(name="和平里东街小区"))


def gas():
    return forms.load_file(GAS)


def defects_of(store, insp):
    return store.find(Defect, "inspection_id = ?", [insp.id])


def events_of(store, defect):
    return [e.kind for e in store.find(DefectEvent, "defect_id = ?", [defect.id], order_by="id")]


def test_start_pins_the_template_and_keeps_one_snapshot_per_hash(store, project):
    tpl = gas()
    a = start_inspection(store, tpl, project.id, inspector_id="u1")
    b = start_inspection(store, tpl, project.id)
    got = store.get(Inspection, a.id)
    assert (got.template_id, got.template_version, got.template_hash) == (
        "gas-household",
        1,
        tpl.content_hash,
    )
    assert (
        got.kind == "survey" and got.status == InspectionStatus.DRAFT and got.inspector_id == "u1"
    )
    assert got.title == "居民户内燃气设施安全检查" and got.started_at
    snaps = store.find(TemplateSnapshot)
    assert len(snaps) == 1 and snaps[0].content == GAS.read_text(encoding="utf-8")
    assert b.template_hash == a.template_hash
    with pytest.raises(NotFound):
        start_inspection(store, tpl, "no-such-project")


def test_a_newer_template_does_not_change_an_inspection_under_way(store, project):
    v1 = gas()
    old = start_inspection(store, v1, project.id)
    text2 = (
        GAS.read_text(encoding="utf-8")
        .replace("version: 1", "version: 2")
        .replace("max: 18", "max: 12")
    )
    v2 = forms.attach(parse_template(text2, "gas-v2.yaml"))
    new = start_inspection(store, v2, project.id)
    assert len(store.find(TemplateSnapshot)) == 2
    assert template_for(store, old).item("rubber_hose_months").max == 18
    assert template_for(store, new).item("rubber_hose_months").max == 12
    # 15 months fails only on the inspection started with version 2
    for insp in (old, new):
        set_answer(store, insp.id, "in_use", "pass")
        set_answer(store, insp.id, "hose_type", "rubber")
    assert not set_answer(store, old.id, "rubber_hose_months", 15).defects_created
    assert set_answer(store, new.id, "rubber_hose_months", 15).defects_created


def test_auto_defect_once_updated_then_passing_recorded(store, project):
    insp = start_inspection(store, gas(), project.id, building_id="b3")
    set_answer(store, insp.id, "in_use", "pass")
    r = set_answer(store, insp.id, "leak_ppm", 25)
    assert len(r.defects_created) == 1
    (d,) = defects_of(store, insp)
    assert (d.item_id, d.category, d.severity, d.major_hazard) == (
        "leak_ppm",
        "燃气",
        "major",
        True,
    )
    assert d.title == "户内燃气泄漏" and d.building_id == "b3"
    assert d.description == "泄漏检测仪读数：25ppm"
    # answering again updates the same defect
    r = set_answer(store, insp.id, "leak_ppm", 40)
    assert r.defects_created == [] and r.defects_updated == [d.id]
    (d2,) = defects_of(store, insp)
    assert d2.id == d.id and d2.description == "泄漏检测仪读数：40ppm"
    # the same answer again changes nothing
    r = set_answer(store, insp.id, "leak_ppm", 40)
    assert (r.defects_created, r.defects_updated, r.defects_passing) == ([], [], [])
    # a passing answer leaves the defect open and records it
    r = set_answer(store, insp.id, "leak_ppm", 0)
    assert r.defects_passing == [d.id]
    (d3,) = defects_of(store, insp)
    assert d3.status == "open"
    assert events_of(store, d) == ["created", "item_passes"]
    # failing again: still one defect, with an item_fails event
    r = set_answer(store, insp.id, "leak_ppm", 5)
    assert r.defects_updated == [d.id] and len(defects_of(store, insp)) == 1
    assert events_of(store, d) == ["created", "item_passes", "item_fails"]


def test_hiding_a_failed_item_records_that_it_no_longer_applies(store, project):
    insp = start_inspection(store, gas(), project.id)
    set_answer(store, insp.id, "in_use", "pass")
    set_answer(store, insp.id, "pipe_in_bedroom", "fail")
    r = set_answer(store, insp.id, "in_use", "fail")
    (d,) = defects_of(store, insp)
    assert r.defects_passing == [d.id] and "pipe_in_bedroom" in r.hidden
    ev = store.find(DefectEvent, "defect_id = ? AND kind = 'item_passes'", [d.id])[0]
    assert ev.note == "the item no longer applies"


def test_answer_result_lists_what_changed(store, project):
    insp = start_inspection(store, gas(), project.id)
    r = set_answer(store, insp.id, "in_use", "pass")
    assert r.changed[0] == "in_use" and "pipe_in_bedroom" in r.shown
    assert set(r.shown) <= set(r.changed) and r.hidden == []
    r = set_answer(store, insp.id, "hose_type", "rubber")
    assert r.shown == ["rubber_hose_months"] and r.changed == ["hose_type", "rubber_hose_months"]
    assert r.evaluation.value("hose_type") == "rubber" and r.inspection.answers["hose_type"]


def test_bad_answers_are_refused_and_nothing_is_written(store, project):
    insp = start_inspection(store, gas(), project.id)
    audit_before = store.db.execute("SELECT count(*) FROM audit").fetchone()[0]
    for item, value, message in [
        ("in_use", "yes", "must be pass, fail or na"),
        ("gas_type", "coal", "must be one of lpg, mg, ng"),
        ("leak_ppm", "much", "must be a number"),
        ("nothing", 1, "no item nothing"),
    ]:
        with pytest.raises(InspectError, match=message):
            set_answer(store, insp.id, item, value)
    assert store.db.execute("SELECT count(*) FROM audit").fetchone()[0] == audit_before
    assert store.get(Inspection, insp.id).answers == {}


def test_a_submitted_inspection_cannot_change(store, project):
    insp = start_inspection(store, gas(), project.id)
    insp.status = InspectionStatus.SUBMITTED
    store.save(insp)
    with pytest.raises(InspectError, match="submitted"):
        set_answer(store, insp.id, "in_use", "pass")


def test_photo_evidence_clears_missing_evidence(store, project):
    insp = start_inspection(store, gas(), project.id)
    set_answer(store, insp.id, "in_use", "pass")
    r = set_answer(store, insp.id, "pipe_in_bedroom", "fail")
    assert r.evaluation.missing_evidence == ["pipe_in_bedroom"]
    photo = store.save(Photo(sha256="0" * 64))
    store.save(
        PhotoLink(
            photo_id=photo.id,
            target_type="inspection",
            target_id=insp.id,
            item_id="pipe_in_bedroom",
        )
    )
    ev = evaluate_inspection(store, store.get(Inspection, insp.id))
    assert ev.missing_evidence == []


def test_answer_and_defect_are_one_transaction(store, project, monkeypatch):
    insp = start_inspection(store, gas(), project.id)
    set_answer(store, insp.id, "in_use", "pass")

    def broken(*a, **k):
        raise RuntimeError("disk gone")

    monkeypatch.setattr("inspect_app.store.defects.record_raised", broken)
    with pytest.raises(RuntimeError):
        set_answer(store, insp.id, "leak_ppm", 9)
    assert "leak_ppm" not in store.get(Inspection, insp.id).answers
    assert defects_of(store, insp) == []


def test_drainage_segment_grade_raises_a_defect_named_by_segment(store, project):
    tpl = forms.load_all()["drainage-survey"]
    insp = start_inspection(store, tpl, project.id, title="和平里东街小区 排水管道检测")
    for item, value in [("segment_id", "W3-W4"), ("diameter_mm", 400), ("area_k", "3")]:
        set_answer(store, insp.id, f"segments[0].{item}", value)
    set_answer(store, insp.id, "segments[0].soil_t", "0")
    r = set_answer(
        store, insp.id, "segments[0].defects", [{"code": "PL", "grade": "3", "position_m": 4.5}]
    )
    # PL3 = 5: F = 5 -> grade III (in fail_values) -> one defect; RI = 0.7×5 + 0.1×3 = 3.8 ->
    # II (K counts as F >= 4; E = 0 for 400 mm; T = 0)
    assert r.evaluation.computed["segments[0].ri"] == 3.8
    assert "segments[0].structural_grade" in r.changed and len(r.defects_created) == 1
    (d,) = defects_of(store, insp)
    assert (
        d.title == "W3-W4 管段结构性缺陷严重（Ⅲ级及以上）"
        and d.item_id == "segments[0].structural_grade"
    )
    assert "CJJ 181-2012" in d.description and d.location_text.endswith("W3-W4")
    with pytest.raises(InspectError, match="the group has 1"):
        set_answer(store, insp.id, "segments[5].segment_id", "X")
    with pytest.raises(InspectError, match="computed item"):
        set_answer(store, insp.id, "segments[0].f", 1)


def test_spot_check_draw_is_recorded_and_redrawable(store, project):
    tpl = forms.load_all()["spot-check"]
    insp = start_inspection(store, tpl, project.id)
    set_answer(store, insp.id, "lot_size", 120)  # 91-150 -> 8 units
    r = draw_sample(store, insp.id, seed=4242)
    saved = store.get(Inspection, insp.id)
    assert saved.answers["sample_seed"] == "4242"
    units = [e["unit_no"] for e in saved.answers["samples"]]
    assert units == draw(120, 8, "4242") and len(units) == 8
    assert r.evaluation.computed["sample"] == units
    # redrawing before anything was checked is allowed; after, it is refused
    draw_sample(store, insp.id)
    set_answer(store, insp.id, "samples[0].main_materials", "pass")
    with pytest.raises(InspectError, match="already being inspected"):
        draw_sample(store, insp.id)


def test_outbox_carries_answers_and_defects(store, project):
    insp = start_inspection(store, gas(), project.id)
    set_answer(store, insp.id, "in_use", "pass")
    set_answer(store, insp.id, "pipe_in_bedroom", "fail")
    rows = store.db.execute(
        "SELECT table_name, fields FROM outbox WHERE table_name IN ('inspections', 'defects')"
        " ORDER BY seq DESC LIMIT 2"
    ).fetchall()
    tables = {r[0]: json.loads(r[1]) for r in rows}
    assert tables["defects"]["major_hazard"] == 1
    assert json.loads(tables["inspections"]["answers"])["pipe_in_bedroom"] == "fail"


def test_demo_profile_has_filled_inspections_of_every_checklist(demo_profile):
    from inspect_app.core.model import InspectionKind
    from inspect_app.store import Store

    with Store.open(demo_profile) as s:
        inspections = s.find(Inspection)
        ids = {i.template_id for i in inspections}
        assert ids >= {
            "gas-survey", "drainage-survey", "patrol", "spot-check", "safety-score",
            "acceptance", "handover", "facilities-survey",
        }  # fmt: skip
        assert {i.kind for i in inspections} == set(InspectionKind)
        # inspections started on a template file (records made otherwise carry no hash)
        by_template = {
            i.template_id: i
            for i in inspections
            if i.template_hash and i.template_id != "gas-household"
        }
        for insp in by_template.values():
            ev = evaluate_inspection(s, insp)
            assert ev.answered > 5, insp.template_id
        spot = by_template["spot-check"]
        assert spot.answers["sample_seed"] and spot.answers["samples"]
        hand = evaluate_inspection(s, by_template["handover"])
        assert hand.computed["facilities[0].warranty_end"]
        assert s.count(Defect, "item_id != ''") > 0


def test_removing_an_entry_moves_the_defects_and_photos_of_the_others(store, project):
    tpl = forms.load_all()["drainage-survey"]
    insp = start_inspection(store, tpl, project.id)
    for i, (name, grade) in enumerate([("W1-W2", "1"), ("W2-W3", "4"), ("W3-W4", "4")]):
        for item, value in [("segment_id", name), ("diameter_mm", 300), ("area_k", "0")]:
            set_answer(store, insp.id, f"segments[{i}].{item}", value)
        set_answer(store, insp.id, f"segments[{i}].soil_t", "0")
        row = [{"code": "PL", "grade": grade, "position_m": 3}]
        set_answer(store, insp.id, f"segments[{i}].defects", row)
    # PL4 = 10 -> F = 10, grade IV, and RI = 0.7 × 10 = 7, grade III, on W2-W3 and W3-W4:
    # two defects each; a photo on each structural grade
    by_path = {d.item_id: d for d in defects_of(store, insp)}
    assert len(by_path) == 4
    w23, w34 = by_path["segments[1].structural_grade"], by_path["segments[2].structural_grade"]
    w23_ri = by_path["segments[1].ri_grade"]
    photo = store.save(Photo(sha256="1" * 64))
    for i in (1, 2):
        path = f"segments[{i}].structural_grade"
        store.save(
            PhotoLink(photo_id=photo.id, target_type="inspection", target_id=insp.id, item_id=path)
        )
    # the form removes W2-W3 by writing the list without it, as its remove button does
    entries = store.get(Inspection, insp.id).answers["segments"]
    r = set_answer(store, insp.id, "segments", entries[:1] + entries[2:])
    assert r.defects_created == [] and sorted(r.defects_passing) == sorted([w23.id, w23_ri.id])
    now = {d.id: d.item_id for d in defects_of(store, insp)}
    assert now[w34.id] == "segments[1].structural_grade"  # followed its entry
    assert now[w23.id].startswith("segments[removed-")  # never matches a live entry
    assert r.evaluation.missing_evidence == []  # W3-W4's photo came along
    notes = store.find(DefectEvent, "defect_id = ? AND kind = 'item_passes'", [w23.id])
    assert [e.note for e in notes] == ["its entry was removed"]
    # answering the moved entry again updates its own defect, not the removed one's:
    # PL3 = 5 -> grade III (still failing, description changes); RI = 3.5 -> II passes
    row = [{"code": "PL", "grade": "3", "position_m": 7}]
    r = set_answer(store, insp.id, "segments[1].defects", row)
    assert r.defects_updated == [w34.id] and len(defects_of(store, insp)) == 4
    assert len(r.defects_passing) == 1 and r.defects_created == []


def test_raise_from_item_in_a_group_once_by_the_signed_in_user(store):
    from workflow_world import make_world

    from inspect_app.errors import WorkflowError
    from inspect_app.store.inspections import raise_from_item

    w = make_world(store)
    w.act(w.inspector)
    insp = start_inspection(store, forms.load_all()["gas-survey"], w.project.id, title="排查")
    set_answer(store, insp.id, "households[0].door", "5-202")
    set_answer(store, insp.id, "households[0].access", "yes")
    path = "households[0].pipe_in_bedroom"
    d, created = raise_from_item(store, insp.id, path)
    assert created and d.item_id == path and d.major_hazard and d.reported_by == w.inspector.id
    assert d.title == "5-202 燃气管道或燃具设置在卧室内" and "5-202" in d.location_text
    assert events_of(store, d) == ["created"]
    again, created = raise_from_item(store, insp.id, path)
    assert again.id == d.id and not created
    # Failing it afterwards finds the defect already there: still one.
    set_answer(store, insp.id, path, "fail")
    assert [x.id for x in defects_of(store, insp)] == [d.id]
    # A contractor may not raise one; an item not shown cannot be raised from.
    w.act(w.contractor)
    with pytest.raises(WorkflowError):
        raise_from_item(store, insp.id, "households[0].riser_in_bathroom")
    w.act(w.inspector)
    with pytest.raises(InspectError):
        raise_from_item(store, insp.id, "households[3].riser_in_bathroom")
    assert len(defects_of(store, insp)) == 1
