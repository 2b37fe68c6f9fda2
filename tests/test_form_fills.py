"""Each shipped template filled the way an inspector would, through the store functions the
app uses: a typical inspection, a worst case and an empty one. Expected values are derived by
hand from the rules (the arithmetic is in the comments)."""

import pytest

from inspect_app import forms
from inspect_app.core.model import Defect, Inspection, Organization, OrgKind, Project, Role, User
from inspect_app.demo_checklists import strokes_png
from inspect_app.store.inspections import evaluate_inspection, set_answer, start_inspection
from inspect_app.store.signatures import sign

SIG = object()  # signed by the signed-in inspector through the signing operation
STROKES = [[[0, 0, 0, 1], [10, 5, 40, 1]]]


@pytest.fixture(scope="module")
def templates():
    return forms.load_all()


@pytest.fixture
def fill(store, templates):
    project = store.save(Project(name="和平里东街小区"))
    org = store.save(Organization(name="北京华建工程监理有限公司", kind=OrgKind.SUPERVISOR))
    store.set_actor(store.save(User(name="zhangwei", role=Role.INSPECTOR, org_id=org.id)).id)

    def run(template_id, steps):
        insp = start_inspection(store, templates[template_id], project.id, title=template_id)
        for path, value in steps:
            if value is SIG:
                png = strokes_png(STROKES)
                sign(store, "inspections", insp.id, item=path, strokes=STROKES, png_bytes=png)
            else:
                set_answer(store, insp.id, path, value)
        insp = store.get(Inspection, insp.id)
        defects = store.find(Defect, "inspection_id = ?", [insp.id], order_by="item_id")
        return evaluate_inspection(store, insp), {d.item_id: d for d in defects}

    return run


def entry(section, i, **answers):
    return [(f"{section}[{i}].{k}", v) for k, v in answers.items()]


def all_templates_are_covered(templates):
    return set(templates) - {"gas-household"}


def test_every_template_has_its_three_fills(templates):
    names = {n.split("_")[1] for n in globals() if n.startswith("test_") and n.count("_") >= 2}
    assert {t.replace("-", "") for t in all_templates_are_covered(templates)} <= {
        n.replace("-", "") for n in names
    }


# ----- 燃气设施隐患排查 -------------------------------------------------------------------------

GAS_INFO = [
    ("area", {"building": "3号楼"}),
    ("surveyed_on", "2026-11-20"),
    ("operator", "北京市燃气集团"),
]


def test_gassurvey_typical(fill):
    steps = [
        *GAS_INFO,
        ("gas_type", "ng"),
        ("pressure", "low"),
        ("has_regulator", "yes"),
        ("has_valve_pit", "no"),
        ("mains_occupied_lp", "pass"),
        ("mains_distance", "pass"),
        ("mains_crossing", "pass"),
        ("mains_corrosion", "light"),
        ("mains_leak_ppm", 0),
        ("mains_markers", "fail"),
        ("riser_corrosion", "none"),
        ("riser_supports", "pass"),
        ("riser_sleeve", "pass"),
        ("riser_impact", "pass"),
        ("regulator_overpressure", "pass"),
        ("regulator_box", "pass"),
        ("regulator_outlet_kpa", 2.2),
        ("regulator_leak_ppm", 0),
    ]
    steps += entry(
        "households", 0, door="1单元101", access="yes", pipe_in_bedroom="pass",
        riser_in_bathroom="pass", hose_type="rubber", hose_months=12, cooker_flame_failure="pass",
        cooker_years=5, heater_years=9, meter_years=6, leak_ppm=0, detector="pass",
    )  # fmt: skip
    steps += entry("households", 1, door="1单元102", access="no")
    steps += [("inspector_signature", SIG)]
    ev, defects = fill("gas-survey", steps)
    h = "households[0]."
    # GB 17905: rubber hose 12 <= 18 months; cooker 5 <= 8 years; water heater on natural gas
    # 9 > 8 years: past its life; meter 6 <= 10 years
    assert [ev.computed[h + k] for k in ("rubber_hose_over", "cooker_over", "heater_over")] == [
        False,
        False,
        True,
    ]
    assert ev.computed[h + "meter_over"] is False
    assert ev.sources[h + "heater_over"].endswith("GB 17905-2008")
    # household 102 was not entered: its checks are hidden
    assert "households[1].pipe_in_bedroom" not in ev.items
    assert ev.failed == ["mains_markers", h + "heater_over"]
    assert ev.computed["households_surveyed"] == 2 and ev.computed["hazards_found"] == 2
    assert ev.missing == [] and ev.progress == 1.0
    assert set(defects) == {"mains_markers", h + "heater_over"}
    assert defects[h + "heater_over"].title == "1单元101 燃气热水器超过判废年限"
    assert not any(d.major_hazard for d in defects.values())


