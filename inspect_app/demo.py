"""A realistic demo profile: communities, companies, people, inspections, defects and photos.

`small` is for trying the app and for tests; `large` (100,000 defects) is for benchmarks.
"""

import io
import random
from datetime import date, datetime, timedelta
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from . import demo_checklists, demo_lifecycle, forms
from .core import defect_status
from .core.defect_status import local_today, project_zone
from .core.model import (
    Building,
    Defect,
    DefectEvent,
    DefectStatus,
    Inspection,
    InspectionKind,
    InspectionStatus,
    Notice,
    Organization,
    OrgKind,
    Photo,
    PhotoLink,
    Project,
    ProjectMember,
    Record,
    Role,
    Severity,
    Signature,
    Stage,
    TemplateSnapshot,
    User,
)
from .core.templates import FAIL, NA, PASS, Template
from .demo_plan import draw_plan
from .paths import cjk_font
from .store import Store
from .store.identity import cache_password
from .store.outbox import seed_outbox

ORGS = [
    ("北京市东城区住房和城市建设委员会", "东城区住建委", OrgKind.OWNER),
    ("北京华建工程监理有限公司", "华建监理", OrgKind.SUPERVISOR),
    ("北京城建集团有限责任公司", "北京城建", OrgKind.CONTRACTOR),
    ("中建一局集团建设发展有限公司", "中建一局", OrgKind.CONTRACTOR),
    ("北京住总集团有限责任公司", "北京住总", OrgKind.CONTRACTOR),
    ("北京市建筑设计研究院有限公司", "北京院", OrgKind.DESIGNER),
    ("北京首开物业服务有限公司", "首开物业", OrgKind.PROPERTY),
    ("北京市燃气集团有限责任公司", "燃气集团", OrgKind.UTILITY),
    ("北京市自来水集团有限责任公司", "自来水集团", OrgKind.UTILITY),
    ("国网北京市电力公司", "北京电力", OrgKind.UTILITY),
    ("北京市热力集团有限责任公司", "热力集团", OrgKind.UTILITY),
    ("和平里街道办事处", "和平里街道", OrgKind.STREET),
]

USERS = [
    ("zhangwei", "张伟", Role.INSPECTOR, "华建监理"),
    ("lina", "李娜", Role.INSPECTOR, "华建监理"),
    ("wangqiang", "王强", Role.SUPERVISOR, "华建监理"),
    ("chenjing", "陈静", Role.SUPERVISOR, "东城区住建委"),
    ("zhaolei", "赵磊", Role.CONTRACTOR, "北京城建"),
    ("sunli", "孙丽", Role.CONTRACTOR, "中建一局"),
    ("zhoujie", "周杰", Role.CONTRACTOR, "北京住总"),
    ("liuyang", "刘洋", Role.ADMIN, "东城区住建委"),
]

COMMUNITIES = [
    ("和平里东街小区", "北京市东城区和平里东街11号院", "和平里街道", 1982, Stage.CONSTRUCTION),
    ("青年湖西里小区", "北京市东城区青年湖西里3号院", "和平里街道", 1978, Stage.SURVEY),
    ("安德里北街小区", "北京市东城区安德里北街21号院", "安定门街道", 1985, Stage.ACCEPTANCE),
    ("地坛园小区", "北京市东城区地坛园5号院", "和平里街道", 1990, Stage.WARRANTY),
    ("交道口东大街小区", "北京市东城区交道口东大街38号院", "交道口街道", 1980, Stage.VOTING),
    ("北新桥三条小区", "北京市东城区北新桥三条7号院", "北新桥街道", 1976, Stage.PLANNED),
]

