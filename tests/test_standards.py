"""Standards tables against worked examples derived by hand from the rules in DOMAIN terms.

Each expected value is written as the arithmetic that gives it, from the rule it follows.
"""

import hashlib
import subprocess
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inspect_app import standards
from inspect_app.core.standards.bands import band_of
from inspect_app.core.standards.drainage import Observation as O
from inspect_app.core.standards.safety import ScoreItem
from inspect_app.core.standards.sampling import draw, judge_lot

S = standards.load()
D = S.drainage


def struct(*obs):
    return D.kind_score(list(obs), "structural")


# ----- CJJ 181-2012 -------------------------------------------------------------------------


def test_every_table_names_its_standard_and_edition():
    cites = {i.id: i.cite() for i in S.infos()}
    assert cites["cjj181"] == "《城镇排水管道检测与评估技术规程》CJJ 181-2012"
    assert "GB 50300-2013" in cites["gb50300"] and "JGJ 59-2011" in cites["jgj59"]
    assert "GB 17905-2008" in cites["gas_life"] and "第四十条" in cites["warranty"]
    # the points DOMAIN.md marks 'to confirm' are marked in the data too
    assert {"under_1m", "beta", "mi_k_e"} <= D.info.to_confirm.keys()
    assert "table_3_0_9" in S.sampling.info.to_confirm


def test_single_defect():
    # PL grade 2 scores 2; n = 1: S = 2 / 1 = 2; Smax = 2; F = max(S, Smax) = 2 -> II (1 < F <= 3)
    k = struct(O("PL", 2, 5.0))
    assert (k.average, k.largest, k.combined, k.grade, k.count) == (2.0, 2.0, 2.0, 2, 1)


def test_defects_far_apart_are_averaged_without_factor():
    # PL2 = 2 at 0 m, CK3 = 5 at 10 m: spacing 10 > 1.5: S = (2 + 5) / 2 = 3.5; F = Smax = 5 -> III
    k = struct(O("PL", 2, 0), O("CK", 3, 10))
    assert (k.average, k.largest, k.combined, k.grade) == (3.5, 5.0, 5.0, 3)


def test_defects_between_1_and_1_5_m_take_alpha():
    # PL2 = 2 at 1.0, CK3 = 5 at 2.2: spacing 1.2: S = 1.1 × (2 + 5) / 2 = 3.85; F = 5
    k = struct(O("PL", 2, 1.0), O("CK", 3, 2.2))
    assert (k.average, k.combined) == (3.85, 5.0)


def test_average_can_exceed_the_largest_score():
    # TJ4 = 10 at 0 and at 1.2: S = 1.1 × (10 + 10) / 2 = 11 > Smax = 10, so F = S = 11 -> IV
    k = struct(O("TJ", 4, 0), O("TJ", 4, 1.2))
    assert (k.average, k.largest, k.combined, k.grade) == (11.0, 10.0, 11.0, 4)


@pytest.mark.parametrize(
    "gap, expected",
    [
        (0.99, 2.0),  # under 1.0 m: merged into one defect scoring max(2, 2) = 2, n = 1
        (1.0, 2.2),  # 1.0 m is in the α band: 1.1 × (2 + 2) / 2 = 2.2
        (1.5, 2.2),  # 1.5 m too
        (1.51, 2.0),  # beyond 1.5 m: (2 + 2) / 2 = 2
    ],
)
def test_spacing_band_boundaries(gap, expected):
    assert struct(O("PL", 2, 3.0), O("PL", 2, 3.0 + gap)).average == expected


def test_defects_under_1_m_merge_at_the_highest_score():
    # PL2 = 2 at 1.0, PL3 = 5 at 1.5: one defect scoring 5 (merge_rule: max), n = 1: S = 5
    k = struct(O("PL", 2, 1.0), O("PL", 3, 1.5))
    assert (k.average, k.count) == (5.0, 1)
    # a chain 0.0, 0.8, 1.6 is one cluster [0, 1.6]; the next defect at 2.7 is 1.1 m after its end:
    # both take α: 1.1 × (5 + 2) / 2 = 3.85
    k = struct(O("PL", 1, 0), O("PL", 3, 0.8), O("SL", 1, 1.6), O("CK", 2, 2.7))
    assert (k.count, k.average) == (2, 3.85)


