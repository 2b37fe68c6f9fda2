"""Inspections in the store: starting one on a pinned template, answering, auto-defects.

The desktop form renderer works through these functions and `core.engine.evaluate`:

- `start_inspection` pins the template's id, version and content hash and keeps its exact text
  as a `TemplateSnapshot` (one per content hash);
- `template_for` gives back that pinned template, so a newer version in forms/ never changes
  an inspection under way;
- `set_answer` saves one answer, re-evaluates and keeps the item's auto-defect in step, all in
  one transaction, and says what changed so a view refreshes only that.
"""

import copy
import json
import secrets
from dataclasses import dataclass, field
from typing import Any

from ..core import item_path, permissions
from ..core.engine import Evaluation, ItemResult, evaluate
from ..core.i18n import label, t
from ..core.ids import uuid7
from ..core.model import (
    Defect,
    DefectEvent,
    Inspection,
    InspectionKind,
    PhotoLink,
    Project,
    TemplateSnapshot,
)
from ..core.templates import FAIL, NA, PASS, Item, Template, is_empty
from ..core.text import NESTED, TextRefused, clean
from ..errors import InspectError
from . import defects
from .identity import signed_in
from .pinned import _unknown, item_label, template_for
from .signatures import item_signatures
from .store import Store, now_iso

# A repeating entry's identity, stored in the entry: when an entry is removed or the list
# reordered, the auto-defects and photos of the others follow them to their new paths.
KEY = "_key"


@dataclass
class AnswerResult:
    """What one answer changed.

    - `inspection`: the inspection as saved (answers included);
    - `evaluation`: the new evaluation (progress, failed, missing, computed values); read-only;
    - `changed`: paths whose value, visibility or failed state changed, the answered path first
      (computed values that moved, items shown or hidden by show-if);
    - `shown` / `hidden`: paths that became visible / hidden;
    - `defects_created`: ids of auto-defects raised by this answer;
    - `defects_updated`: ids of existing auto-defects whose description changed, or whose item
      failed again after passing;
    - `defects_passing`: ids of auto-defects whose item now passes (or is no longer shown): the
      defect stays open for the workflow, with an `item_passes` event recording it.
    """

    inspection: Inspection
    evaluation: Evaluation
    changed: list[str] = field(default_factory=list)
    shown: list[str] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)
    defects_created: list[str] = field(default_factory=list)
    defects_updated: list[str] = field(default_factory=list)
    defects_passing: list[str] = field(default_factory=list)


def start_inspection(
    store: Store,
    template: Template,
    project_id: str,
    building_id: str = "",
    inspector_id: str = "",
    title: str = "",
) -> Inspection:
    """Start a draft inspection of `project_id` on `template` and save it.

    The inspection pins `template.id`, `template.version` and `template.content_hash`; the
    template's text is saved as a TemplateSnapshot unless one with that hash already exists.
    `template` must come from a parsed file (forms.load_file / load_all, or template_for).
    Raises NotFound for an unknown project.
    """
    if not template.text or not template.content_hash:
        raise InspectError(
            t("模板缺少原文，无法固定版本", "the template has no source text to pin")
        )
    store.get(Project, project_id)
    if store.actor:  # a profile being filled by the demo or an import has nobody to check
        permissions.check_edit_inspection(signed_in(store).role)
    with store.transaction():
        if not store.find(TemplateSnapshot, "content_hash = ?", [template.content_hash], limit=1):
            store.save(
                TemplateSnapshot(
                    template_id=template.id,
                    version=template.version,
                    content_hash=template.content_hash,
                    content=template.text,
                )
            )
        return store.save(
            Inspection(
                project_id=project_id,
                building_id=building_id,
                template_id=template.id,
                template_version=template.version,
                template_hash=template.content_hash,
                kind=template.kind,
                title=title or template.title.zh,
                inspector_id=inspector_id or store.actor,
                started_at=now_iso(),
            )
        )


_RECENT: dict[tuple, Evaluation] = {}


def _evaluate(tpl: Template, answers: dict, evidence: set[str]) -> Evaluation:
    """evaluate(), remembering the last few: one answer's `after` is the next one's `before`,
    which halves the cost of answering a long survey. Evaluations are treated as read-only."""
    key = (tpl.content_hash, json.dumps(answers, sort_keys=True, default=str), *sorted(evidence))
    ev = _RECENT.pop(key, None) or evaluate(tpl, answers, evidence)
    _RECENT[key] = ev
    while len(_RECENT) > 8:
        _RECENT.pop(next(iter(_RECENT)))
    return ev


