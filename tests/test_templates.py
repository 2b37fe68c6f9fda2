from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inspect_app import forms
from inspect_app.core.templates import FAIL, NA, PASS, parse_template, schema
from inspect_app.errors import TemplateError

ROOT = Path(__file__).resolve().parent.parent
GAS = ROOT / "forms" / "gas-household.yaml"


def gas_text() -> str:
    return GAS.read_text(encoding="utf-8")


def problems_of(text: str) -> list[str]:
    with pytest.raises(TemplateError) as e:
        parse_template(text, "t.yaml")
    return e.value.problems


def test_every_shipped_template_loads():
    loaded, problems = forms.check()
    assert problems == []
    assert {t.id for t in loaded} >= {"gas-household"}


def test_gas_template_content():
    tpl = parse_template(gas_text(), "gas.yaml")
    assert tpl.title.zh == "居民户内燃气设施安全检查"
    assert tpl.item("pipe_in_bedroom").defect.major_hazard
    assert len(tpl.content_hash) == 64


def test_wrong_item_type_names_file_line_and_item():
    text = gas_text().replace(
        "type: number\n        label: {zh: 灶具", "type: numbr\n        label: {zh: 灶具"
    )
    (line,) = problems_of(text)
    expected_line = text.splitlines().index("        type: numbr") + 1
    assert line.startswith(f"t.yaml:{expected_line}: ")
    assert "item 'cooker_years'" in line and "type" in line and "numbr" not in line.split(":", 2)[1]


def test_every_problem_is_reported_not_just_the_first():
    text = (
        gas_text()
        .replace("max: 18", "max: eighteen")
        .replace("weight", "x")
        .replace("id: remarks", "id: Remarks")
    )
    found = problems_of(text)
    assert any("rubber_hose_months" in p and "max" in p for p in found)
    assert any("'Remarks'" in p and "id" in p for p in found)


def test_reference_to_unknown_or_later_item_is_refused():
    text = gas_text().replace("item: hose_type, equals: rubber", "item: cooker_years, equals: 1")
    (line,) = problems_of(text)
    assert "rubber_hose_months" in line and "cooker_years" in line and "earlier item" in line


def test_duplicate_item_id_and_bad_limits():
    text = gas_text().replace("id: resident\n", "id: address\n").replace("max: 8\n", "max: -1\n", 1)
    found = problems_of(text)
    assert any("duplicate item id 'address'" in p for p in found)
    assert any("min 0.0 is greater than max -1.0" in p for p in found)


def test_yaml_syntax_error_names_line():
    (line,) = problems_of("id: x\nversion: 1\ntitle: [unclosed\n")
    assert line.startswith("t.yaml:") and "YAML syntax error" in line


@pytest.mark.parametrize("text", ["", "- a\n- b\n", "just text"])
def test_not_a_mapping(text):
    assert "must be a mapping" in problems_of(text)[0]


def test_unknown_field_is_refused():
    text = gas_text().replace(
        "    title: {zh: 住户信息, en: Household}",
        "    title: {zh: 住户信息, en: Household}\n    colour: red",
    )
    (line,) = problems_of(text)
    assert "section 'household'" in line and "colour" in line


def test_check_reports_unreadable_files(tmp_path):
    (tmp_path / "a.yaml").write_bytes(b"\xff\xfe bad")
    _, problems = forms.check([tmp_path / "a.yaml", tmp_path / "missing.yaml"])
    assert any("not UTF-8" in p for p in problems)
    assert any("no such file" in p for p in problems)


def test_same_id_and_version_twice_is_a_problem(tmp_path):
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text(gas_text(), encoding="utf-8")
    _, problems = forms.check([tmp_path])
    assert len(problems) == 1 and "also in" in problems[0]


def test_show_if_and_failure_rules():
    tpl = parse_template(gas_text())
    visible = {i.id for i in tpl.visible_items({"in_use": PASS, "hose_type": "rubber"})}
    assert "rubber_hose_months" in visible and "pipe_in_bedroom" in visible
    hidden = {i.id for i in tpl.visible_items({"in_use": FAIL})}
    assert "pipe_in_bedroom" not in hidden and "remarks" in hidden
    assert tpl.item("pipe_in_bedroom").fails(FAIL)
    assert not tpl.item("pipe_in_bedroom").fails(NA)
    assert tpl.item("hose_type").fails("banned") and not tpl.item("hose_type").fails("bellows")


@settings(deadline=None)  # parses a template per example: slow on a busy machine, not wrong
@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-100, max_value=100))
def test_number_fails_exactly_outside_limits(x):
    item = parse_template(gas_text()).item("cooker_years")  # limits 0..8
    assert item.fails(x) == (x < 0 or x > 8)


def test_published_schema_matches_the_code():
    import json

    published = json.loads((ROOT / "forms" / "schema.json").read_text(encoding="utf-8"))
    assert published == schema()
