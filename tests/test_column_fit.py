"""The desk's columns: the title keeps its width, the others shrink together when needed."""

from hypothesis import given
from hypothesis import strategies as st

from inspect_app.ui.column_fit import share


@given(st.integers(0, 4000), st.lists(st.integers(20, 300), min_size=1, max_size=10))
def test_columns_leave_the_title_its_room_or_shrink_no_further_than_least(total, preferred):
    widths = share(total, preferred, stretch_min=220, least=36)
    assert len(widths) == len(preferred)
    if total - 220 >= sum(preferred):
        assert widths == preferred
    else:
        assert all(36 <= w <= max(36, p) for w, p in zip(widths, preferred, strict=True))
        # Beyond the columns held at `least`, the rest fit the room the title leaves.
        assert sum(w for w in widths if w > 36) <= max(0, total - 220)


def test_a_laptop_desk_shrinks_the_columns_not_the_title():
    assert share(700, [150, 64, 70, 54, 64, 80, 130, 128], 220) != [
        150,
        64,
        70,
        54,
        64,
        80,
        130,
        128,
    ]
    assert share(1200, [150, 64], 220) == [150, 64]