def evidence_paths(store: Store, inspection_id: str) -> set[str]:
    """Paths of the items of an inspection that have a photo attached."""
    links = store.find(PhotoLink, "target_type = 'inspection' AND target_id = ?", [inspection_id])
    return {link.item_id for link in links if link.item_id}


def evaluate_inspection(store: Store, inspection: Inspection) -> Evaluation:
    """`evaluate` on the pinned template, with the photos attached as evidence (the result of
    the last answer is reused when nothing changed since; treat it as read-only)."""
    signed = {p: s.id for p, s in item_signatures(store, inspection.id).items()}
    return _evaluate(
        template_for(store, inspection),
        with_signatures(inspection.answers, signed),
        evidence_paths(store, inspection.id),
    )


def set_answer(store: Store, inspection_id: str, item_id: str, value: Any) -> AnswerResult:
    """Save one answer and keep the auto-defects in step; one transaction.

    `item_id` is an item id, `section[i].item` for item of entry i of a repeating section
    (i == the number of entries appends one), or a repeating section's id with a whole list of
    entries. `value` None (or "" / []) clears the answer.

    Every visible item with a `defect` rule whose answer or computed value fails gets exactly
    one auto-defect (matched by inspection and item path): created the first time, its
    description updated when answered again, never duplicated. When the item passes again,
    the defect is left for the workflow and a `item_passes` event records it.
    Raises InspectError for an unknown item, a computed item, a value the item cannot take,
    or an inspection that is no longer a draft.
    """
    insp = store.get(Inspection, inspection_id)
    check_editable(store, insp)
    tpl = template_for(store, insp)
    if _is_signature_item(tpl, item_id):
        raise InspectError(
            t(
                f"“{item_label(tpl, item_id)}”是签字项：请用签字功能（inspection sign）签署。",
                f"{item_label(tpl, item_id)!r} is a signature item: sign it (inspection sign)",
            )
        )
    return _answer(store, insp, tpl, item_id, value)


def _answer(
    store: Store, insp: Inspection, tpl: Template, item_id: str, value: Any
) -> AnswerResult:
    answers = copy.deepcopy(insp.answers)
    _put(tpl, answers, item_id, value)
    moves = _entry_moves(tpl, insp.answers, answers)
    evidence = evidence_paths(store, insp.id)
    before = _evaluate(tpl, insp.answers, evidence)
    after = _evaluate(tpl, answers, {q for p in evidence if (q := _moved(p, moves))})
    result = AnswerResult(insp, after)
    result.changed, result.shown, result.hidden = _diff(before, after, item_id)
    with store.transaction():
        insp.answers = answers
        result.inspection = store.save(insp)
        removed = _follow_entries(store, insp, moves) if moves else []
        _reconcile(store, insp, before, after, result, moves, removed)
    return result


def check_editable(store: Store, insp: Inspection) -> None:
    """The signed-in user may change this inspection's answers and photos now."""
    if store.actor:
        permissions.check_edit_inspection(signed_in(store).role)
    permissions.check_open(insp.status)


def check_photos_editable(store: Store, target_type: str, target_id: str) -> None:
    """Photos of an inspection (linked or unlinked) change only while its answers may: a
    submitted record is locked, and a contractor never changes a checklist."""
    if target_type in ("inspection", Inspection.table):
        found = store.find_by(Inspection, id=target_id)
        if found:  # one not synced here yet has nothing to lock
            check_editable(store, found[0])


def with_signatures(answers: dict, signed: dict[str, str]) -> dict:
    """The answers with each signed item answered by its latest signature's id: a signature
    item is answered by signing, never by writing its answer."""
    if not signed:
        return answers
    out = copy.deepcopy(answers)
    for path, sig_id in signed.items():
        m = item_path.entry_of(path)
        if m is None:
            out[path] = sig_id
            continue
        entries = out.get(m[0])
        if isinstance(entries, list) and m[1] < len(entries):
            entries[m[1]][m[2]] = sig_id
    return out


def _is_signature_item(tpl: Template, path: str) -> bool:
    m = item_path.entry_of(path)
    iid = m[2] if m else path
    return any(i.id == iid and i.type == "signature" for i in tpl.items())


