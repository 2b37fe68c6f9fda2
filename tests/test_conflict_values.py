"""A field's value goes into a conflict as text and comes back as the field holds it, for every
field of every record type: what `restore` writes is what lost."""

import json
from dataclasses import fields
from typing import get_args, get_type_hints

from hypothesis import given
from hypothesis import strategies as st

from inspect_app.core import conflicts as names
from inspect_app.core.model import META_FIELDS, RECORD_TYPES


def server_text(value):
    """How the central store writes a losing value into a conflict (server/service.py)."""
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


FIELDS = [
    (cls.table, f.name, get_type_hints(cls)[f.name])
    for cls in RECORD_TYPES
    for f in fields(cls)
    if f.name not in META_FIELDS
]
JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=6,
)


def values_for(hint):
    if isinstance(hint, type) and issubclass(hint, str):
        # Text that looks like a number, JSON or null must stay text.
        return st.text() | st.sampled_from(["123", "null", "[1]", '{"a": 1}', "true", "1.5"])
    args = set(get_args(hint)) or {hint}
    out = st.none() if type(None) in args else st.nothing()
    if str in args:
        out |= st.text() | st.sampled_from(["123", "null"])
    if bool in args:
        out |= st.booleans()
    if int in args:
        out |= st.integers(-(10**12), 10**12)
    if float in args:
        out |= st.floats(allow_nan=False, allow_infinity=False)
    if dict in args:
        out |= st.dictionaries(st.text(max_size=6), JSONISH, max_size=4)
    if list in args:
        out |= st.lists(JSONISH, max_size=4)
    return out


@given(st.data())
def test_a_losing_value_restores_as_it_was(data):
    table, field, hint = data.draw(st.sampled_from(FIELDS))
    value = data.draw(values_for(hint))
    text = server_text(value)
    assert names.decode(table, field, text) == value
    assert names.encode(value) == text
