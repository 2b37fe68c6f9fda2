"""`inspect-app inspection`: list, start, show, answer, sign, submit and reopen checklists, as the
signed-in user, through the same store operations the app uses. The JSON keys are a contract."""

import json
import os
import sys
from pathlib import Path
from typing import Any

from .. import forms
from ..core.i18n import current, t
from ..core.model import NAMES, Building, Inspection, InspectionStatus, Organization, User
from ..core.templates import NA
from ..errors import InspectError, NotFound
from ..store import Store
from ..store.identity import signed_in
from ..store.inspection_lifecycle import reopen_inspection, submit_inspection
from ..store.inspections import evaluate_inspection, set_answer, start_inspection
from ..store.pinned import item_label, item_of, template_for
from ..store.signatures import sign, signature_status, signatures_for
from .defects_cmd import _project


def register(sub, data_option) -> None:
    p = sub.add_parser(
        "inspection", help=t("检查记录：填写、签字、提交", "checklists: fill, sign, submit")
    )
    cmds = p.add_subparsers(dest="inspection_command", metavar="ACTION", required=True)

    def cmd(name: str, zh: str, en: str, handler, inspection: bool = True, as_json: bool = True):
        c = cmds.add_parser(name, help=t(zh, en))
        data_option(c)
        if inspection:
            c.add_argument("--inspection", required=True, metavar="ID")
        if as_json:
            c.add_argument("--json", action="store_true", help=t("输出 JSON", "print JSON"))
        c.set_defaults(handler=handler)
        return c

    c = cmd("list", "列出检查记录", "list inspections", _list, inspection=False)
    c.add_argument(
        "--project", metavar="ID", help=t("小区（编号或名称）", "community (id or name)")
    )
    c = cmd("start", "开始一次检查", "start an inspection", _start, inspection=False)
    c.add_argument("--project", required=True, metavar="ID")
    c.add_argument("--template", required=True, metavar="TEMPLATE_ID")
    c.add_argument("--building", metavar="ID")
    cmd("show", "显示检查记录", "show an inspection", _show)
    c = cmd("answer", "填写检查项", "answer items", _answer)
    c.add_argument("answers", nargs="+", metavar="PATH=VALUE")
    c = cmd("sign", "签字", "sign an item or the record", _sign)
    c.add_argument("--item", default="", metavar="PATH", help=t("签字项", "the signature item"))
    c.add_argument("--signer", default="", metavar="NAME",
                   help=t("签字人（非当前用户时需其密码：INSPECT_SIGNER_PASSWORD 或标准输入）",
                          "signer (another user gives their password: INSPECT_SIGNER_PASSWORD or stdin)"))  # fmt: skip
    c.add_argument(
        "--guest", default="", metavar="NAME", help=t("无账号的签字人姓名", "a guest's name")
    )
    c.add_argument(
        "--role",
        default="",
        metavar="ROLE",
        help=t("访客身份：居民代表、街道…", "the guest's role"),
    )
    c.add_argument(
        "--org", default="", metavar="ORG", help=t("访客所属单位", "the guest's organization")
    )
    c.add_argument("--image", required=True, type=Path, metavar="FILE.png")
    cmd("submit", "提交（锁定）", "submit (lock)", _submit)
    c = cmd("reopen", "退回（重新打开）", "reopen", _reopen)
    c.add_argument("--reason", required=True, metavar="TEXT")


def _out(args, data: Any, text: str) -> int:
    try:
        if getattr(args, "json", False):
            json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
            print()
        else:
            print(text)
    except BrokenPipeError:  # `… | head`: the reader has had enough
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - Python flushes stdout at exit
    return 0


def _list(args) -> int:
    with Store.open(args.data) as store:
        where, params = "", []
        if args.project:
            where, params = "project_id = ?", [_project(store, args.project)]
        rows = store.find(Inspection, where, params, "started_at DESC, id")
        data = [
            {"id": i.id, "project_id": i.project_id, "template_id": i.template_id,
             "title": i.title, "status": i.status.value, "building_id": i.building_id,
             "started_at": i.started_at, "submitted_at": i.submitted_at}
            for i in rows
        ]  # fmt: skip
    lang = current()
    text = "\n".join(
        f"{d['id']}\t{NAMES[InspectionStatus(d['status'])][lang]}\t{d['template_id']}\t{d['title']}"
        for d in data
    )
    return _out(args, data, text or t("没有检查记录", "no inspections"))