def test_functional_side_and_recorded_only_debris():
    # CJ2 = 2 at 1 m; FZ is recorded only and not counted: Y = 2 / 1 = 2, G = 2 -> II
    k = D.kind_score([O("CJ", 2, 1), O("FZ", 1, 5), O("PL", 4, 9)], "functional")
    assert (k.average, k.largest, k.combined, k.grade, k.count) == (2.0, 2.0, 2.0, 2, 1)


@pytest.mark.parametrize(
    "value, grade", [(0, 1), (1.0, 1), (1.01, 2), (3.0, 2), (3.01, 3), (6.0, 3), (6.01, 4)]
)
def test_segment_grade_bands(value, grade):
    assert band_of(D.segment_grades, value) == grade


@pytest.mark.parametrize(
    "value, grade", [(1.0, 1), (1.01, 2), (4.0, 2), (4.01, 3), (7.0, 3), (7.01, 4)]
)
def test_index_grade_bands(value, grade):
    assert band_of(D.index_grades, value) == grade


@pytest.mark.parametrize(
    "d, e", [(300, 0), (599, 0), (600, 3), (1000, 3), (1001, 6), (1500, 6), (1501, 10)]
)
def test_pipe_factor_bands(d, e):
    assert D.pipe_factor(d) == e


def test_repair_and_maintenance_indices_with_all_factors():
    # PL3 = 5 -> F = 5 (>= 4, so K and E count); CJ4 = 10 -> G = 10; D 1200 -> E = 6;
    # 中心商业区 -> K = 10; 粉砂 -> T = 10.
    # RI = 0.7×5 + 0.1×10 + 0.05×6 + 0.15×10 = 3.5 + 1 + 0.3 + 1.5 = 6.3 -> III
    # MI = 0.8×10 + 0.15×10 + 0.05×6 = 8 + 1.5 + 0.3 = 9.8 -> IV
    g = D.grade_segment("W1-W2", [O("PL", 3, 2), O("CJ", 4, 8)], 1200, "中心商业区", "粉砂")
    assert (g.K, g.E, g.T) == (10, 6, 10)
    assert (g.RI, g.RI_grade, g.MI, g.MI_grade) == (6.3, 3, 9.8, 4)


def test_k_and_e_are_zero_below_f_4_and_rounding_is_half_up():
    # PL3 = 5 at 1.0 and CK2 = 2 at 2.2: S = 3.85 but F = Smax = 5 >= 4, so K = 10, E (1600) = 10,
    # T (淤泥质土) = 8: RI = 0.7×5 + 0.1×10 + 0.05×10 + 0.15×8 = 3.5 + 1 + 0.5 + 1.2 = 6.2 -> III
    g = D.grade_segment("A", [O("PL", 3, 1.0), O("CK", 2, 2.2)], 1600, 10, "淤泥质土")
    assert (g.S, g.F, g.K, g.E, g.T, g.RI, g.RI_grade) == (3.85, 5.0, 10, 10, 8, 6.2, 3)
    # F < 4: TJ2 = 3 alone: F = 3; RI = 0.7×3 + 0.15×8 = 2.1 + 1.2 = 3.3 -> II; MI = 0 (no functional)
    g = D.grade_segment("B", [O("TJ", 2, 4)], 1600, 10, 8)
    assert (g.F, g.K, g.E, g.T, g.RI, g.RI_grade, g.MI) == (3.0, 0, 0, 8, 3.3, 2, 0.0)
    # SL1 = 0.5 at 0 and TL1 = 1 at 1.1: S = 1.1 × (0.5 + 1) / 2 = 0.825 -> 0.83 (half up)
    assert struct(O("SL", 1, 0), O("TL", 1, 1.1)).average == 0.83


def test_t_is_zero_when_f_is_zero():
    # no structural defect: F = 0, so T = 0 whatever the soil; G = 5 (ZW3): MI = 0.8×5 = 4 -> II
    g = D.grade_segment("C", [O("ZW", 3, 2)], 500, 6, 10)
    assert (g.F, g.T, g.RI, g.G, g.MI, g.MI_grade) == (0.0, 0, 0.0, 5.0, 4.0, 2)