def test_gassurvey_worst(fill):
    steps = [*GAS_INFO, ("gas_type", "lpg"), ("pressure", "medium")]
    steps += [("has_regulator", "yes"), ("has_valve_pit", "yes")]
    fails = [
        "mains_occupied_mp", "mains_distance", "mains_crossing", "mains_markers",
        "riser_supports", "riser_sleeve", "riser_impact", "regulator_overpressure",
        "regulator_box", "pit_water", "pit_cover", "valve_operable", "lpg_underground",
    ]  # fmt: skip
    steps += [(f, "fail") for f in fails]
    steps += [("mains_corrosion", "heavy"), ("riser_corrosion", "heavy")]
    steps += [("mains_leak_ppm", 25), ("regulator_leak_ppm", 10), ("pit_leak_ppm", 5)]
    steps += entry(
        "households", 0, door="2单元301", access="yes", pipe_in_bedroom="fail",
        riser_in_bathroom="fail", hose_type="banned", cooker_flame_failure="fail",
        cooker_years=12, heater_years=9, meter_years=12, leak_ppm=50, detector="fail",
    )  # fmt: skip
    ev, defects = fill("gas-survey", steps)
    h = "households[0]."
    # LPG: heater life 8 years, 9 is past it; cooker 12 > 8; meter 12 > 10
    assert ev.computed[h + "heater_over"] and ev.computed[h + "cooker_over"]
    assert ev.computed[h + "meter_over"]
    # a banned hose hides the hose-age questions
    assert h + "hose_months" not in ev.items and h + "rubber_hose_over" not in ev.items
    # outdoor: 13 fails + 2 heavy corrosion + 3 leaks = 18; household: bedroom, bathroom, hose,
    # flame failure, cooker, heater, meter, leak, detector = 9; 27 in all, each a defect
    assert len(ev.failed) == 27 == ev.computed["hazards_found"] == len(defects)
    major = sorted(p for p, d in defects.items() if d.major_hazard)
    assert major == sorted(
        [
            "mains_occupied_mp", "mains_crossing", "mains_leak_ppm", "regulator_overpressure",
            "regulator_leak_ppm", "pit_leak_ppm", "lpg_underground", h + "pipe_in_bedroom",
            h + "riser_in_bathroom", h + "hose_type", h + "cooker_flame_failure", h + "leak_ppm",
        ]
    )  # fmt: skip
    assert all(defects[p].severity == "major" for p in major)
    # failed items that need a photo and have none
    assert len(ev.missing_evidence) == 14 and "mains_markers" not in ev.missing_evidence
    assert ev.missing == ["inspector_signature"]


def test_gassurvey_empty(fill):
    ev, defects = fill("gas-survey", [])
    assert ev.missing == [
        "area", "surveyed_on", "gas_type", "pressure", "has_regulator", "has_valve_pit",
        "inspector_signature",
    ]  # fmt: skip
    assert ev.progress == 0 and ev.failed == [] and defects == {}
    # no pressure class yet: neither occupation question; no regulator or pit sections
    assert "mains_occupied_mp" not in ev.items and "regulator_overpressure" not in ev.items
    assert ev.computed == {"households_surveyed": 0, "hazards_found": 0}


# ----- 排水管道隐患排查 -------------------------------------------------------------------------

DRAIN_INFO = [("area", {"area": "和平里东街11号院"}), ("surveyed_on", "2026-11-18")]
DRAIN_INFO += [("method", "cctv")]


def segment(i, name, use, d, material, k, t, defects, **more):
    return entry(
        "segments", i, segment_id=name, use=use, diameter_mm=d, material=material, length_m=40,
        area_k=k, soil_t=t, defects=defects, **more,
    )  # fmt: skip