# (category, severity, title, description)
HAZARDS = [
    ("燃气", Severity.MAJOR, "燃气立管锈蚀", "立管距地面1.2米处锈蚀严重，表面起皮，存在泄漏风险。"),
    ("燃气", Severity.MAJOR, "燃气管道被违章建筑占压", "中压燃气管道上方搭建彩钢板房，占压约6米。"),
    ("燃气", Severity.MAJOR, "燃气管道设置在卧室内", "住户自行改造，燃气管道穿越卧室。"),
    ("燃气", Severity.SERIOUS, "橡胶软管老化龟裂", "灶具连接橡胶软管已使用三年以上，表面龟裂。"),
    ("燃气", Severity.SERIOUS, "灶具无熄火保护装置", "住户使用的双眼灶无熄火保护装置。"),
    ("燃气", Severity.MINOR, "燃气表超期使用", "膜式燃气表使用已超过10年。"),
    ("燃气", Severity.SERIOUS, "调压箱无超压切断保护", "楼前调压箱出口未设置超压切断装置。"),
    ("排水", Severity.MAJOR, "排水管道破裂", "W3—W4井段管道顶部破裂，可见土体，CCTV判定PL 3级。"),
    ("排水", Severity.SERIOUS, "排水管道沉积堵塞", "污水管沉积物约占管径40%，CJ 3级。"),
    ("排水", Severity.SERIOUS, "雨污混接", "5号楼阳台废水接入雨水管。"),
    ("排水", Severity.MINOR, "检查井盖破损", "人行道上检查井盖缺角，存在绊倒风险。"),
    ("排水", Severity.SERIOUS, "化粪池满溢", "化粪池清掏不及时，污水外溢至道路。"),
    ("电气", Severity.MAJOR, "临时用电未设漏电保护", "施工临时配电箱未安装漏电保护器。"),
    ("电气", Severity.SERIOUS, "电缆私拉乱接", "楼道内电动车充电线私拉乱接。"),
    ("脚手架", Severity.MAJOR, "脚手架连墙件缺失", "外墙脚手架第三步至第五步连墙件缺失。"),
    ("脚手架", Severity.SERIOUS, "外架未满挂密目网", "4号楼北侧外架密目安全网未满挂。"),
    ("消防", Severity.SERIOUS, "消防通道被占用", "施工材料堆放占用消防通道。"),
    ("消防", Severity.MINOR, "灭火器过期", "2单元楼道灭火器压力不足且已过期。"),
    ("结构", Severity.SERIOUS, "外墙保温层空鼓", "敲击检查西山墙保温层空鼓面积约3平方米。"),
    ("防水", Severity.SERIOUS, "屋面防水卷材起鼓", "屋面SBS卷材多处起鼓，搭接不足。"),
    ("文明施工", Severity.MINOR, "施工区域未设围挡", "管线开挖区域未设置连续围挡和警示标志。"),
    ("文明施工", Severity.SERIOUS, "居民通道未设防护棚", "单元出入口上方施工，未搭设安全防护棚。"),
    (
        "沟槽",
        Severity.MAJOR,
        "沟槽开挖临近燃气管线未探明",
        "排水沟槽开挖距燃气管道不足1米，未人工探挖。",
    ),
]

# Hazards found on the existing facilities (not made by the works), and who answers for them:
# the gas operator for gas, the street for the residents' and the community's own (GB/T 50319
# notices go to them, not to the building contractor; core.notice_rules).
PRE_EXISTING = {
    "燃气立管锈蚀": "燃气集团",
    "燃气管道被违章建筑占压": "燃气集团",
    "燃气管道设置在卧室内": "燃气集团",
    "橡胶软管老化龟裂": "燃气集团",
    "灶具无熄火保护装置": "燃气集团",
    "燃气表超期使用": "燃气集团",
    "调压箱无超压切断保护": "燃气集团",
    "雨污混接": "和平里街道",
    "化粪池满溢": "和平里街道",
    "电缆私拉乱接": "和平里街道",
    "灭火器过期": "和平里街道",
}
# The people who answer notices for them (fixed phones: the random stream stays as it was).
OPERATOR_USERS = [
    ("liqiang", "李强", Role.CONTRACTOR, "燃气集团", "13900000101"),
    ("zhoumin", "周敏", Role.CONTRACTOR, "和平里街道", "13900000102"),
]

STATUS_MIX = [
    (DefectStatus.OPEN, 0.25),
    (DefectStatus.ASSIGNED, 0.3),
    (DefectStatus.RECTIFIED, 0.15),
    (DefectStatus.VERIFIED, 0.1),
    (DefectStatus.CLOSED, 0.2),
]
DEADLINE_DAYS = {Severity.MAJOR: 3, Severity.SERIOUS: 7, Severity.MINOR: 15}