def test_codes_and_factor_names():
    assert D.code("破裂").code == "PL" and D.code(" pl ").code == "PL"
    assert D.soil_factor("Ⅲ级湿陷性黄土") == 8 and D.soil_factor("IV级湿陷性黄土") == 10
    assert D.area_factor("交通干道") == 6 and D.area_factor("3") == 3
    for bad in ("5", "沙漠", ""):
        with pytest.raises(ValueError):
            D.area_factor(bad)
    with pytest.raises(ValueError, match="FS has grades 1-3"):
        D.score("FS", 4)


observation = st.sampled_from(sorted(D.codes)).flatmap(
    lambda code: st.builds(
        O,
        st.just(code),
        st.integers(1, D.codes[code].grades),
        st.floats(0, 60, allow_nan=False).map(lambda x: round(x, 2)),
    )
)
observations = st.lists(observation, max_size=12)


@given(observations, st.randoms())
def test_grading_ignores_row_order_and_f_bounds(obs, rnd):
    shuffled = list(obs)
    rnd.shuffle(shuffled)
    for kind in ("structural", "functional"):
        a, b = D.kind_score(obs, kind), D.kind_score(shuffled, kind)
        assert a == b
        # F is the larger of S and Smax, and S is at most α times Smax
        assert a.combined == max(a.average, a.largest)
        assert a.average <= round(1.1 * a.largest, 2) + 0.01


@given(observations)
def test_functional_defects_do_not_change_the_structural_grade(obs):
    structural_only = [o for o in obs if D.code(o.code).kind == "structural"]
    assert D.kind_score(obs, "structural") == D.kind_score(structural_only, "structural")


# ----- GB 50300-2013 table 3.0.9 --------------------------------------------------------------


@pytest.mark.parametrize(
    "lot, n",
    [
        (1, 1),
        (2, 2),
        (15, 2),
        (16, 3),
        (25, 3),
        (26, 5),
        (90, 5),
        (91, 8),
        (150, 8),
        (151, 13),
        (280, 13),
        (281, 20),
        (500, 20),
        (501, 32),
        (1200, 32),
        (1201, 50),
        (3200, 50),
    ],
)
def test_minimum_sample_sizes(lot, n):
    assert S.sampling.min_sample(lot) == n


@pytest.mark.parametrize("lot", [0, -3, 2.5, 3201])
def test_lot_sizes_outside_the_table_are_refused(lot):
    with pytest.raises(ValueError):
        S.sampling.min_sample(lot)


@given(st.integers(1, 3199))
def test_sample_size_never_shrinks_as_the_lot_grows(lot):
    assert S.sampling.min_sample(lot) <= S.sampling.min_sample(lot + 1)
    assert S.sampling.min_sample(lot) <= lot


def test_draw_can_be_redone_with_sha256sum():
    # Anyone can redo the draw: rank units 1..N by sha256("<seed>:<unit>") and take the n lowest.
    seed, lot, n = 20261125, 30, 5
    digests = {}
    for unit in range(1, lot + 1):
        out = subprocess.run(
            ["sha256sum"], input=f"{seed}:{unit}".encode(), capture_output=True, check=True
        )
        digests[unit] = out.stdout.split()[0].decode()
    expected = sorted(sorted(digests, key=digests.get)[:n])
    assert draw(lot, n, seed) == expected


@given(st.integers(1, 400), st.data(), st.integers(0, 2**32))
def test_draw_is_distinct_in_range_and_repeatable(lot, data, seed):
    n = data.draw(st.integers(0, lot))
    units = draw(lot, n, seed)
    assert len(set(units)) == n and all(1 <= u <= lot for u in units)
    assert units == sorted(units) == draw(lot, n, seed)
    assert hashlib.sha256(b"x").hexdigest()  # the ranking uses nothing else


def test_lot_judgement_at_the_pass_rate_boundary():
    # general items: 4 of 5 pass = 0.8 >= 0.8 -> accepted; 3 of 5 = 0.6 -> not
    assert judge_lot([True, True], [True] * 4 + [False], 0.8).accepted is True
    assert judge_lot([True, True], [True] * 3 + [False] * 2, 0.8).accepted is False
    # any failed main-control item rejects the lot whatever the general items
    r = judge_lot([True, False], [True] * 5, 0.8)
    assert (r.accepted, r.main_failed, r.general_rate) == (False, 1, 1.0)
    assert judge_lot([], [], 0.8).accepted is None