def _start(args) -> int:
    templates = forms.load_all()
    if args.template not in templates:
        raise NotFound(
            t(
                f"没有检查表模板“{args.template}”；可用：{'、'.join(sorted(templates))}",
                f"no checklist template {args.template!r}; there are: {', '.join(sorted(templates))}",
            )
        )
    with Store.open(args.data) as store:
        signed_in(store)  # every change is someone's: refused until someone signs in
        project_id = _project(store, args.project)
        building = ""
        if args.building:
            b = store.find(Building, "project_id = ? AND (id = ? OR name = ?)",
                           [project_id, args.building, args.building])  # fmt: skip
            if not b:
                raise NotFound(
                    t(f"该小区没有楼栋：{args.building}", f"no building {args.building!r} there")
                )
            building = b[0].id
        insp = start_inspection(store, templates[args.template], project_id, building_id=building)
    return _out(args, {"id": insp.id}, insp.id)


def inspection_json(store: Store, insp: Inspection) -> dict:
    """What `show --json` prints (a contract: other checks read these keys)."""
    tpl = template_for(store, insp)
    ev = evaluate_inspection(store, insp)
    items = []
    for path, r in ev.items.items():
        if r.failed:
            verdict = "fail"
        elif r.value == NA:
            verdict = "na"
        elif r.answered and r.value not in (None, "", []) and _judged(r.item):
            verdict = "pass"
        else:
            verdict = None
        items.append({"path": path, "label": item_label(tpl, path), "type": r.item.type,
                      "required": r.item.required, "answer": r.value, "verdict": verdict})  # fmt: skip
    return {
        "id": insp.id,
        "status": insp.status.value,
        "template_id": insp.template_id,
        "title": insp.title,
        "project_id": insp.project_id,
        "events": insp.events,
        "items": items,
        "signatures": [
            signature_json(store, s) for s in signatures_for(store, "inspections", insp.id)
        ],
        "missing": [item_label(tpl, p) for p in ev.missing],
        "missing_photos": [item_label(tpl, p) for p in ev.missing_evidence],
    }


def signature_json(store: Store, sig) -> dict:
    status = signature_status(store, sig)
    signer = sig.signer_name
    if sig.user_id:
        users = store.find(User, "id = ?", [sig.user_id])
        signer = users[0].name if users else sig.user_id
    orgs = store.find(Organization, "id = ?", [sig.org_id]) if sig.org_id else []
    return {
        "id": sig.id,
        "item": sig.item,
        "signer": signer,
        "display_name": sig.signer_name,
        "role": sig.signer_role,
        "org": orgs[0].name if orgs else "",
        "guest": sig.guest,
        "signed_at": sig.signed_at,
        "valid": status.valid,
        "changed": status.changed_labels,
    }


def _judged(item) -> bool:
    return (
        item.type in ("pass_fail", "score")
        or (item.type == "choice" and any(o.fails for o in item.options))
        or (item.type == "number" and (item.min is not None or item.max is not None))
        or (item.type == "computed" and bool(item.fail_values))
    )


def _show(args) -> int:
    with Store.open(args.data) as store:
        data = inspection_json(store, store.get(Inspection, args.inspection))
    lang = current()
    lines = [f"{data['title']}  [{NAMES[InspectionStatus(data['status'])][lang]}]"]
    for it in data["items"]:
        mark = {"fail": "✗", "pass": "✓", "na": "—"}.get(it["verdict"] or "", " ")
        lines.append(f"{mark} {it['path']}\t{it['label']}\t{_plain(it['answer'])}")
    for s in data["signatures"]:
        state = (
            t("有效", "valid") if s["valid"] else t("已作废：", "VOID: ") + "、".join(s["changed"])
        )
        lines.append(
            f"✍ {s['item'] or '-'}\t{s['display_name']}（{s['role']}）\t{s['signed_at']}\t{state}"
        )
    return _out(args, data, "\n".join(lines))


def _plain(v: Any) -> str:
    if v in (None, "", []):
        return ""
    return v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)