def create(store: Store, size: str = "small", seed: int = 2026, today: date | None = None) -> dict:
    """Fill an empty profile with demo data; return counts per record type."""
    rng = random.Random(seed)
    today = today or local_today()  # the site's date, as deadlines are read
    records: list[Record] = []
    add = records.append

    orgs = {
        short: Organization(name=n, short_name=short, kind=k, contact="联系人", phone=_phone(rng))
        for n, short, k in ORGS
    }
    records.extend(orgs.values())
    users = {
        login: User(name=login, display_name=dn, role=r, org_id=orgs[o].id, phone=_phone(rng))
        for login, dn, r, o in USERS
    }
    users.update(
        {
            login: User(name=login, display_name=dn, role=r, org_id=orgs[o].id, phone=phone)
            for login, dn, r, o, phone in OPERATOR_USERS
        }
    )
    records.extend(users.values())
    contractors = [o for o in orgs.values() if o.kind == OrgKind.CONTRACTOR]
    inspectors = [u for u in users.values() if u.role == Role.INSPECTOR]
    supervisor = users["wangqiang"]

    n_projects = 6 if size == "small" else 20
    defects_total = 160 if size == "small" else 100_000
    projects = []
    for i in range(n_projects):
        name, addr, district, year, stage = COMMUNITIES[i % len(COMMUNITIES)]
        if i >= len(COMMUNITIES):
            name = name.replace("小区", f"{i // len(COMMUNITIES) + 1}期小区")
        n_bld = rng.randint(4, 9)
        p = Project(
            name=name,
            address=addr,
            district=district,
            year_built=year,
            stage=stage,
            households=n_bld * rng.choice((36, 48, 60)),
            floor_area_m2=round(n_bld * rng.uniform(2800, 4200), 1),
            settings={"deadline_days": {k.value: v for k, v in DEADLINE_DAYS.items()}},
        )
        if store.blobs is not None:  # a drawn 总平面图 for the site-plan view
            p.site_plan_sha256 = store.blobs.put_bytes(draw_plan(name, n_bld, seed=i))
        add(p)
        blds = [
            Building(
                project_id=p.id,
                name=f"{b + 1}号楼",
                floors=rng.choice((5, 6, 6, 7)),
                units=rng.choice((2, 3, 4)),
                year_built=year,
                structure="砖混",
                households=rng.choice((36, 48, 60)),
            )
            for b in range(n_bld)
        ]
        records.extend(blds)
        for org, role in (
            (orgs["华建监理"], Role.SUPERVISOR),
            (orgs["东城区住建委"], Role.SUPERVISOR),
        ):
            add(ProjectMember(project_id=p.id, org_id=org.id, role=role))
        for c in contractors:
            add(ProjectMember(project_id=p.id, org_id=c.id, role=Role.CONTRACTOR))
        projects.append((p, blds))

    templates = forms.load_all()
    gas = templates["gas-household"]
    snapshot = TemplateSnapshot(
        template_id=gas.id,
        version=gas.version,
        content_hash=gas.content_hash,
        content=Path(gas.source).read_text(encoding="utf-8"),
    )
    add(snapshot)

    inspections: list[tuple[Inspection, Project]] = []
    for p, blds in projects:
        for k in range(3):
            b = rng.choice(blds)
            status = (InspectionStatus.SIGNED, InspectionStatus.SUBMITTED, InspectionStatus.DRAFT)[
                k
            ]
            started = datetime.combine(
                today - timedelta(days=rng.randint(1, 60)), datetime.min.time()
            )
            started = started.replace(hour=rng.randint(8, 16)).astimezone()
            insp = Inspection(
                project_id=p.id,
                building_id=b.id,
                template_id=gas.id,
                template_version=gas.version,
                template_hash=gas.content_hash,
                kind=InspectionKind.SURVEY,
                status=status,
                title=f"{b.name}{rng.randint(1, 3)}单元 户内燃气排查",
                inspector_id=rng.choice(inspectors).id,
                started_at=started.isoformat(timespec="seconds"),
                submitted_at=""
                if status == InspectionStatus.DRAFT
                else (started + timedelta(hours=1)).isoformat(timespec="seconds"),
                answers=_answers(
                    gas, rng, complete=status != InspectionStatus.DRAFT, when=started.date()
                ),
            )
            add(insp)
            inspections.append((insp, p))

    photo_recs = _photos(store, rng, n=18 if size == "small" else 24)
    records.extend(photo_recs)

    issued: list[tuple[Defect, list[DefectEvent]]] = []  # assigned: on a notice
    for n in range(defects_total):
        p, blds = projects[n % len(projects)]
        cat, sev, title, desc = HAZARDS[rng.randrange(len(HAZARDS))]
        b = rng.choice(blds)
        status = _pick(rng, STATUS_MIX)
        reported = datetime.combine(
            today - timedelta(days=rng.randint(0, 120)), datetime.min.time()
        )
        # Working hours on site, in the site's zone; never later than now (today's hours may
        # still be ahead).
        reported = reported.replace(
            hour=rng.randint(8, 17), minute=rng.randint(0, 59), tzinfo=project_zone(p.settings)
        ).astimezone()  # kept with the laptop's offset, as the app writes times
        if p.stage == Stage.WARRANTY:  # found during its works, before the one acceptance date
            reported -= timedelta(days=demo_checklists.ACCEPTED_DAYS_AGO + 20)
        reported = min(reported, datetime.now().astimezone().replace(microsecond=0))
        reporter = rng.choice(inspectors)
        linked = [i for i, ip in inspections if ip is p] if cat == "燃气" else []
        d = Defect(
            project_id=p.id,
            title=f"{b.name}{title}",
            category=cat,
            severity=sev,
            status=status,
            description=desc,
            building_id=b.id,
            unit=f"{rng.randint(1, b.units)}单元",
            floor=f"{rng.randint(1, b.floors)}层",
            location_text=f"{p.name}{b.name}",
            plan_x=round(rng.uniform(0.05, 0.95), 4),
            plan_y=round(rng.uniform(0.05, 0.95), 4),
            inspection_id=linked[0].id if linked and rng.random() < 0.5 else "",
            reported_by=reporter.id,
            reported_at=reported.isoformat(timespec="seconds"),
        )
        events = [
            DefectEvent(
                defect_id=d.id,
                kind="created",
                at=d.reported_at,
                actor_id=reporter.id,
                to_status=DefectStatus.OPEN.value,
                note=desc,
            )
        ]
        d.pre_existing = title in PRE_EXISTING
        if status != DefectStatus.OPEN:
            contractor = contractors[n % len(contractors)]
            if d.pre_existing:
                contractor = orgs[PRE_EXISTING[title]]
            contact = next(u for u in users.values() if u.org_id == contractor.id)
            assigned_at = reported + timedelta(hours=rng.randint(2, 48))
            d.assignee_org_id, d.assignee_user_id = contractor.id, contact.id
            # Some deadlines already passed: overdue while still 整改中 (core.defect_status).
            d.due_date = (assigned_at.date() + timedelta(days=DEADLINE_DAYS[sev])).isoformat()
            events.append(
                DefectEvent(
                    defect_id=d.id,
                    kind="assigned",
                    at=_iso(assigned_at),
                    actor_id=supervisor.id,
                    from_status="open",
                    to_status="assigned",
                    note=f"请{contractor.short_name}限期整改",
                    data={"org_id": contractor.id, "due_date": d.due_date},
                )
            )
            if status in (DefectStatus.RECTIFIED, DefectStatus.VERIFIED, DefectStatus.CLOSED):
                at = assigned_at + timedelta(days=rng.randint(1, 10))
                events.append(
                    DefectEvent(
                        defect_id=d.id,
                        kind="rectified",
                        at=_iso(at),
                        actor_id=contact.id,
                        from_status="assigned",
                        to_status="rectified",
                        note="已按要求整改完毕，请复查。",
                    )
                )
            if status in (DefectStatus.VERIFIED, DefectStatus.CLOSED):
                at = assigned_at + timedelta(days=rng.randint(11, 14))
                events.append(
                    DefectEvent(
                        defect_id=d.id,
                        kind="verified",
                        at=_iso(at),
                        actor_id=supervisor.id,
                        from_status="rectified",
                        to_status="verified",
                        note="复查合格。",
                    )
                )
            if status == DefectStatus.CLOSED:
                at = assigned_at + timedelta(days=15)
                d.closed_at = _iso(at)
                events.append(
                    DefectEvent(
                        defect_id=d.id,
                        kind="closed",
                        at=_iso(at),
                        actor_id=supervisor.id,
                        from_status="verified",
                        to_status="closed",
                        note="销项。",
                    )
                )
        add(d)
        records.extend(events)
        if status != DefectStatus.OPEN:
            issued.append((d, events))
        if n < len(photo_recs) * 3:
            ph = photo_recs[n % len(photo_recs)]
            add(PhotoLink(photo_id=ph.id, target_type="defect", target_id=d.id, role="before"))
        if status in (DefectStatus.RECTIFIED, DefectStatus.VERIFIED, DefectStatus.CLOSED):
            # A reply comes with its after-photo (监理通知回复单).
            ph = photo_recs[(n + 7) % len(photo_recs)]
            add(PhotoLink(photo_id=ph.id, target_type="defect", target_id=d.id, role="after"))

    records.extend(_notices(issued, supervisor, users, projects))
    records.extend(_carried_over(records, supervisor, projects, today))
    records.extend(
        demo_lifecycle.records([p for p, _ in projects], orgs, users, rng, today, templates)
    )
    admin = users["liuyang"]
    store.save_many(records, actor=admin.id)
    for r in records:  # the images of the signatures the lifecycle records carry
        if isinstance(r, Signature) and r.image_sha256:
            store.require_blobs().put_bytes(demo_checklists.strokes_png(r.strokes))
    for u in users.values():  # as if each had signed in here once with the demo password
        cache_password(store, u.id, demo_checklists.DEMO_PASSWORD)
    store.set_actor(users["zhangwei"].id)
    # Inspections of every checklist, filled answer by answer as an inspector would; in one
    # transaction, so bulk work pays one disk sync, not one per answer (store/durable.py).
    with store.transaction():
        checklists = demo_checklists.fill_all(store, projects, rng, today, templates)
    store.set_meta("demo", "1")
    seed_outbox(store)
    counts: dict[str, int] = {}
    for r in records:
        counts[r.table] = counts.get(r.table, 0) + 1
    for table, n in checklists.items():
        counts[table] = counts.get(table, 0) + n
    return counts