# ----- JGJ 59-2011 ----------------------------------------------------------------------------

G = S.safety


def table(guaranteed_deductions, general_deductions):
    """Six guaranteed items of 10 and four general items of 10, deductions as given."""
    return [ScoreItem(10, True, d) for d in guaranteed_deductions] + [
        ScoreItem(10, False, d) for d in general_deductions
    ]


def test_sub_table_score():
    # guaranteed 60 - 4 = 56, general 40 - 10 = 30: (56 + 30) / 100 × 100 = 86
    s = G.sub_table(table([4, 0, 0, 0, 0, 0], [5, 5, 0, 0]))
    assert (s.score, s.guaranteed, s.zeroed) == (86.0, 56.0, False)


def test_sub_table_zeroed_by_a_zeroed_guaranteed_item():
    s = G.sub_table(table([10, 0, 0, 0, 0, 0], [0, 0, 0, 0]))
    assert (s.raw, s.score, s.reason) == (90.0, 0.0, "item")
    # a deduction larger than the item's score still only zeroes it
    assert G.sub_table(table([15, 0, 0, 0, 0, 0], [0] * 4)).raw == 90.0


def test_guaranteed_floor_boundary():
    # 4+4+4+4+4 = 20 off: guaranteed 40, exactly the floor: kept; raw (40 + 40) = 80
    s = G.sub_table(table([4, 4, 4, 4, 4, 0], [0] * 4))
    assert (s.score, s.zeroed) == (80.0, False)
    # one more point off: 39 < 40 -> zero
    s = G.sub_table(table([4, 4, 4, 4, 4, 1], [0] * 4))
    assert (s.raw, s.score, s.reason) == (79.0, 0.0, "floor")


def test_items_that_do_not_apply_are_rescaled():
    # one general item n/a: full 90; general 30 - 3 = 27, guaranteed 60: (60 + 27) / 90 × 100
    # = 96.67 -> 96.7; the floor stays 40 (all guaranteed items apply)
    s = G.sub_table(table([0] * 6, [3, 0, 0, None]))
    assert s.score == 96.7 and s.guaranteed_floor == 40.0
    # two guaranteed items n/a: floor 40 × 40/60 = 26.7
    assert G.sub_table(table([0, 0, 0, 0, None, None], [0] * 4)).guaranteed_floor == 26.7
    assert G.sub_table(table([None] * 6, [None] * 4)).score is None


def test_summary_and_rating():
    # (86×10 + 90×15 + 70×10) / (10 + 15 + 10) = 2910 / 35 = 83.14 -> 83.1 -> good (>= 80)
    s = G.summary({"safety_management": 86, "civilised_site": 90, "temporary_power": 70})
    assert (s.score, s.rating) == (83.1, "good")
    # any zero sub-table fails whatever the total
    s = G.summary({"safety_management": 0, "civilised_site": 100, "temporary_power": 100})
    assert (s.score, s.rating, s.zero_tables) == (71.4, "fail", 1)


@pytest.mark.parametrize(
    "score, rating", [(100, "good"), (80, "good"), (79.9, "pass"), (70, "pass"), (69.9, "fail")]
)
def test_rating_boundaries(score, rating):
    assert G.rating(score, 0) == rating


@given(st.lists(st.floats(0, 12), min_size=10, max_size=10), st.integers(0, 9), st.floats(0, 5))
def test_more_deduction_never_raises_a_score(deductions, i, extra):
    before = G.sub_table(table(deductions[:6], deductions[6:]))
    more = list(deductions)
    more[i] += extra
    after = G.sub_table(table(more[:6], more[6:]))
    assert 0 <= after.score <= before.score <= 100


# ----- warranty (art. 40) and gas service lives -------------------------------------------------

W = S.warranty