def test_drainagesurvey_typical(fill):
    steps = DRAIN_INFO + segment(
        0, "W1-W2", "sewage", 800, "concrete", "6", "10",
        [
            {"code": "PL", "grade": "3", "position_m": 2.0},
            {"code": "SL", "grade": "2", "position_m": 3.2},
            {"code": "CJ", "grade": "3", "position_m": 10},
        ],
        misconnection="pass", manhole_cover="pass",
    )  # fmt: skip
    steps += segment(
        1, "W2-W3", "sewage", 300, "pvc", "0", "0",
        [{"code": "CJ", "grade": "1", "position_m": 5}, {"code": "ZW", "grade": "1", "position_m": 20}],
        misconnection="pass", manhole_cover="pass",
    )  # fmt: skip
    steps += [("inspector_signature", SIG)]
    ev, defects = fill("drainage-survey", steps)
    s0 = {k: ev.computed[f"segments[0].{k}"] for k in ("s", "smax", "f", "structural_grade")}
    # PL3 = 5 at 2.0, SL2 = 2 at 3.2: 1.2 m apart -> α: S = 1.1 × 7 / 2 = 3.85; F = Smax = 5: III
    assert s0 == {"s": 3.85, "smax": 5.0, "f": 5.0, "structural_grade": 3}
    # CJ3 = 5 alone: Y = Ymax = G = 5: III; K 6, E (800) 3, T 10:
    # RI = 3.5 + 0.6 + 0.15 + 1.5 = 5.75: III; MI = 4 + 0.9 + 0.15 = 5.05: III
    assert [
        ev.computed[f"segments[0].{k}"] for k in ("g", "functional_grade", "ri", "ri_grade")
    ] == [
        5.0,
        3,
        5.75,
        3,
    ]
    assert [ev.computed[f"segments[0].{k}"] for k in ("mi", "mi_grade")] == [5.05, 3]
    # W2-W3: CJ1 = 0.5 at 5, ZW1 = 0.1 at 20: Y = (0.5 + 0.1) / 2 = 0.3, Ymax = G = 0.5: I;
    # F = 0 so T = 0 and K = E = 0: RI = 0; MI = 0.8 × 0.5 = 0.4: I
    s1 = {k: ev.computed[f"segments[1].{k}"] for k in ("y", "ymax", "g", "functional_grade")}
    assert s1 == {"y": 0.3, "ymax": 0.5, "g": 0.5, "functional_grade": 1}
    assert [ev.computed[f"segments[1].{k}"] for k in ("f", "ri", "mi", "mi_grade")] == [
        0.0,
        0.0,
        0.4,
        1,
    ]
    # grade III structural and functional, and RI grade III, on W1-W2 only
    expected = ["segments[0].structural_grade", "segments[0].functional_grade"]
    expected += ["segments[0].ri_grade"]
    assert ev.failed == expected and sorted(defects) == sorted(expected)
    assert defects["segments[0].ri_grade"].severity == "major"
    assert ev.computed["segments_surveyed"] == 2 and ev.computed["problems_found"] == 3
    assert ev.missing == [] and ev.missing_evidence == ["segments[0].structural_grade"]


def test_drainagesurvey_worst(fill):
    steps = DRAIN_INFO + segment(
        0, "Y1-Y2", "combined", 1600, "clay", "10", "10",
        [
            {"code": "TJ", "grade": "4", "position_m": 0},
            {"code": "TJ", "grade": "4", "position_m": 1.2},
            {"code": "CJ", "grade": "4", "position_m": 5},
        ],
        misconnection="fail", manhole_cover="fail",
    )  # fmt: skip
    ev, defects = fill("drainage-survey", steps)
    c = {k.split(".")[1]: v for k, v in ev.computed.items() if k.startswith("segments[0]")}
    # TJ4 = 10 twice, 1.2 m apart: S = 1.1 × 20 / 2 = 11 > Smax 10: F = 11: IV
    assert (c["s"], c["smax"], c["f"], c["structural_grade"]) == (11.0, 10.0, 11.0, 4)
    # CJ4 = 10: G = 10: IV. K 10, E (1600 > 1500) 10, T 10:
    # RI = 0.7×11 + 0.1×10 + 0.05×10 + 0.15×10 = 7.7 + 1 + 0.5 + 1.5 = 10.7: IV
    # MI = 0.8×10 + 0.15×10 + 0.05×10 = 8 + 1.5 + 0.5 = 10: IV
    assert (c["g"], c["ri"], c["ri_grade"], c["mi"], c["mi_grade"]) == (10.0, 10.7, 4, 10.0, 4)
    assert len(defects) == 5 and defects["segments[0].misconnection"].title == "Y1-Y2 雨污混接"
    assert ev.missing_evidence == ["segments[0].misconnection", "segments[0].structural_grade"]
    assert ev.missing == ["inspector_signature"]


