"""Demo inspections of every checklist, filled answer by answer through the store functions
the app uses (so their computed values and auto-defects are what an inspector would get)."""

import io
import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from PIL import Image, ImageDraw

from . import forms
from .core import acceptance
from .core.item_path import entry_path
from .core.model import Inspection, InspectionStatus, Organization, Project, Stage
from .paths import forms_dir
from .store import Store
from .store.inspections import draw_sample, set_answer, start_inspection
from .store.signatures import sign

DEMO_PASSWORD = "demo"  # every demo user's password (README, `demo` output)


@dataclass(frozen=True)
class Sign:
    """A signature item signed by a demo account (with its password) or by a named guest."""

    user: str = ""  # login name; "" = the signed-in user
    guest: str = ""
    role: str = ""
    org: str = ""  # organization short name, for a guest


SIG = Sign()  # the signed-in inspector signs


def demo_strokes(name: str) -> list:
    """A hand-like scribble, different for each name."""
    rng = random.Random(name)
    strokes, x = [], 4.0
    for _ in range(max(2, len(name))):
        stroke, y = [], rng.uniform(10, 30)
        for k in range(8):
            stroke.append([round(x, 1), round(y, 1), float(k * 16), 0.6])
            x += rng.uniform(2, 6)
            y = min(40.0, max(2.0, y + rng.uniform(-9, 9)))
        strokes.append(stroke)
        x += 6
    return strokes