@pytest.mark.parametrize(
    "accepted, cls, life, end",
    [
        ("2025-06-30", "electrical", None, "2027-06-29"),  # 2 years, ends the day before
        ("2025-06-30", "roof_waterproof", None, "2030-06-29"),  # 5 years
        ("2025-06-30", "structure", 50, "2075-06-29"),  # the design life
        ("2024-02-29", "water_drainage", None, "2026-02-27"),  # 28 Feb 2026 less one day
        ("2025-06-30", "heating_cooling", None, "2027-03-15"),  # seasons 2025/26 and 2026/27
        ("2025-11-15", "heating_cooling", None, "2027-03-15"),  # a season starting that day counts
        ("2025-12-01", "heating_cooling", None, "2028-03-15"),  # mid-season: 2026/27, 2027/28
    ],
)
def test_warranty_end(accepted, cls, life, end):
    assert W.end(date.fromisoformat(accepted), cls, life).isoformat() == end


def test_structure_without_design_life_has_no_end_and_unknown_class_is_refused():
    assert W.end(date(2025, 1, 1), "structure") is None
    with pytest.raises(ValueError):
        W.end(date(2025, 1, 1), "garden")


def test_gas_service_lives():
    gl = S.gas_life
    # water heater: 6 years on manufactured gas, 8 on natural gas or LPG
    assert gl.over_life("water_heater", 7, "mg") and not gl.over_life("water_heater", 7, "ng")
    assert not gl.over_life("water_heater", 8, "lpg") and gl.over_life("water_heater", 8.5, "lpg")
    assert gl.limit("cooker", "ng") == (8.0, "years")
    assert gl.limit("rubber_hose") == (18.0, "months")


@pytest.mark.parametrize(
    "work_type, accepted, end",
    [  # the lifecycle's work types, with a project's defaults (Beijing seasons, 50-year life)
        ("structure", "2024-07-01", "2074-06-30"),
        ("roof_waterproofing", "2024-07-01", "2029-06-30"),
        ("wet_room_waterproofing", "2024-07-01", "2029-06-30"),
        ("external_wall_leaks", "2024-07-01", "2029-06-30"),
        ("heating", "2024-07-01", "2026-03-15"),
        ("cooling", "2024-07-01", "2026-09-30"),  # summers 2025 and 2026 (2024's had begun)
        ("electrical", "2024-07-01", "2026-06-30"),
        ("water_drainage", "2024-07-01", "2026-06-30"),
        ("gas", "2024-07-01", "2026-06-30"),
        ("equipment", "2024-07-01", "2026-06-30"),
        ("fitout", "2024-07-01", "2026-06-30"),
    ],
)
def test_warranty_ends_with_a_projects_settings(work_type, accepted, end):
    assert W.ends_on(work_type, date.fromisoformat(accepted), {}).isoformat() == end


def test_a_project_sets_its_own_seasons_and_design_life():
    local = {"heating_season": {"start": "10-15", "end": "04-15"}, "design_life_years": 70}
    assert W.ends_on("heating", date(2024, 7, 1), local) == date(2026, 4, 15)
    assert W.ends_on("structure", date(2024, 7, 1), local) == date(2094, 6, 30)


def test_every_class_of_the_handover_checklist_is_in_the_table():
    from inspect_app import forms

    tpl = forms.load_all()["handover"]
    options = [o.value for o in tpl.item("warranty_class").options]
    assert options and all(W.key(v) for v in options), [v for v in options if not W.key(v)]
    assert W.key("roof_waterproof") == "roof_waterproofing" and W.key("garden") is None


@given(st.dates(date(2000, 1, 1), date(2060, 12, 31)), st.sampled_from(sorted(W.aliases)))
def test_an_alias_dates_exactly_as_its_work_type(accepted, alias):
    # the handover checklist (aliases) and the warranty calendar (work types) print one date
    assert W.ends_on(alias, accepted, {}) == W.ends_on(W.aliases[alias], accepted, {})


def test_an_unanswered_item_never_scores():
    # one guaranteed item not answered: the sub-table has no score (not 100, not 90)
    items = table([0, 0, 0, 0, 0, 0], [0] * 4)
    items[2] = ScoreItem(10, True, None, answered=False, id="sm_checks")
    s = G.sub_table(items)
    assert s.score is None and not s.complete and s.unanswered == ("sm_checks",)
    assert items[2].got is None and items[0].got == 10.0
    # and the summary over it is not scored either, whatever the other sub-tables say
    s = G.summary({"civilised_site": 100, "temporary_power": 100}, ["safety_management"])
    assert (s.score, s.rating, s.incomplete) == (None, None, ("safety_management",))
