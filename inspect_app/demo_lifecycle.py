"""Demo lifecycle records: ballots for the community at the plan vote, acceptance, handover and
warranty records for the community under warranty, a complaint and an audit finding."""

import hashlib
import random
from datetime import date, datetime, time, timedelta

from . import standards
from .core.model import (
    Ballot,
    Complaint,
    Finding,
    HandoverItem,
    Organization,
    Project,
    Record,
    Signature,
    Stage,
    User,
    Vote,
    VotePurpose,
    WarrantyClaim,
    WarrantyItem,
)
from .core.signing import content_hash, signable
from .core.standards.warranty import is_expired
from .demo_checklists import accepted_on, demo_strokes, strokes_png

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ("秀英", "建国", "桂兰", "志强", "淑珍", "海燕", "国庆", "丽华", "建华", "玉兰", "明", "静")


def records(projects: list[Project], orgs: dict[str, Organization], users: dict[str, User],
            rng: random.Random, today: date, templates: dict) -> list[Record]:  # fmt: skip
    out: list[Record] = []
    by_stage = {p.stage: p for p in projects}
    if (p := by_stage.get(Stage.VOTING)) is not None:
        out += _votes(p, rng, today)
    if (p := by_stage.get(Stage.WARRANTY)) is not None:
        out += _warranty(p, orgs, users, rng, today, templates)
    if (p := by_stage.get(Stage.CONSTRUCTION)) is not None:
        out.append(
            Complaint(
                project_id=p.id,
                resident="王秀英",
                phone="13800000000",
                what="夜间22点后仍有切割噪音",
                location_text="3号楼北侧",
                received_on=(today - timedelta(days=2)).isoformat(),
            )
        )
        out.append(
            Finding(
                project_id=p.id,
                source="区审计局",
                source_ref="东审〔2026〕18号",
                title="设计变更签证资料不全",
                found_on=(today - timedelta(days=20)).isoformat(),
                deadline=(today - timedelta(days=5)).isoformat(),
                assignee_org_id=orgs["北京城建"].id,
            )
        )
        out.append(Finding(project_id=p.id, source="市住建委督查", title="雨污分流改造进度滞后",
                           found_on=(today - timedelta(days=6)).isoformat(),
                           deadline=(today + timedelta(days=24)).isoformat()))  # fmt: skip
    return out


def _owners(rng: random.Random, n: int) -> list[tuple[str, str, str]]:
    """(unit, owner, area) for n flats in buildings of 3 units x 6 floors x 2 doors; owners'
    names distinct, since owners are counted by head."""
    names = rng.sample([s + g for s in SURNAMES for g in GIVEN], n)
    flats = []
    for i, owner in enumerate(names):
        b, rest = divmod(i, 36)
        u, rest = divmod(rest, 12)
        floor, door = divmod(rest, 2)
        area = f"{rng.choice((48, 56, 62, 75, 88, 96))}.{rng.randint(0, 99):02d}"
        flats.append((f"{b + 1}-{u + 1}-{floor + 1}0{door + 1}", owner, area))
    return flats


def _votes(p: Project, rng: random.Random, today: date) -> list[Record]:
    out: list[Record] = []
    flats = _owners(rng, 72)
    # Consent round (passed), the plan vote (passed), the property-model vote (still short).
    for purpose, matter, mix, days in (
        (VotePurpose.CONSENT, "ordinary", (0.78, 0.08, 0.04), 90),
        (VotePurpose.PLAN, "major", (0.8, 0.05, 0.03), 20),
        (VotePurpose.PROPERTY, "ordinary", (0.4, 0.15, 0.05), 3),
    ):
        opened = today - timedelta(days=days)
        v = Vote(project_id=p.id, purpose=purpose, matter=matter, opened_on=opened.isoformat(),
                 subject={"consent": "老旧小区改造居民意愿征询", "plan": "改造方案（含加装电梯、管线改造）表决",
                          "property": "改造后物业管理模式及收费标准确认"}[purpose.value])  # fmt: skip
        out.append(v)
        yes, no, abstain = mix
        for unit, owner, area in flats:
            x = rng.random()
            choice = "yes" if x < yes else "no" if x < yes + no else "abstain" if x < yes + no + abstain else "absent"  # fmt: skip
            out.append(Ballot(vote_id=v.id, project_id=p.id, unit=unit, owner=owner, area=area,
                              choice=choice, cast=rng.choice(("written", "online")),
                              recorded_at=_iso(opened + timedelta(days=7))))  # fmt: skip
    return out


