"""The text policy (core/text.py): accepted as-is, normalised, refused naming the field."""

import re

import pytest
from hostile import ACCEPTED, NORMALISED, REFUSED, any_text, storable_text, too_long
from hypothesis import given
from hypothesis import strategies as st

from inspect_app.core import text
from inspect_app.core.i18n import set_language
from inspect_app.core.text import TextRefused, clean, clean_fields, for_xml

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