def test_drainagesurvey_empty(fill):
    ev, defects = fill("drainage-survey", [])
    assert ev.missing == ["area", "surveyed_on", "method", "segments", "inspector_signature"]
    assert defects == {} and ev.computed == {"segments_surveyed": 0, "problems_found": 0}


# ----- 施工质量安全巡检 -------------------------------------------------------------------------

PATROL_INFO = [
    ("patrolled_on", "2026-11-21"),
    ("weather", "fine"),
    ("work_areas", "3号楼外墙保温；5号楼雨污分流管道开挖"),
    ("contractor", "北京城建集团"),
    ("has_scaffold", "yes"),
    ("has_trench", "yes"),
]
PATROL_CHECKS = [
    "enclosure", "passage_shelter", "fire_lane", "dust_noise", "night_lighting", "rcd",
    "three_level", "cables", "earthing", "wall_ties", "mesh", "boards", "scaffold_accepted",
    "utilities_located", "gas_line_protected", "trench_support", "trench_edge",
    "roof_membrane", "pipe_pressure_test", "materials_checked",
]  # fmt: skip


def test_patrol_typical(fill):
    steps = PATROL_INFO + [
        (c, "fail" if c in ("fire_lane", "mesh") else "pass") for c in PATROL_CHECKS
    ]
    steps += [("trench_depth_m", 1.8), ("insulation_bond", "minor")]
    steps += [("inspector_signature", SIG)]
    ev, defects = fill("patrol", steps)
    assert ev.failed == ["fire_lane", "mesh"] and ev.computed["findings"] == 2
    assert defects["fire_lane"].category == "消防" and defects["mesh"].category == "脚手架"
    assert ev.missing == [] and ev.missing_evidence == ["fire_lane", "mesh"]


def test_patrol_worst(fill):
    steps = PATROL_INFO + [(c, "fail") for c in PATROL_CHECKS] + [("insulation_bond", "hollow")]
    ev, defects = fill("patrol", steps)
    # 20 pass/fail checks and the hollow insulation
    assert ev.computed["findings"] == 21 == len(defects)
    assert {d.severity for d in defects.values()} == {"minor", "serious", "major"}
    assert defects["utilities_located"].title == "沟槽开挖临近在役管线未探明"


def test_patrol_empty(fill):
    ev, defects = fill("patrol", [])
    assert ev.missing == [
        "patrolled_on", "work_areas", "has_scaffold", "has_trench", "enclosure",
        "passage_shelter", "fire_lane", "rcd", "inspector_signature",
    ]  # fmt: skip
    # scaffolding and trench sections stay hidden until asked for
    assert "wall_ties" not in ev.items and "utilities_located" not in ev.items
    assert defects == {}


def test_safetyscore_unanswered_items_never_score(fill, templates):
    # 安全管理 with three guaranteed items left blank: not 100, not "no deduction" -- no score
    steps = [*SAFETY_INFO, ("has_scaffold", "no"), ("has_excavation", "no")]
    steps += no_deductions(templates, "sm", "cs", "tp", "wh")
    blank = ["sm_plan", "sm_checks", "sm_emergency"]
    steps = [(k, v) for k, v in steps if k not in blank]
    ev, _ = fill("safety-score", steps)
    sm = ev.tables["safety_management"]
    assert sm.score is None and not sm.complete and list(sm.unanswered) == blank
    assert ev.tables["civilised_site"].score == 100.0
    assert ev.computed["total"] is None and ev.computed["rating"] is None
    # answering them scores the sheet
    ev, _ = fill("safety-score", steps + [(k, 0) for k in blank])
    assert ev.tables["safety_management"].score == 100.0 and ev.computed["total"] == 100.0


