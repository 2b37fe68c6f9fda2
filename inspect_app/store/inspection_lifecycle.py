"""An inspection's lifecycle: draft → submitted (locked) → reopened by a supervisor with a
written reason, each step kept in `Inspection.events`."""

from ..core import permissions
from ..core.i18n import t
from ..core.model import Inspection, InspectionStatus
from ..core.templates import is_empty
from ..errors import WorkflowError
from .identity import signed_in
from .inspections import evaluate_inspection
from .pinned import item_label, template_for
from .signatures import signature_status, signatures_for
from .store import Store, now_iso


def submit_inspection(store: Store, inspection_id: str) -> Inspection:
    """Lock a filled checklist: refused, naming each one, while a required item or a required
    photo is missing or a signed item's signature no longer holds."""
    who = signed_in(store)
    permissions.check_edit_inspection(who.role)
    insp = store.get(Inspection, inspection_id)
    if insp.status not in permissions.EDITABLE:
        raise WorkflowError(t("检查记录已提交。", "the inspection is already submitted"))
    tpl = template_for(store, insp)
    ev = evaluate_inspection(store, insp)
    problems = [t(f"未填写：{item_label(tpl, p)}", f"not answered: {item_label(tpl, p)}")
                for p in ev.missing]  # fmt: skip
    problems += [t(f"缺少照片：{item_label(tpl, p)}", f"photo missing: {item_label(tpl, p)}")
                 for p in ev.missing_evidence]  # fmt: skip
    sigs = {s.id: s for s in signatures_for(store, Inspection.table, insp.id)}
    for path, r in ev.items.items():
        if r.item.type != "signature" or is_empty(r.value):
            continue
        sig = sigs.get(str(r.value))
        if sig is None or not signature_status(store, sig).valid:
            problems.append(
                t(f"签字已作废，需重新签字：{item_label(tpl, path)}",
                  f"signature void, sign again: {item_label(tpl, path)}")
            )  # fmt: skip
    if problems:
        raise WorkflowError(t("还不能提交：", "cannot submit yet: ") + t("；", "; ").join(problems))
    at = now_iso()
    insp.status = InspectionStatus.SUBMITTED
    insp.submitted_at = at
    insp.events = [*insp.events, {"action": "submitted", "at": at, "by": who.id, "reason": ""}]
    return store.save(insp)


def reopen_inspection(store: Store, inspection_id: str, reason: str) -> Inspection:
    """A supervisor sends a submitted checklist back, with a written reason kept in its history."""
    who = signed_in(store)
    insp = store.get(Inspection, inspection_id)
    permissions.check_reopen(who.role, insp.status, reason)
    at = now_iso()
    insp.status = InspectionStatus.REOPENED
    insp.events = [
        *insp.events,
        {"action": "reopened", "at": at, "by": who.id, "reason": reason.strip()},
    ]
    return store.save(insp)
