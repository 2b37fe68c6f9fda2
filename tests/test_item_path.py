"""Item paths: one format, written and read by core.item_path everywhere."""

import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from inspect_app import forms
from inspect_app.core import item_path as ip
from inspect_app.core.engine import evaluate

ids = st.from_regex(r"[a-z][a-z0-9_]{0,12}", fullmatch=True)


@given(section=ids, entry=st.integers(0, 10_000), item=ids)
def test_an_entry_path_reads_back_as_written(section, entry, item):
    path = ip.entry_path(section, entry, item)
    assert ip.parse(path) == ip.ItemPath(item, section, entry)
    assert ip.entry_of(path) == (section, entry, item)
    assert str(ip.parse(path)) == path and ip.item_id(path) == item


@given(item=ids)
def test_a_plain_item_is_its_own_path(item):
    assert ip.parse(item) == ip.ItemPath(item) and ip.entry_of(item) is None
    assert str(ip.parse(item)) == item


@given(section=ids, item=ids, tag=st.from_regex(r"[0-9a-f]{8}", fullmatch=True))
def test_a_parked_path_is_no_entry_of_its_group(section, item, tag):
    path = ip.parked_path(section, item, tag)
    assert ip.entry_of(path) is None
    assert ip.parse(path) == ip.ItemPath(item, section)


def test_the_engine_addresses_entries_in_the_format():
    tpl = forms.load_all()["drainage-survey"]
    ev = evaluate(tpl, {"segments": [{"segment_id": "W1-W2"}]})
    assert ip.entry_path("segments", 0, "segment_id") in ev.items


def test_no_module_spells_an_item_path_by_hand():
    package = Path(__file__).resolve().parent.parent / "inspect_app"
    by_hand = re.compile(r"""f["'][^"']*\}\[\{[^"']*\}\]\.""")
    found = [
        f"{f.relative_to(package)}:{n}"
        for f in package.rglob("*.py")
        if f.name != "item_path.py"
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1)
        if by_hand.search(line)
    ]
    assert found == []