# ----- 工程质量抽检 -----------------------------------------------------------------------------

MAIN = ("main_materials", "main_workmanship", "main_function")
GENERAL = ("general_flatness", "general_joints", "general_appearance")


def spot(fill, lot_size, seed, verdicts, extra=()):
    """verdicts(i) -> (main answers, general answers) for sampled unit i."""
    from inspect_app import standards
    from inspect_app.core.standards.sampling import draw

    n = standards.load().sampling.min_sample(lot_size)
    units = draw(lot_size, n, seed)
    steps = [("lot_name", "3号楼外墙外保温 第1检验批"), ("sub_item", "insulation")]
    steps += [("lot_size", lot_size), ("sample_seed", str(seed)), *extra]
    for i, u in enumerate(units):
        main, general = verdicts(i)
        steps += entry("samples", i, unit_no=u, **dict(zip(MAIN, main, strict=True)))
        steps += entry("samples", i, **dict(zip(GENERAL, general, strict=True)))
    return fill("spot-check", steps), units


def test_spotcheck_typical(fill):
    # lot of 120: table 3.0.9 (91-150) -> 8 units; 24 general checks, 4 fail: 20 / 24 = 0.8333
    # >= 0.8, all main-control items pass -> accepted
    def verdicts(i):
        return ["pass"] * 3, ["fail" if i < 4 and k == 0 else "pass" for k in range(3)]

    (ev, defects), units = spot(fill, 120, 20261121, verdicts, [("supervisor_signature", SIG)])
    assert ev.computed["min_sample"] == 8 and ev.computed["sample"] == units
    assert (ev.computed["main_failed"], ev.computed["general_rate"]) == (0, 0.8333)
    assert ev.computed["accepted"] is True and defects == {} and ev.missing == []


def test_spotcheck_typical_with_a_stricter_trade_rate(fill):
    # the same answers against a trade code's 90%: 0.8333 < 0.9 -> not accepted
    def verdicts(i):
        return ["pass"] * 3, ["fail" if i < 4 and k == 0 else "pass" for k in range(3)]

    (ev, defects), _ = spot(fill, 120, 20261121, verdicts, [("pass_rate", 90)])
    assert ev.computed["accepted"] is False and list(defects) == ["accepted"]


def test_spotcheck_worst(fill):
    # lot of 20 -> 3 units; unit 1 fails a main-control item; general 4 of 9 fail: 5/9 = 0.5556
    def verdicts(i):
        main = ["fail", "pass", "pass"] if i == 0 else ["pass"] * 3
        general = ["fail", "fail", "pass"] if i < 2 else ["pass", "pass", "pass"]
        return main, general

    (ev, defects), units = spot(fill, 20, 7, verdicts)
    assert len(units) == 3
    assert (ev.computed["main_failed"], ev.computed["general_rate"]) == (1, 0.5556)
    assert ev.computed["accepted"] is False
    assert sorted(defects) == ["accepted", "samples[0].main_materials"]
    assert defects["samples[0].main_materials"].title == f"{units[0]} 主控项目不合格：材料性能"
    assert ev.missing_evidence == ["samples[0].main_materials"]


def test_spotcheck_empty(fill):
    ev, defects = fill("spot-check", [])
    assert ev.computed["min_sample"] is None and ev.computed["sample"] == []
    assert ev.computed["accepted"] is None and defects == {}
    assert ev.missing == ["lot_name", "sub_item", "lot_size", "supervisor_signature"]


# ----- 安全检查评分 -----------------------------------------------------------------------------

SAFETY_INFO = [("checked_on", "2026-11-22"), ("contractor", "北京城建集团")]


def no_deductions(templates, *prefixes):
    """A deduction of 0 on every score item of the sub-tables with these id prefixes: an item
    left blank would leave its sub-table unscored."""
    tpl = templates["safety-score"]
    return [(i.id, 0) for i in tpl.items() if i.type == "score" and i.id.split("_")[0] in prefixes]