def draw_sample(
    store: Store,
    inspection_id: str,
    seed: int | None = None,
    seed_item: str = "sample_seed",
    section: str = "samples",
    unit_item: str = "unit_no",
) -> AnswerResult:
    """Record a random seed for a spot check and list the drawn units as the sample entries.

    The seed (random unless given) is saved as the answer of `seed_item`; the units the
    template's `sampling.sample` computation draws with it become the entries of `section`.
    Refused once an entry has answers beyond its unit number (a redraw would discard them).
    """
    insp = store.get(Inspection, inspection_id)
    entries = insp.answers.get(section) or []
    if any(set(k for k, v in e.items() if not is_empty(v)) - {unit_item, KEY} for e in entries):
        raise InspectError(
            t(
                "样本已开始检查，不能重新抽样",
                "the sample is already being inspected: it cannot be drawn again",
            )
        )
    seed = seed if seed is not None else secrets.randbelow(10**9)
    res = set_answer(store, inspection_id, seed_item, str(seed))
    units = next((v for p, v in res.evaluation.computed.items() if isinstance(v, list) and v), [])
    if units:
        res2 = set_answer(store, inspection_id, section, [{unit_item: u} for u in units])
        res2.changed = list(dict.fromkeys(res.changed + res2.changed))
        return res2
    return res


# ----- answers -------------------------------------------------------------------------------


def _put(tpl: Template, answers: dict, path: str, value: Any) -> None:
    in_entry = item_path.entry_of(path)
    clear = is_empty(value)
    if in_entry:
        sec_id, index, iid = in_entry
        section = _section(tpl, sec_id)
        if not section.repeat:
            raise InspectError(_unknown(path))
        item = next((i for i in section.items if i.id == iid), None)
        if item is None:
            raise InspectError(_unknown(path))
        _check_value(item, value, path)
        entries = answers.setdefault(sec_id, [])
        if index > len(entries):
            raise InspectError(
                t(f"{path}：分组只有 {len(entries)} 项", f"{path}: the group has {len(entries)}")
            )
        if index == len(entries):
            entries.append({KEY: uuid7()})
        if clear:
            entries[index].pop(iid, None)
        else:
            entries[index][iid] = value
        return
    section = next((s for s in tpl.sections if s.id == path and s.repeat), None)
    if section is not None:
        if not isinstance(value, list | type(None)) or not all(
            isinstance(e, dict) for e in value or []
        ):
            raise InspectError(t(f"{path} 应为条目列表", f"{path} takes a list of entries"))
        for e in value or []:
            for k, v in e.items():
                item = next((i for i in section.items if i.id == k), None)
                if item is None and k != KEY:
                    raise InspectError(_unknown(f"{path}[].{k}"))
                if item is not None:
                    _check_value(item, v, f"{path}[].{k}")
        answers[path] = [{KEY: uuid7(), **e} if KEY not in e else dict(e) for e in value or []]
        return
    try:
        item = tpl.item(path)
    except KeyError:
        raise InspectError(_unknown(path)) from None
    if tpl.section_of(path).repeat:
        raise InspectError(
            t(
                f"{path} 属于分组，应写作 分组[序号].{path}",
                f"{path} is in a group: use group[i].{path}",
            )
        )
    _check_value(item, value, path)
    if clear:
        answers.pop(path, None)
    else:
        answers[path] = value


def _section(tpl: Template, section_id: str):
    try:
        return tpl.section(section_id)
    except KeyError:
        raise InspectError(_unknown(section_id)) from None


def _check_value(item: Item, value: Any, path: str) -> None:
    if is_empty(value):
        return
    if isinstance(value, str):  # the text policy, in words naming the item as the form shows it
        try:
            clean(value, f"answers.{path}", NESTED)
        except TextRefused as e:
            raise e.named(label(item.label)) from None
    bad = None
    if item.type == "computed":
        bad = t("计算项不能填写", "a computed item is not answered")
    elif item.type == "pass_fail" and value not in (PASS, FAIL, NA):
        bad = t("应为 pass、fail 或 na", "must be pass, fail or na")
    elif item.type == "choice":
        picked = value if item.multiple and isinstance(value, list) else [value]
        known = {o.value for o in item.options}
        if any(p not in known for p in picked):
            bad = t(
                f"可选值为 {', '.join(sorted(known))}", f"must be one of {', '.join(sorted(known))}"
            )
    elif item.type == "number" and not _is_number(value):
        bad = t("应为数字", "must be a number")
    elif item.type == "score" and value != NA and not (_is_number(value) and float(value) >= 0):
        bad = t("应为扣分（不小于 0 的数字）或 na", "must be a deduction (a number >= 0) or na")
    elif item.type == "table" and not (
        isinstance(value, list) and all(isinstance(r, dict) for r in value)
    ):
        bad = t("应为行列表", "must be a list of rows")
    if bad:
        raise InspectError(f"{path}: {bad} ({value!r})")