def _answer(args) -> int:
    with Store.open(args.data) as store:
        signed_in(store)  # every change is someone's: refused until someone signs in
        insp = store.get(Inspection, args.inspection)
        tpl = template_for(store, insp)
        pairs = []
        for arg in args.answers:
            path, eq, raw = arg.partition("=")
            if not eq or not path.strip():
                raise InspectError(t(f"应写作 路径=值：{arg}", f"write PATH=VALUE: {arg!r}"))
            path = path.strip()
            pairs.append((path, parse_value(tpl, path, raw)))
        with store.transaction():  # all the answers or none
            for path, value in pairs:
                set_answer(store, insp.id, path, value)
        data = inspection_json(store, store.get(Inspection, insp.id))
    return _out(args, data, t(f"已保存 {len(pairs)} 项", f"saved {len(pairs)} answers"))


def parse_value(tpl, path: str, raw: str) -> Any:
    """A command-line value as the item takes it: numbers as numbers, lists and rows as JSON,
    several choices separated by commas; an empty value clears the answer."""
    section = next((s for s in tpl.sections if s.id == path and s.repeat), None)
    if section is None:
        item = item_of(tpl, path)
    raw = raw.strip()
    if raw == "":
        return None
    if section is not None or item.type == "table" or raw[:1] in "[{":
        try:
            return json.loads(raw)
        except json.JSONDecodeError:
            if section is not None or item.type == "table":
                raise InspectError(
                    t(f"{path}：应为 JSON 列表", f"{path}: takes a JSON list")
                ) from None
    if item.type in ("number", "score") and raw != NA:
        try:
            number = float(raw)
        except ValueError:
            raise InspectError(
                t(f"{path}（{item_label(tpl, path)}）应为数字：{raw}",
                  f"{path} ({item_label(tpl, path)}) takes a number: {raw!r}")
            ) from None  # fmt: skip
        return int(number) if number.is_integer() else number
    if item.type == "choice" and item.multiple:
        return [v.strip() for v in raw.split(",") if v.strip()]
    return raw


def _sign(args) -> int:
    try:
        png = args.image.read_bytes()
    except OSError as e:
        raise InspectError(t(f"无法读取签名图片 {args.image}：{e.strerror}",
                             f"cannot read the signature image {args.image}: {e.strerror}")) from None  # fmt: skip
    with Store.open(args.data) as store:
        password = None
        if args.signer.strip() and not args.guest:
            me = signed_in(store)
            from ..store.identity import user_named

            if user_named(store, args.signer).id != me.id:
                password = _signer_password()
        org_id = ""
        if args.org:
            from .defects_cmd import _org

            org_id = _org(store, args.org)
        sig = sign(store, "inspections", args.inspection, item=args.item, strokes=[],
                   png_bytes=png, signer=args.signer, password=password,
                   guest_name=args.guest, guest_role=args.role, guest_org_id=org_id)  # fmt: skip
        data = signature_json(store, sig)
    return _out(args, data, t(f"已签字：{sig.signer_name}（{sig.signer_role}）",
                              f"signed: {sig.signer_name} ({sig.signer_role})"))  # fmt: skip


def _signer_password() -> str:
    password = os.environ.get("INSPECT_SIGNER_PASSWORD")
    if password is None:
        if sys.stdin.isatty():
            import getpass

            password = getpass.getpass(t("签字人密码：", "Signer's password: "))
        else:
            password = sys.stdin.readline().rstrip("\n")
    if not password:
        raise InspectError(
            t("没有签字人的密码：请设置 INSPECT_SIGNER_PASSWORD 或从标准输入提供。",
              "no password for the signer: set INSPECT_SIGNER_PASSWORD or give it on stdin")
        )  # fmt: skip
    return password


def _submit(args) -> int:
    with Store.open(args.data) as store:
        insp = submit_inspection(store, args.inspection)
        data = inspection_json(store, insp)
    return _out(args, data, t(f"已提交：{insp.title}", f"submitted: {insp.title}"))


def _reopen(args) -> int:
    with Store.open(args.data) as store:
        insp = reopen_inspection(store, args.inspection, args.reason)
        data = inspection_json(store, insp)
    return _out(args, data, t(f"已退回：{insp.title}", f"reopened: {insp.title}"))