def test_safetyscore_typical(fill, templates):
    steps = [*SAFETY_INFO, ("has_scaffold", "yes"), ("has_excavation", "no")]
    steps += no_deductions(templates, "sm", "cs", "sf", "tp", "wh")
    steps += [("sm_briefing", 4), ("sm_signs", 2)]  # 100 - 6 = 94
    steps += [("cs_hoarding", 2), ("cs_community", 5)]  # 93
    steps += [("sf_ties", 3), ("sf_netting", 4)]  # 93
    steps += [("tp_boxes", 6), ("tp_lighting", 5)]  # 89
    steps += [("wh_edges", 5)]  # 95
    steps += [("checker_signature", SIG)]
    ev, defects = fill("safety-score", steps)
    assert {k: v.score for k, v in ev.tables.items()} == {
        "safety_management": 94.0,
        "civilised_site": 93.0,
        "scaffolding": 93.0,
        "temporary_power": 89.0,
        "work_at_height": 95.0,
    }
    # excavation does not apply; weights 10, 15, 10, 10, 10 = 55:
    # (94×10 + 93×15 + 93×10 + 89×10 + 95×10) / 55 = 5105 / 55 = 92.82 -> 92.8: good
    assert (ev.computed["total"], ev.computed["rating"], ev.computed["zero_tables"]) == (
        92.8,
        "good",
        0,
    )
    # defects only for deductions on guaranteed items
    assert sorted(defects) == ["cs_hoarding", "sf_ties", "sm_briefing", "tp_boxes"]
    assert ev.sources["total"].endswith("JGJ 59-2011")


def test_safetyscore_worst(fill, templates):
    steps = [*SAFETY_INFO, ("has_scaffold", "no"), ("has_excavation", "yes")]
    steps += no_deductions(templates, "sm", "cs", "ex", "tp", "wh")
    steps += [("sm_responsibility", 10)]  # a guaranteed item zeroed: the table scores 0
    cs = ("hoarding", "closed_site", "site_surface", "materials", "offices", "fire")
    steps += [(f"cs_{k}", 5) for k in cs]  # guaranteed 60 - 30 = 30 < 40: 0
    steps += [("ex_support", 10), ("tp_earthing", 20)]  # zeroed guaranteed items: 0, 0
    wh = ("helmets", "nets", "harness", "edges", "openings", "entrances", "ladders")
    wh += ("suspended", "mobile_platforms", "cantilever_platforms")
    steps += [(f"wh_{k}", 5) for k in wh]  # no guaranteed items: 100 - 50 = 50
    ev, defects = fill("safety-score", steps)
    assert {k: (v.score, v.reason) for k, v in ev.tables.items()} == {
        "safety_management": (0.0, "item"),
        "civilised_site": (0.0, "floor"),
        "excavation": (0.0, "item"),
        "temporary_power": (0.0, "item"),
        "work_at_height": (50.0, ""),
    }
    # (0 + 0 + 0 + 0 + 50 × 10) / (10 + 15 + 10 + 10 + 10) = 500 / 55 = 9.09 -> 9.1; zeros: fail
    assert (ev.computed["total"], ev.computed["rating"], ev.computed["zero_tables"]) == (
        9.1,
        "fail",
        4,
    )
    # 9 guaranteed items with deductions, and the fail rating
    assert len(defects) == 10 and defects["rating"].severity == "major"


def test_safetyscore_empty(fill):
    ev, defects = fill("safety-score", [])
    # nothing scored yet: every shown sub-table incomplete, no total, no rating (not 100)
    assert ev.tables and all(st.score is None and st.unanswered for st in ev.tables.values())
    assert ev.computed["total"] is None and ev.computed["rating"] is None
    assert ev.missing == [
        "checked_on", "contractor", "has_scaffold", "has_excavation", "checker_signature",
    ]  # fmt: skip
    assert defects == {}


# ----- 竣工验收记录 -----------------------------------------------------------------------------

ACC_INFO = [
    ("project_name", "和平里东街小区综合整治工程"),
    ("scope", "外墙保温、屋面防水、雨污分流、燃气立管更换、加装电梯"),
    ("accepted_on", "2026-10-30"),
]
ACC_CHECKS = [
    "scope_complete", "records_complete", "material_reports", "parties_certified",
    "warranty_issued", "subdivisions_passed", "function_tests",
]  # fmt: skip
PARTIES = [
    ("owner", "东城区住房和城市建设委员会", "陈静 项目负责人", "agree"),
    ("supervisor", "北京华建工程监理有限公司", "王强 总监理工程师", "agree"),
    ("contractor", "北京城建集团有限责任公司", "赵磊 项目经理", "agree"),
    ("designer", "北京市建筑设计研究院有限公司", "李明 设计负责人", "agree"),
    ("residents", "3号楼居民代表", "王秀英", "conditional"),
    ("street", "和平里街道办事处", "刘芳 城建科", "agree"),
]