def _warranty(p, orgs, users, rng, today, templates) -> list[Record]:
    out: list[Record] = []
    # The acceptance record itself is the acceptance checklist the demo fills; the warranty
    # items here date from an earlier acceptance so that one claim falls after its period.
    accepted = accepted_on(today)
    handed = accepted + timedelta(days=30)
    for facility, name, qty, org in (
        ("gas", "庭院燃气管道及调压箱", "DN100 钢管 420 m，调压箱 2 台", "燃气集团"),
        ("water", "室外给水管网", "DN150 球墨铸铁管 380 m，水表井 12 座", "自来水集团"),
        ("power", "箱式变电站及低压电缆", "630 kVA 箱变 1 座，电缆 1.2 km", "北京电力"),
        ("heating", "庭院供热管网", "DN200 预制保温管 300 m", "热力集团"),
    ):
        item = HandoverItem(project_id=p.id, facility=facility, name=name, quantity=qty,
                            documents="竣工图、试验记录、设备清单", operator_org_id=orgs[org].id,
                            handed_over_on=handed.isoformat())  # fmt: skip
        out.append(item)
        # The receiver signed the facility as it was handed over: what store/signing.py covers.
        # The image is written to the blobs by demo.create (signature_images).
        signed = {"type": "handover_items", "record": signable(item.field_values())}
        strokes = demo_strokes(f"{org}接收人")
        out.append(Signature(target_type="handover_items", target_id=item.id, signer_name=f"{org}接收人",
                             signer_role="专业经营单位", org_id=orgs[org].id, guest=True, signed_at=_iso(handed, 16),
                             content_hash=content_hash(signed), signed_content=signed, strokes=strokes,
                             image_sha256=hashlib.sha256(strokes_png(strokes)).hexdigest()))  # fmt: skip
    items = {}
    for work_type, desc in (
        ("roof_waterproofing", "屋面SBS防水卷材"), ("external_wall_leaks", "外墙保温及防渗"),
        ("heating", "楼内供暖立管"), ("electrical", "楼道照明及公共电气线路"),
        ("water_drainage", "户外排水管道"), ("structure", "加装电梯井道基础"),
    ):  # fmt: skip
        ends = standards.warranty().ends_on(work_type, accepted, p.settings)
        assert ends is not None  # the demo's project sets a design life
        items[work_type] = WarrantyItem(project_id=p.id, work_type=work_type, description=desc,
                                        contractor_org_id=orgs["北京城建"].id,
                                        starts_on=accepted.isoformat(), ends_on=ends.isoformat())  # fmt: skip
    out += items.values()
    for work_type, days_ago, kind, text, resident in (
        ("roof_waterproofing", 40, "claim", "6号楼顶层卧室天花渗水", "刘玉兰"),
        ("electrical", 12, "claim", "2单元楼道声控灯不亮", "陈国庆"),
        ("external_wall_leaks", 200, "return_visit", "一年回访：外墙无渗漏，居民满意", ""),
    ):
        covered = items[work_type]
        reported = today - timedelta(days=days_ago)
        out.append(WarrantyClaim(project_id=p.id, warranty_item_id=covered.id, kind=kind,
                                 reported_on=reported.isoformat(), description=text, resident=resident,
                                 after_expiry=kind == "claim" and is_expired(reported, date.fromisoformat(covered.ends_on))))  # fmt: skip
    return out


def _iso(d: date, hour: int = 10) -> str:
    return datetime.combine(d, time(hour)).astimezone().isoformat(timespec="seconds")