def _is_number(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return True


def _diff(before: Evaluation, after: Evaluation, path: str) -> tuple[list, list, list]:
    shown = [p for p in after.items if p not in before.items]
    hidden = [p for p in before.items if p not in after.items]
    moved = [
        p
        for p, r in after.items.items()
        if p in before.items
        and (before.items[p].value != r.value or before.items[p].failed != r.failed)
    ]
    changed = list(dict.fromkeys([path, *moved, *shown, *hidden]))
    return changed, shown, hidden


# ----- auto-defects --------------------------------------------------------------------------


def _entry_moves(tpl: Template, old: dict, new: dict) -> dict[str, dict[int, int | None]]:
    """For each repeating section whose entries moved or went: old index -> new index (None:
    removed), matched by the entries' keys. Entries without a key stay where they are."""
    moves: dict[str, dict[int, int | None]] = {}
    for section in tpl.sections:
        if not section.repeat:
            continue
        before, after = old.get(section.id) or [], new.get(section.id) or []
        where = {e.get(KEY): j for j, e in enumerate(after) if isinstance(e, dict) and e.get(KEY)}
        m = {}
        for i, e in enumerate(before):
            key = e.get(KEY) if isinstance(e, dict) else None
            j = where.get(key) if key else (i if i < len(after) else None)
            if j != i:
                m[i] = j
        if m:
            moves[section.id] = m
    return moves


def _moved(path: str, moves: dict) -> str | None:
    """Where an item path is after the entries moved (None: its entry was removed)."""
    in_entry = item_path.entry_of(path)
    if not in_entry or in_entry[0] not in moves or in_entry[1] not in moves[in_entry[0]]:
        return path
    section, i, item = in_entry
    j = moves[section][i]
    return None if j is None else item_path.entry_path(section, j, item)


def _follow_entries(store: Store, insp: Inspection, moves: dict) -> list[Defect]:
    """Move the auto-defects and photo links of moved entries to their new paths; park those
    of removed entries on a path no entry can have. Returns the defects of removed entries."""
    removed = []
    defects = store.find(Defect, "inspection_id = ? AND item_id != ''", [insp.id])
    links = store.find(PhotoLink, "target_type = 'inspection' AND target_id = ?", [insp.id])
    records: list[Defect | PhotoLink] = [*defects, *links]
    for rec in records:
        if not rec.item_id or (new := _moved(rec.item_id, moves)) == rec.item_id:
            continue
        if new is None:
            where = item_path.entry_of(rec.item_id)
            assert where is not None  # only an entry's paths move or go
            section, _i, item = where
            new = item_path.parked_path(section, item, rec.id[-8:])
            if isinstance(rec, Defect):
                removed.append(rec)
        rec.item_id = new
        store.save(rec)
    return removed


def _reconcile(store, insp, before, after, result, moves, removed) -> None:
    existing = {
        d.item_id: d for d in store.find(Defect, "inspection_id = ? AND item_id != ''", [insp.id])
    }
    before_failed = [q for p in before.failed if (q := _moved(p, moves))]
    now = now_iso()

    for path, r in after.items.items():
        if not (r.item.defect and r.failed):
            continue
        d = existing.get(path)
        if d is None:
            d = item_defect(insp, r, after)
            d.reported_by, d.reported_at = insp.inspector_id, now
            data = {"inspection_id": insp.id, "item_id": path, "auto": True}
            defects.record_raised(store, d, store.actor, d.description, data)
            carry_item_photos(store, insp.id, path)
            result.defects_created.append(d.id)
            continue
        description = _describe(r, after)
        again = path not in before_failed
        if description != d.description or again:
            d.description = description
            store.save(d)
            if again:
                store.save(
                    DefectEvent(
                        defect_id=d.id,
                        kind="item_fails",
                        at=now,
                        actor_id=store.actor,
                        note=description,
                        data={"item_id": path, "value": r.value},
                    )
                )
            result.defects_updated.append(d.id)
    gone = [(d, None, t("所属条目已删除", "its entry was removed")) for d in removed]
    for path in before_failed:
        d = existing.get(path)
        r = after.items.get(path)
        if d is None or (r is not None and r.failed):
            continue
        note = (
            t("检查项不再适用", "the item no longer applies")
            if r is None
            else t(f"检查项复核合格：{_shown(r, after)}", f"the item now passes: {r.value}")
        )
        gone.append((d, r, note))
    for d, r, note in gone:
        store.save(
            DefectEvent(
                defect_id=d.id,
                kind="item_passes",
                at=now,
                actor_id=store.actor,
                note=note,
                data={"item_id": d.item_id, "value": None if r is None else r.value},
            )
        )
        result.defects_passing.append(d.id)


def item_defect(insp: Inspection, r: ItemResult, ev: Evaluation) -> Defect:
    """The defect a checklist item raises, not yet saved: the item's defect rule gives title,
    category, severity and 重大隐患; inside a repeating group the entry's name leads the title
    and the location. Used for auto-defects and for raising one by hand (raise_from_item)."""
    rule = r.item.defect
    entry = _entry_name(r, ev)
    title = rule.title.zh if rule and rule.title else r.item.label.zh
    return Defect(
        project_id=insp.project_id,
        title=f"{entry} {title}" if entry else title,
        category=rule.category if rule else "",
        severity=(rule.severity if rule else None) or r.item.severity,
        major_hazard=bool(rule and rule.major_hazard),
        pre_existing=insp.kind == InspectionKind.SURVEY,  # found on the existing facilities
        description=_describe(r, ev) if r.answered else r.item.label.zh,
        building_id=insp.building_id,
        location_text=" ".join(x for x in (insp.title, entry) if x),
        inspection_id=insp.id,
        item_id=r.path,
    )


def raise_from_item(store: Store, inspection_id: str, path: str) -> tuple[Defect, bool]:
    """The defect of one checklist item (`item` or `section[i].item`): the one already raised
    on it (by hand or automatically) with False, else a new one raised by the signed-in user
    (the workflow decides who may) with True. Raises InspectError for an item not shown."""
    found = store.find(Defect, "inspection_id = ? AND item_id = ?", [inspection_id, path], limit=1)
    if found:
        return found[0], False
    insp = store.get(Inspection, inspection_id)
    ev = evaluate_inspection(store, insp)
    r = ev.items.get(path)
    if r is None:
        raise InspectError(
            t(
                f"检查项 {path} 不存在或未显示，不能登记问题",
                f"no item {path} is shown to raise from",
            )
        )
    d = item_defect(insp, r, ev)
    with store.transaction():
        defects.raise_defect(store, d, data={"inspection_id": insp.id, "item_id": path})
        carry_item_photos(store, insp.id, path)
    return d, True


def carry_item_photos(store: Store, inspection_id: str, item_id: str) -> list[PhotoLink]:
    """The photos of a checklist item are the evidence of the defect it raised: link each one
    to that defect (role before) unless it already is. Called when the defect is raised and
    whenever a photo is linked to the item afterwards; returns the new links."""
    if not item_id:
        return []
    found = store.find(
        Defect, "inspection_id = ? AND item_id = ?", [inspection_id, item_id], limit=1
    )
    if not found:
        return []
    d = found[0]
    on_item = store.find(
        PhotoLink,
        "target_type = 'inspection' AND target_id = ? AND item_id = ?",
        [inspection_id, item_id],
    )
    have = {
        ln.photo_id
        for ln in store.find(PhotoLink, "target_type = 'defect' AND target_id = ?", [d.id])
    }
    made = []
    for ln in on_item:
        if ln.photo_id not in have:
            have.add(ln.photo_id)
            made.append(
                store.save(
                    PhotoLink(
                        photo_id=ln.photo_id, target_type="defect", target_id=d.id, role="before"
                    )
                )
            )
    return made


def _entry_name(r: ItemResult, ev: Evaluation) -> str:
    if r.entry is None or not r.section.entry_label:
        return ""
    value = ev.value(item_path.entry_path(r.section.id, r.entry, r.section.entry_label))
    return "" if is_empty(value) else str(value)


def _describe(r: ItemResult, ev: Evaluation) -> str:
    """`item label：answer` with the standard it checks (zh, as printed on notices)."""
    text = f"{r.item.label.zh}：{_shown(r, ev)}"
    if r.item.standard:
        text += f"（{r.item.standard}）"
    if r.path in ev.sources:
        text += f"（依据{ev.sources[r.path]}）"
    return text


def _shown(r: ItemResult, ev: Evaluation) -> str:
    return ev.display(r.path, "zh")