def parties(rows):
    steps = []
    for i, (party, org, who, opinion) in enumerate(rows):
        steps += entry("parties", i, party=party, org_name=org, representative=who)
        steps += entry("parties", i, opinion=opinion, signature=SIG)
    return steps


def test_acceptance_typical(fill):
    steps = ACC_INFO + [(c, "pass") for c in ACC_CHECKS] + [("appearance", "good")]
    steps += [("residents_satisfied_pct", 92), *parties(PARTIES)]
    outstanding = [
        {"description": "5号楼单元门禁未调试", "responsible": "北京城建", "due": "2026-11-15"}
    ]
    steps += [("outstanding_defects", outstanding), ("conclusion", "conditional")]
    ev, defects = fill("acceptance", steps)
    assert ev.computed["all_checks_pass"] is True and ev.computed["parties_count"] == 6
    assert ev.value("parties[4].org_name") == "3号楼居民代表"
    assert ev.value("outstanding_defects") == outstanding
    assert ev.missing == [] and defects == {} and ev.progress == 1.0


def test_acceptance_worst(fill):
    steps = ACC_INFO + [
        (c, "fail" if c in ("records_complete", "function_tests") else "pass") for c in ACC_CHECKS
    ]
    steps += [("appearance", "poor")]
    steps += parties([*PARTIES[:2], ("residents", "5号楼居民代表", "李建国", "disagree")])
    steps += [("conclusion", "failed")]
    ev, defects = fill("acceptance", steps)
    assert ev.computed["all_checks_pass"] is False and ev.computed["parties_count"] == 3
    assert "parties" in ev.missing  # fewer than 4 parties took part
    # the residents' disagreement fails its item, with no defect of its own
    assert "parties[2].opinion" in ev.failed
    assert sorted(defects) == ["appearance", "conclusion", "function_tests", "records_complete"]
    assert ev.missing_evidence == ["function_tests", "appearance"]


def test_acceptance_empty(fill):
    ev, defects = fill("acceptance", [])
    assert ev.missing == [
        "project_name", "scope", "accepted_on", *ACC_CHECKS, "appearance", "parties", "conclusion",
    ]  # fmt: skip
    assert ev.computed["all_checks_pass"] is None and defects == {}


# ----- 移交清单 ---------------------------------------------------------------------------------

HANDOVER_INFO = [
    ("accepted_on", "2026-10-30"),
    ("handed_over_on", "2026-11-20"),
    ("receiver_kind", "property"),
    ("receiver_org", "北京首开物业服务有限公司"),
    ("giver_org", "北京城建集团有限责任公司"),
]


def facility(i, name, cls, qty, unit, ok="pass", **more):
    return entry(
        "facilities", i, facility=name, warranty_class=cls, quantity=qty, unit=unit,
        condition=ok, **more,
    )  # fmt: skip


def test_handover_typical(fill):
    steps = HANDOVER_INFO
    steps += facility(0, "屋面SBS防水层", "roof_waterproof", 1850, "m²")
    steps += facility(1, "楼内供暖立管", "heating_cooling", 36, "根")
    steps += facility(2, "加固圈梁", "structure", 6, "栋", design_life_years=50)
    steps += facility(3, "单元门禁系统", "electrical", 18, "套")
    steps += [("documents_handed", ["as_built", "manuals", "warranty", "tests"]), ("copies", 2)]
    steps += [("giver_signature", SIG), ("receiver_signature", SIG)]
    ev, defects = fill("handover", steps)
    ends = [ev.computed[f"facilities[{i}].warranty_end"] for i in range(4)]
    # accepted 2026-10-30: roof 5 years -> 2031-10-29; heating 2 seasons starting 2026-11-15
    # and 2027-11-15 -> ends 2028-03-15; structure 50-year design life -> 2076-10-29;
    # electrical 2 years -> 2028-10-29
    assert ends == ["2031-10-29", "2028-03-15", "2076-10-29", "2028-10-29"]
    assert ev.sources["facilities[0].warranty_end"].endswith("第四十条")
    assert ev.computed["all_facilities_ok"] is True and ev.missing == [] and defects == {}


