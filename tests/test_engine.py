"""The engine on small templates written for each rule: show-if, progress, evidence, repeating
groups, computed values and the new template fields' validation."""

import pytest

from inspect_app import standards
from inspect_app.core.engine import evaluate
from inspect_app.core.templates import parse_template
from inspect_app.errors import TemplateError

TABLES = standards.load()

BASE = """
id: t
version: 1
title: 测试
kind: survey
sections:
  - id: a
    title: 甲
    items:
      - {id: in_use, type: pass_fail, required: true, label: 入户}
      - {id: leak, type: number, max: 0, required: true, photo_on_fail: true, label: 泄漏,
         show_if: [{item: in_use, equals: pass}]}
      - {id: note, type: text, label: 备注}
  - id: b
    title: 乙
    show_if: [{item: in_use, equals: pass}]
    items:
      - {id: hose, type: choice, required: true, label: 软管, options: [{value: ok, label: 好}, {value: bad, label: 坏, fails: true}]}
  - id: seg
    title: 管段
    repeat: true
    entry_label: name
    min_entries: 1
    items:
      - {id: name, type: text, required: true, label: 编号}
      - {id: diameter_mm, type: number, label: 管径}
      - {id: area_k, type: text, label: K}
      - {id: soil_t, type: text, label: T}
      - id: defects
        type: table
        label: 缺陷
        columns:
          - {id: code, type: text, label: 代码}
          - {id: grade, type: number, label: 等级}
          - {id: position_m, type: number, label: 位置}
      - {id: f, type: computed, compute: drainage.F, label: F, max: 3}
      - {id: grade, type: computed, compute: drainage.structural_grade, label: 等级, fail_values: [4]}
      - {id: ri, type: computed, compute: drainage.RI, label: RI}
  - id: end
    title: 结论
    items:
      - {id: failed, type: computed, compute: checks.failed, label: 不合格数}
      - {id: n, type: computed, compute: entries.count, inputs: {section: seg}, label: 管段数}
"""


def tpl():
    return parse_template(BASE, "t.yaml")


def test_empty_inspection():
    ev = evaluate(tpl(), {}, standards=TABLES)
    # hidden: leak (show-if on in_use) and section b; the repeating group has no entry yet
    assert ev.visible == ["in_use", "note", "failed", "n"]
    assert (ev.required, ev.required_answered, ev.progress) == (1, 0, 0.0)
    assert ev.missing == ["in_use", "seg"]  # seg: fewer than min_entries
    assert ev.computed == {"failed": 0, "n": 0} and ev.failed == []


def test_show_if_and_progress_and_evidence():
    answers = {"in_use": "pass", "leak": 30, "hose": "bad", "note": ""}
    ev = evaluate(tpl(), answers, standards=TABLES)
    assert ev.visible[:4] == ["in_use", "leak", "note", "hose"]
    # required: in_use, leak, hose (all answered); note is empty so not answered
    assert (ev.required, ev.required_answered, ev.answered) == (3, 3, 3)
    assert ev.failed == ["leak", "hose"]
    assert ev.missing_evidence == ["leak"]  # hose has no photo_on_fail
    assert ev.value("failed") == 2
    assert evaluate(tpl(), answers, evidence={"leak"}, standards=TABLES).missing_evidence == []
    # turning in_use off hides leak and hose: their stored answers no longer count
    ev = evaluate(tpl(), {**answers, "in_use": "fail"}, standards=TABLES)
    assert "leak" not in ev.items and ev.failed == ["in_use"] and ev.value("failed") == 1


def test_repeating_group_paths_and_computed_values():
    seg = {
        "name": "W1-W2",
        "diameter_mm": 800,
        "area_k": "交通干道",
        "soil_t": "粉砂",
        # PL3 = 5 at 2.0 and SL2 = 2 at 3.2 (1.2 m: α): S = 3.85, F = Smax = 5 -> grade III
        # RI = 0.7×5 + 0.1×6 + 0.05×3 + 0.15×10 = 5.75
        "defects": [
            {"code": "PL", "grade": 3, "position_m": 2.0},
            {"code": "SL", "grade": 2, "position_m": 3.2},
            {"code": "PL", "grade": "", "position_m": 9},  # incomplete row: not graded yet
        ],
    }
    ev = evaluate(tpl(), {"seg": [seg, {"name": "W2-W3"}]}, standards=TABLES)
    assert ev.computed["seg[0].f"] == 5.0 and ev.computed["seg[0].grade"] == 3
    assert ev.computed["seg[0].ri"] == 5.75
    assert ev.sources["seg[0].ri"].endswith("CJJ 181-2012")
    # F = 5 > max 3 fails; grade 3 is not in fail_values [4]
    assert "seg[0].f" in ev.failed and "seg[0].grade" not in ev.failed
    # W2-W3 has no defects and no pipe data: F = 0, RI cannot be computed yet
    assert ev.computed["seg[1].f"] == 0.0 and ev.computed["seg[1].ri"] is None
    assert ev.computed["n"] == 2 and "seg" not in ev.missing


def test_template_tables_attached_or_refused():
    with pytest.raises(TemplateError, match="no standards tables"):
        evaluate(tpl(), {})
    t = tpl()
    t.tables = TABLES
    assert evaluate(t, {}).computed["n"] == 0


def test_answers_are_not_changed():
    answers = {"seg": [{"name": "x", "defects": []}]}
    snapshot = repr(answers)
    evaluate(tpl(), answers, standards=TABLES)
    assert repr(answers) == snapshot


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("compute: drainage.F", "compute: drainage.Q", "'drainage' has no value 'Q'"),
        ("compute: checks.failed", "compute: magic.x", "unknown computation 'magic.x'"),
        ("{id: code, type: text", "{id: code, type: photo", "a column cannot be photo"),
        ("{id: note, type: text, label: 备注}", "{id: note, type: score, full: 5, label: 备注}",
         "score items belong in a section with score_table"),
        ("{id: note, type: text, label: 备注}", "{id: seg, type: text, label: 备注}",
         "repeating section 'seg' has the id of an item"),
        ("entry_label: name", "entry_label: nom", "entry_label 'nom' is not an item here"),
        ("{id: note, type: text, label: 备注}", "{id: note, type: text, compute: checks.failed, label: 备注}",
         "compute given for a text item"),
    ],
)  # fmt: skip
def test_new_fields_are_validated(old, new, message):
    assert old in BASE
    with pytest.raises(TemplateError) as e:
        parse_template(BASE.replace(old, new), "t.yaml")
    assert any(message in p for p in e.value.problems), e.value.problems