def _notices(issued, supervisor: User, users: dict[str, User], projects) -> list[Record]:
    """The 监理通知单 the demo's assignments went out on: one per community, addressee and day,
    numbered on the day it was issued, replied once every defect on it was; and a 工程暂停令
    for each of the works' own major hazards still open."""
    zones = {p.id: project_zone(p.settings) for p, _ in projects}
    groups: dict[tuple[str, str, str], list[tuple[Defect, list[DefectEvent]]]] = {}
    for d, events in issued:
        at = next(e.at for e in events if e.kind == "assigned")
        day = datetime.fromisoformat(at).astimezone(zones[d.project_id]).date().isoformat()
        groups.setdefault((day, d.project_id, d.assignee_org_id), []).append((d, events))
    out: list[Record] = []
    seq: dict[str, int] = {}
    for (day, project_id, org_id), members in sorted(groups.items()):
        for form, picked in (("notice", members), ("stop", [m for m in members if _stops(m[0])])):
            if not picked:
                continue
            prefix = f"{'ZG' if form == 'notice' else 'TG'}-{day.replace('-', '')}-"
            seq[prefix] = seq.get(prefix, 0) + 1
            ats = [e.at for _, evs in picked for e in evs if e.kind == "assigned"]
            replies = [next((e for e in evs if e.kind == "rectified"), None) for _, evs in picked]
            done = all(replies)
            n = Notice(
                project_id=project_id,
                number=f"{prefix}{seq[prefix]:03d}",
                addressee_org_id=org_id,
                defect_ids=[d.id for d, _ in picked],
                due_date=min(d.due_date for d, _ in picked),
                issued_by=supervisor.id,
                issued_at=max(ats),
                form=form,
                subject="施工重大隐患未消除" if form == "stop" else "质量安全隐患整改",
                signer_title="总监理工程师" if form == "stop" else "专业监理工程师",
                stop_scope="隐患所在部位及其影响范围" if form == "stop" else "",
                status="replied" if done else "issued",
            )
            if done:
                last = max((e for e in replies if e), key=lambda e: e.at)
                n.reply_text, n.replied_by, n.replied_at = (
                    "已按通知整改，附整改后照片。",
                    last.actor_id,
                    last.at,
                )
            out.append(n)
    return out