def test_handover_worst(fill):
    steps = [*HANDOVER_INFO[:1], ("receiver_kind", "gas")]
    steps += facility(0, "庭院燃气管道 DN100", "gas", 240, "m", ok="fail")
    steps += facility(1, "楼体结构", "structure", 1, "栋")  # design life not given
    ev, defects = fill("handover", steps)
    # gas pipes as equipment installation: 2 years -> 2028-10-29; no design life, no end date
    assert ev.computed["facilities[0].warranty_end"] == "2028-10-29"
    assert ev.computed["facilities[1].warranty_end"] is None
    assert list(defects) == ["facilities[0].condition"]
    assert defects["facilities[0].condition"].title == "庭院燃气管道 DN100 移交设施查验不合格"
    assert ev.missing == [
        "handed_over_on", "receiver_org", "giver_org", "facilities[1].design_life_years",
        "documents_handed", "giver_signature", "receiver_signature",
    ]  # fmt: skip
    assert ev.missing_evidence == ["facilities[0].condition"]
    assert ev.computed["all_facilities_ok"] is False


def test_handover_empty(fill):
    ev, defects = fill("handover", [])
    assert ev.missing == [
        "accepted_on", "handed_over_on", "receiver_kind", "receiver_org", "giver_org",
        "facilities", "documents_handed", "giver_signature", "receiver_signature",
    ]  # fmt: skip
    assert defects == {}


# ----- 小区配套设施摸底 -------------------------------------------------------------------------

FAC_BASICS = [
    ("surveyed_on", "2026-09-12"),
    ("households", 240),
    ("residents", 610),
    ("over_60", 180),
    ("under_3", 12),
    ("buildings_without_lift", 6),
]


def test_facilitiessurvey_typical(fill):
    steps = [
        *FAC_BASICS,
        ("elderly_station", "nearby"), ("home_care", "yes"), ("nursery", "no"),
        ("playground", "yes"), ("canteen", "no"), ("parking_spaces", 80), ("cars", 150),
        ("ebike_charging", "short"), ("ev_charging", "no"), ("fitness", "worn"),
        ("activity_room", "yes"), ("ramps", "fail"), ("handrails", "pass"), ("paths", "pass"),
        ("rest_seats", "fail"), ("lift_demand", "strong"), ("home_adaptation_households", 25),
        ("priorities", ["elderly", "lifts", "charging"]), ("surveyor_signature", SIG),
    ]  # fmt: skip
    ev, defects = fill("facilities-survey", steps)
    # shortfalls: nursery, canteen, e-bike charging, car chargers, worn fitness, ramps, seats
    assert ev.computed["shortfalls"] == 7
    assert ev.failed == [
        "nursery", "canteen", "ebike_charging", "ev_charging", "fitness", "ramps", "rest_seats",
    ]  # fmt: skip
    assert defects == {} and ev.missing == []  # shortfalls feed the plan, not rectification


def test_facilitiessurvey_worst(fill):
    none = [
        "elderly_station", "home_care", "nursery", "playground", "canteen", "ebike_charging",
        "ev_charging", "fitness", "activity_room",
    ]  # fmt: skip
    steps = FAC_BASICS + [(k, "no") for k in none] + [("parking_spaces", 0)]
    steps += [(k, "fail") for k in ("ramps", "handrails", "paths", "rest_seats")]
    steps += [("lift_demand", "strong")]
    ev, defects = fill("facilities-survey", steps)
    assert ev.computed["shortfalls"] == 13 and defects == {}
    assert "elderly_station_m2" not in ev.items  # only asked when there is a station
    assert ev.missing == ["surveyor_signature"]


def test_facilitiessurvey_empty(fill):
    ev, defects = fill("facilities-survey", [])
    assert ev.missing == [
        "surveyed_on", "households", "elderly_station", "nursery", "canteen", "parking_spaces",
        "ebike_charging", "fitness", "ramps", "handrails", "lift_demand", "surveyor_signature",
    ]  # fmt: skip
    assert ev.computed["shortfalls"] == 0 and defects == {}
