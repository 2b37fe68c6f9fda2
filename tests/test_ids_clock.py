import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inspect_app.core.clock import MAX_COUNTER, ClockDriftError, HybridClock, Stamp
from inspect_app.core.ids import Uuid7Generator, uuid7_time_ms


def test_uuid7_has_version_variant_and_time():
    uuid7 = Uuid7Generator()
    value = uuid7(now_ms=1_795_000_000_123)
    u = uuid.UUID(value)
    assert u.version == 7
    assert u.variant == uuid.RFC_4122
    assert uuid7_time_ms(value) == 1_795_000_000_123


def test_uuid7_strictly_increasing_within_one_millisecond():
    uuid7 = Uuid7Generator()
    ids = [uuid7(now_ms=1_795_000_000_000) for _ in range(5000)]  # beyond the 12-bit counter
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)


def test_uuid7_stays_ordered_when_the_wall_clock_goes_back():
    uuid7 = Uuid7Generator()
    a = uuid7(now_ms=1_795_000_001_000)
    b = uuid7(now_ms=1_795_000_000_000)
    assert b > a


class FakeWall:
    def __init__(self, ms: int):
        self.ms = ms

    def __call__(self) -> int:
        return self.ms


def test_stamp_string_order_is_clock_order():
    a, b = Stamp(5, 99, "n1"), Stamp(10, 0, "n1")
    assert a < b and str(a) < str(b)
    assert Stamp.parse(str(a)) == a
    with pytest.raises(ValueError):
        Stamp.parse("12.3.node")


@given(st.lists(st.integers(min_value=0, max_value=10**13), min_size=1, max_size=200))
def test_hlc_is_monotonic_whatever_the_wall_clock_does(walls):
    wall = FakeWall(walls[0])
    clock = HybridClock("a", wall=wall)
    last = ""
    for w in walls:
        wall.ms = w
        s = clock.now()
        assert s > last
        last = s


def test_hlc_after_observe_is_later_than_the_remote_stamp():
    wall = FakeWall(1_000)
    a, b = HybridClock("a", wall=wall), HybridClock("b", wall=FakeWall(500))
    remote = a.now()
    b.observe(remote)
    assert b.now() > remote


def test_hlc_counter_overflow_borrows_next_millisecond():
    clock = HybridClock("a", wall=FakeWall(7), last=str(Stamp(7, MAX_COUNTER, "a")))
    assert Stamp.parse(clock.now()) == Stamp(8, 0, "a")


def test_hlc_refuses_a_remote_clock_a_day_ahead():
    clock = HybridClock("a", wall=FakeWall(1_000))
    with pytest.raises(ClockDriftError):
        clock.observe(str(Stamp(1_000 + 25 * 3600 * 1000, 0, "b")))


def test_hlc_resumes_after_restart_from_last_stamp():
    last = str(Stamp(2_000, 3, "a"))
    clock = HybridClock("a", wall=FakeWall(1_000), last=last)  # wall clock went back
    assert clock.now() > last