def strokes_png(strokes: list) -> bytes:
    """The strokes drawn in ink on a transparent PNG (no Qt: the demo runs headless)."""
    w = int(max(p[0] for s in strokes for p in s)) + 8
    img = Image.new("RGBA", (w * 2, 96), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    for s in strokes:
        draw.line([(p[0] * 2, p[1] * 2 + 4) for p in s], fill=(20, 30, 90, 255), width=4)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def _sign(store: Store, insp_id: str, path: str, how: Sign) -> None:
    org_id = ""
    if how.org:
        org_id = store.find(Organization, "short_name = ?", [how.org])[0].id
    strokes = demo_strokes(how.guest or how.user or store.actor)
    sign(store, "inspections", insp_id, item=path, strokes=strokes, png_bytes=strokes_png(strokes),
         signer=how.user, password=DEMO_PASSWORD if how.user else None, guest_name=how.guest,
         guest_role=how.role, guest_org_id=org_id)  # fmt: skip


ACCEPTED_DAYS_AGO = 790


def accepted_on(today: date) -> date:
    """The one acceptance date of the demo's community under warranty: its acceptance record,
    handover, warranty periods and its defects' history all follow it."""
    return today - timedelta(days=ACCEPTED_DAYS_AGO)


def fill_all(
    store: Store, projects: list, rng: random.Random, today: date, templates: dict | None = None
) -> Counter:
    """Add inspections of every template to the demo projects; return what was created.

    The community in warranty keeps its signed acceptance record from the lifecycle demo as
    its latest one: no newer, unsigned acceptance is started there."""
    templates = templates or forms.load_all()
    by_stage: dict[Stage, tuple[Project, list]] = {}
    for p, blds in projects:
        by_stage.setdefault(p.stage, (p, blds))
    before = _counts(store)
    plan = [
        (Stage.SURVEY, "gas-survey", _gas, True),
        (Stage.SURVEY, "drainage-survey", _drainage, True),
        (Stage.SURVEY, "facilities-survey", _facilities, True),
        (Stage.PLANNED, "facilities-survey", _facilities, False),
        (Stage.CONSTRUCTION, "patrol", _patrol, True),
        (Stage.CONSTRUCTION, "patrol", _patrol, False),
        (Stage.CONSTRUCTION, "spot-check", _spot, True),
        (Stage.CONSTRUCTION, "safety-score", _safety, True),
        (Stage.ACCEPTANCE, "spot-check", _spot, False),
        (Stage.ACCEPTANCE, "acceptance", _acceptance, False),
        (Stage.WARRANTY, "acceptance", _acceptance, True),
        (Stage.WARRANTY, "handover", _handover, True),
    ]
    for stage, template_id, filler, submit in plan:
        if stage not in by_stage:
            continue
        project, blds = by_stage[stage]
        b = rng.choice(blds)
        tpl = templates[template_id]
        insp = start_inspection(
            store, tpl, project.id, building_id=b.id, title=f"{project.name} {tpl.title.zh}"
        )
        day = today - timedelta(days=rng.randint(2, 40))
        if stage == Stage.WARRANTY:  # its one acceptance date (demo_lifecycle), handover after
            day = accepted_on(today) + timedelta(days=30 if template_id == "handover" else 0)
        insp.started_at = f"{day.isoformat()}T09:00:00+08:00"
        store.save(insp)
        signing = []  # the parties sign once the record is filled in
        for path, value in filler(rng, day, project, b):
            if path == "__draw__":
                draw_sample(store, insp.id, seed=value)
            elif isinstance(value, Sign):
                signing.append((path, value))
            else:
                set_answer(store, insp.id, path, value)
        for path, how in signing:
            _sign(store, insp.id, path, how)
        if submit:
            insp = store.get(Inspection, insp.id)
            insp.status = InspectionStatus.SUBMITTED
            insp.submitted_at = f"{day.isoformat()}T17:00:00+08:00"
            insp.events = [{"action": "submitted", "at": insp.submitted_at, "by": store.actor,
                            "reason": ""}]  # fmt: skip
            store.save(insp)
    after = _counts(store)
    return Counter({k: after[k] - before[k] for k in after if after[k] != before[k]})


def _counts(store: Store) -> Counter:
    tables = ("inspections", "templates", "defects", "defect_events", "signatures")
    return Counter({t: store.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables})


def _pf(rng: random.Random, fail_rate: float) -> str:
    return "fail" if rng.random() < fail_rate else "pass"


def _gas(rng, day, project, b):
    yield from [("area", {"building": b.name}), ("surveyed_on", day.isoformat())]
    yield from [("gas_type", "ng"), ("pressure", rng.choice(["low", "medium"]))]
    yield from [("operator", "北京市燃气集团有限责任公司"), ("has_regulator", "yes")]
    yield ("has_valve_pit", "yes")
    for item in ("mains_occupied_lp", "mains_occupied_mp", "mains_distance", "mains_crossing"):
        yield (item, _pf(rng, 0.1))
    yield from [("mains_corrosion", rng.choice(["none", "light", "heavy"])), ("mains_leak_ppm", 0)]
    yield ("mains_markers", _pf(rng, 0.4))
    yield ("riser_corrosion", rng.choice(["light", "heavy"]))
    for item in ("riser_supports", "riser_sleeve", "riser_impact"):
        yield (item, _pf(rng, 0.3))
    yield from [("regulator_overpressure", _pf(rng, 0.3)), ("regulator_box", "pass")]
    yield from [("regulator_outlet_kpa", 2.1), ("regulator_leak_ppm", 0)]
    yield from [("pit_water", _pf(rng, 0.5)), ("pit_cover", "pass"), ("valve_operable", "pass")]
    yield ("pit_leak_ppm", 0)
    for i in range(6):
        unit, floor = 1 + i // 3, 1 + i % 3
        yield (f"households[{i}].door", f"{unit}单元{floor}0{rng.randint(1, 2)}")
        if rng.random() < 0.2:
            yield (f"households[{i}].access", "no")
            continue
        hose = rng.choice(["bellows", "rubber", "rubber", "banned"])
        answers = {
            "access": "yes",
            "pipe_in_bedroom": _pf(rng, 0.1),
            "riser_in_bathroom": _pf(rng, 0.05),
            "hose_type": hose,
            "cooker_flame_failure": _pf(rng, 0.2),
            "cooker_years": rng.randint(1, 12),
            "heater_years": rng.randint(1, 11),
            "meter_years": rng.randint(2, 14),
            "leak_ppm": 0,
            "detector": _pf(rng, 0.5),
            "written_notice": rng.choice(["yes", "no"]),
        }
        if hose != "banned":
            answers["hose_months"] = rng.randint(6, 40)
        yield from ((entry_path("households", i, k), v) for k, v in answers.items())
    yield from [("remarks", "立管锈蚀普遍，建议随改造整体更换。"), ("inspector_signature", SIG)]


def _drainage(rng, day, project, b):
    yield from [("area", {"area": project.address}), ("surveyed_on", day.isoformat())]
    yield from [("method", "cctv"), ("operator", "北京排水管网检测有限公司")]
    codes = ["PL", "CK", "SL", "TJ", "CJ", "JG", "SG", "ZW"]
    for i in range(5):
        defects = []
        pos = 0.0
        for _ in range(rng.randint(0, 4)):
            pos = round(pos + rng.uniform(0.6, 12), 1)
            code = rng.choice(codes)
            defects.append({"code": code, "grade": str(rng.randint(1, 3)), "position_m": pos})
        answers = {
            "segment_id": f"W{i + 1}-W{i + 2}",
            "use": rng.choice(["sewage", "storm", "combined"]),
            "diameter_mm": rng.choice([300, 400, 600, 800]),
            "material": rng.choice(["concrete", "clay", "pvc"]),
            "length_m": round(rng.uniform(25, 50), 1),
            "area_k": rng.choice(["3", "0", "6"]),
            "soil_t": rng.choice(["0", "0", "8"]),
            "defects": defects,
            "misconnection": _pf(rng, 0.2),
            "manhole_cover": _pf(rng, 0.2),
        }
        yield from ((entry_path("segments", i, k), v) for k, v in answers.items())
    yield ("inspector_signature", SIG)


def _facilities(rng, day, project, b):
    households = project.households or 240
    yield from [("surveyed_on", day.isoformat()), ("households", households)]
    yield from [("residents", int(households * 2.6)), ("over_60", int(households * 0.7))]
    yield from [("under_3", rng.randint(5, 20)), ("buildings_without_lift", rng.randint(3, 9))]
    for item, options in [
        ("elderly_station", ["yes", "nearby", "no"]),
        ("home_care", ["yes", "no"]),
        ("nursery", ["nearby", "no"]),
        ("playground", ["yes", "no"]),
        ("canteen", ["yes", "nearby", "no"]),
        ("ebike_charging", ["yes", "short", "no"]),
        ("ev_charging", ["yes", "no"]),
        ("fitness", ["good", "worn", "no"]),
        ("activity_room", ["yes", "no"]),
    ]:
        yield (item, rng.choice(options))
    yield from [("parking_spaces", rng.randint(40, 120)), ("cars", rng.randint(100, 220))]
    for item in ("ramps", "handrails", "paths", "rest_seats"):
        yield (item, _pf(rng, 0.5))
    yield from [("lift_demand", "strong"), ("home_adaptation_households", rng.randint(10, 40))]
    yield ("priorities", rng.sample(["elderly", "parking", "charging", "lifts", "meals"], 3))
    yield ("surveyor_signature", SIG)


def _patrol(rng, day, project, b):
    yield from [("patrolled_on", day.isoformat()), ("weather", rng.choice(["fine", "cloudy"]))]
    yield from [
        ("work_areas", f"{b.name}外墙保温、雨污分流管道开挖"),
        ("contractor", "北京城建集团"),
    ]
    yield from [("has_scaffold", "yes"), ("has_trench", "yes")]
    for item in (
        "enclosure", "passage_shelter", "fire_lane", "dust_noise", "night_lighting", "rcd",
        "three_level", "cables", "earthing", "wall_ties", "mesh", "boards", "scaffold_accepted",
        "utilities_located", "gas_line_protected", "trench_support", "trench_edge",
        "roof_membrane", "pipe_pressure_test", "materials_checked",
    ):  # fmt: skip
        yield (item, _pf(rng, 0.12))
    yield from [("trench_depth_m", round(rng.uniform(1.2, 2.5), 1))]
    yield ("insulation_bond", rng.choice(["ok", "minor", "hollow"]))
    yield from [("remarks", "已现场要求施工单位立即整改。"), ("inspector_signature", SIG)]
    yield ("contractor_signature", Sign(user="zhaolei"))


def _spot(rng, day, project, b):
    lot = rng.choice([40, 120, 200])
    yield from [("lot_name", f"{b.name}外墙外保温 第{rng.randint(1, 4)}检验批")]
    yield from [("sub_item", "insulation"), ("lot_size", lot), ("__draw__", rng.randint(1, 10**9))]
    n = {40: 5, 120: 8, 200: 13}[lot]  # table 3.0.9; the draw made the entries
    for i in range(n):
        for item in ("main_materials", "main_workmanship", "main_function"):
            yield (entry_path("samples", i, item), _pf(rng, 0.03))
        for item in ("general_flatness", "general_joints", "general_appearance"):
            yield (entry_path("samples", i, item), _pf(rng, 0.15))
        yield (f"samples[{i}].deviation_mm", rng.randint(1, 6))
    yield ("supervisor_signature", Sign(user="wangqiang"))


def _safety(rng, day, project, b):
    yield from [("checked_on", day.isoformat()), ("contractor", "北京城建集团有限责任公司")]
    yield from [("has_scaffold", "yes"), ("has_excavation", "yes")]
    # every item is answered (a blank one would leave its sub-table unscored); a few lose marks
    deducted = {
        "sm": ["briefing", "checks", "training", "signs", "certificates"],
        "cs": ["hoarding", "site_surface", "materials", "fire", "community"],
        "sf": ["ties", "bracing", "decks", "netting"],
        "ex": ["support", "edge_load", "protection", "monitoring"],
        "tp": ["earthing", "boxes", "lighting", "records"],
        "wh": ["helmets", "edges", "openings", "ladders"],
    }
    for section in forms.load_file(forms_dir() / "safety-score.yaml").sections:
        for item in section.items:
            if item.type != "score":
                continue
            prefix, _, name = item.id.partition("_")
            off = name in deducted.get(prefix, ())
            yield (item.id, rng.choice([0, 0, 0, 2, 3, 5]) if off else 0)
    yield ("checker_signature", SIG)


def _acceptance(rng, day, project, b):
    yield from [("project_name", f"{project.name}综合整治工程"), ("accepted_on", day.isoformat())]
    yield ("scope", "外墙保温、屋面防水、雨污分流、燃气立管更换、无障碍坡道")
    for item in (
        "scope_complete", "records_complete", "material_reports", "parties_certified",
        "warranty_issued", "subdivisions_passed", "function_tests",
    ):  # fmt: skip
        yield (item, "pass")
    yield from [("appearance", "good"), ("residents_satisfied_pct", rng.randint(85, 97))]
    # GB 50300 Appendix H: the sub-divisions, the records (H.0.1-2), the function checks and
    # spot tests (H.0.1-3) and the appearance points (H.0.1-4) the record's rows come from.
    for i, name in enumerate(("建筑装饰装修", "屋面", "建筑给水排水", "建筑电气", "建筑节能")):
        yield from [
            (entry_path("subdivisions", i, "subdivision"), name),
            (entry_path("subdivisions", i, "subdivision_result"), "pass"),
        ]
    for item in acceptance.QUALITY_RECORDS:
        yield (item, "na" if item == "qr_accidents" else "conform")
    for item in acceptance.FUNCTION_CHECKS:
        yield (item, "na" if item == "fc_fire" else "conform")
    for item in acceptance.APPEARANCE_CHECKS:
        yield (item, "fair" if item in ("ap_roads", "ap_pipes") else "good")
    # Each party signs for itself: the accounts with their passwords, the others as guests.
    parties = [
        ("owner", "北京市东城区住房和城市建设委员会", "陈静", Sign(user="chenjing")),
        ("supervisor", "北京华建工程监理有限公司", "王强", Sign(user="wangqiang")),
        ("contractor", "北京城建集团有限责任公司", "赵磊", Sign(user="zhaolei")),
        ("designer", "北京市建筑设计研究院有限公司", "李明",
         Sign(guest="李明", role="设计单位", org="北京院")),
        ("residents", f"{b.name}居民代表", "王秀英", Sign(guest="王秀英", role="居民代表")),
        ("street", "和平里街道办事处", "刘芳", Sign(guest="刘芳", role="街道", org="和平里街道")),
    ]  # fmt: skip
    for i, (party, org, who, how) in enumerate(parties):
        opinion = "conditional" if party == "residents" else "agree"
        for k, v in (("party", party), ("org_name", org), ("representative", who)):
            yield (entry_path("parties", i, k), v)
        yield from [
            (entry_path("parties", i, "opinion"), opinion),
            (entry_path("parties", i, "signature"), how),
        ]
    due = (day + timedelta(days=15)).isoformat()
    yield (
        "outstanding_defects",
        [{"description": "单元门禁未调试", "responsible": "北京城建", "due": due}],
    )
    yield ("conclusion", "conditional")


def _handover(rng, day, project, b):
    yield from [("accepted_on", (day - timedelta(days=30)).isoformat())]  # the one date
    yield from [("handed_over_on", day.isoformat()), ("receiver_kind", "property")]
    yield from [
        ("receiver_org", "北京首开物业服务有限公司"),
        ("giver_org", "北京城建集团有限责任公司"),
    ]
    facilities = [
        ("屋面SBS防水层", "roof_waterproof", 1850, "m²"),
        ("楼内供暖立管", "heating_cooling", 36, "根"),
        ("雨污分流管道", "water_drainage", 420, "m"),
        ("单元门禁系统", "electrical", 18, "套"),
        ("无障碍坡道", "fitout", 6, "处"),
    ]
    for i, (name, cls, qty, unit) in enumerate(facilities):
        for k, v in (
            ("facility", name),
            ("warranty_class", cls),
            ("quantity", qty),
            ("unit", unit),
        ):
            yield (entry_path("facilities", i, k), v)
        yield (f"facilities[{i}].condition", "pass")
    yield from [("documents_handed", ["as_built", "manuals", "warranty", "tests"]), ("copies", 2)]
    yield ("giver_signature", Sign(user="zhaolei"))
    yield ("receiver_signature", Sign(guest="马建国", role="物业服务企业", org="首开物业"))
    yield ("witness_signature", Sign(guest="刘芳", role="街道", org="和平里街道"))