def _carried_over(records, supervisor: User, projects, today: date) -> list[Record]:
    """Acceptance is refused while a 重大 hazard is open unless it is carried over into the
    warranty period with a reason: the community under warranty carried its open ones over the
    day before its acceptance."""
    warranty = {p.id for p, _ in projects if p.stage == Stage.WARRANTY}
    zone = project_zone(next((p.settings for p, _ in projects if p.id in warranty), None))
    day = demo_checklists.accepted_on(today) - timedelta(days=1)
    at = datetime.combine(day, datetime.min.time()).replace(hour=16, tzinfo=zone).astimezone()
    return [
        DefectEvent(
            defect_id=d.id,
            kind="carried_over",
            at=_iso(at),
            actor_id=supervisor.id,
            from_status=d.status.value,
            to_status=d.status.value,
            note="转入保修期整改：责任单位书面承诺限期完成，验收前已采取管控措施。",
        )
        for d in records
        if isinstance(d, Defect)
        and d.project_id in warranty
        and d.severity == Severity.MAJOR
        and defect_status.is_open(d.status)
    ]


def _stops(d: Defect) -> bool:
    return d.severity == Severity.MAJOR and not d.pre_existing and d.status == DefectStatus.ASSIGNED


def _answers(tpl: Template, rng: random.Random, complete: bool, when: date) -> dict:
    answers: dict = {}
    for item in tpl.items():
        if not complete and rng.random() < 0.5:
            continue
        if item.type == "pass_fail":
            answers[item.id] = PASS if item.id == "in_use" else rng.choice((PASS,) * 6 + (FAIL, NA))
        elif item.type == "choice":
            answers[item.id] = rng.choice(item.options).value
        elif item.type == "number":
            hi = (item.max or 10) * 1.3
            answers[item.id] = (
                0 if item.unit == "ppm" and rng.random() < 0.9 else round(rng.uniform(0, hi))
            )
        elif item.type == "text":
            answers[item.id] = (
                "" if item.id != "resident" else rng.choice(("王秀英", "李建国", "张桂兰"))
            )
        elif item.type == "date":
            answers[item.id] = when.isoformat()
        elif item.type == "location":
            answers[item.id] = {
                "building": f"{rng.randint(1, 6)}号楼",
                "unit": f"{rng.randint(1, 3)}单元",
                "room": f"{rng.randint(1, 6)}0{rng.randint(1, 4)}",
            }
    return answers


def _photos(store: Store, rng: random.Random, n: int) -> list[Photo]:
    """Generated site photos: stand-ins until real ones are imported."""
    font = ImageFont.truetype(str(cjk_font()), 46)
    small = ImageFont.truetype(str(cjk_font()), 26)
    out = []
    for i in range(n):
        cat, _sev, title, _ = HAZARDS[i % len(HAZARDS)]
        img = Image.new("RGB", (1200, 900))
        draw = ImageDraw.Draw(img)
        top = (rng.randint(90, 140), rng.randint(110, 150), rng.randint(130, 170))
        for y in range(900):  # sky-to-ground gradient, like an outdoor shot
            k = y / 900
            draw.line([(0, y), (1200, y)], fill=tuple(int(c * (1 - k) + 70 * k) for c in top))
        for _ in range(6):
            x, y = rng.randint(0, 1000), rng.randint(300, 800)
            draw.rectangle(
                [x, y, x + rng.randint(80, 300), y + rng.randint(40, 200)],
                fill=(rng.randint(60, 160),) * 3,
            )
        draw.rectangle([0, 780, 1200, 900], fill=(20, 20, 20))
        draw.text((30, 800), f"{cat} · {title}", font=font, fill=(255, 255, 255))
        draw.text((30, 20), f"示例照片 {i + 1:02d}", font=small, fill=(255, 255, 255))
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=82)
        data = buf.getvalue()
        sha = store.blobs.put_bytes(data) if store.blobs else ""
        taken = (datetime.now() - timedelta(days=rng.randint(1, 90))).astimezone()
        out.append(
            Photo(
                sha256=sha,
                original_name=f"IMG_{2000 + i}.jpg",
                bytes=len(data),
                width=1200,
                height=900,
                taken_at=_iso(taken),
                caption=title,
                gps_lat=round(39.95 + rng.uniform(0, 0.02), 6),
                gps_lon=round(116.40 + rng.uniform(0, 0.03), 6),
            )
        )
    return out


def _pick(rng: random.Random, mix):
    x, acc = rng.random(), 0.0
    for value, weight in mix:
        acc += weight
        if x < acc:
            return value
    return mix[-1][0]


def _phone(rng: random.Random) -> str:
    return f"1{rng.choice((36, 38, 39, 58, 86))}{rng.randint(10_000_000, 99_999_999)}"


def _iso(dt: datetime) -> str:
    # Nothing in the history happens after today: the central store refuses events dated ahead.
    if dt.tzinfo is not None:
        dt = min(dt, datetime.now().astimezone())
    return dt.isoformat(timespec="seconds")
