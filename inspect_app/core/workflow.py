"""The defect workflow: which role may move a defect from which status, by which action.

One table, used by the app (to enable actions), by the store (to refuse forbidden changes) and
by the central store (to refuse them from any client). The loop Chinese supervisors run:
检查 → 整改通知 (assign, deadline) → 整改回复 (reply) → 复查 (verify or reject) → 销项 (close).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from ..errors import WorkflowError
from .i18n import t
from .model import NAMES, DefectStatus, Role

S, R = DefectStatus, Role
OFFICE = frozenset({R.SUPERVISOR, R.ADMIN})


@dataclass(frozen=True)
class Transition:
    action: str
    source: DefectStatus
    target: DefectStatus
    roles: frozenset[Role]
    needs_reason: bool = False
    label: tuple[str, str] = ("", "")  # zh, en


TRANSITIONS: tuple[Transition, ...] = (
    Transition("assign", S.OPEN, S.ASSIGNED, OFFICE, label=("下发整改", "Assign")),
    Transition("reassign", S.ASSIGNED, S.ASSIGNED, OFFICE, label=("改派", "Reassign")),
    Transition(
        "reply",
        S.ASSIGNED,
        S.RECTIFIED,
        frozenset({R.CONTRACTOR, R.ADMIN}),
        label=("整改回复", "Reply"),
    ),
    Transition("verify", S.RECTIFIED, S.VERIFIED, OFFICE, label=("复查通过", "Verify")),
    Transition(
        "reject", S.RECTIFIED, S.ASSIGNED, OFFICE, needs_reason=True, label=("复查不通过", "Reject")
    ),
    Transition("close", S.VERIFIED, S.CLOSED, OFFICE, label=("销项", "Close")),
    Transition(
        "reopen", S.VERIFIED, S.OPEN, OFFICE, needs_reason=True, label=("重新打开", "Reopen")
    ),
    Transition("reopen", S.CLOSED, S.OPEN, OFFICE, needs_reason=True, label=("重新打开", "Reopen")),
)
ACTIONS = tuple(dict.fromkeys(tr.action for tr in TRANSITIONS))


def allowed(role: Role | str, status: DefectStatus | str) -> list[Transition]:
    """The transitions `role` may take from `status`."""
    return [tr for tr in TRANSITIONS if tr.source == status and role in tr.roles]


def check(
    role: Role | str, status: DefectStatus | str, action: str, reason: str = ""
) -> Transition:
    """The transition for `action`, or WorkflowError saying why it is refused."""
    status = DefectStatus(status)
    for tr in TRANSITIONS:
        if tr.action == action and tr.source == status:
            if role not in tr.roles:
                who = "、".join(NAMES[Role(r)]["zh"] for r in sorted(tr.roles))
                raise WorkflowError(
                    t(
                        f"{NAMES[Role(role)]['zh']}不能执行“{tr.label[0]}”：只有{who}可以。",
                        f"a {role} may not {action} a defect; only {', '.join(sorted(tr.roles))} may",
                    )
                )
            if tr.needs_reason and not reason.strip():
                raise WorkflowError(t(f"“{tr.label[0]}”需要填写理由。", f"{action} needs a reason"))
            return tr
    raise WorkflowError(
        t(
            f"状态为“{NAMES[status]['zh']}”的问题不能执行该操作（{action}）。",
            f"a defect that is {status.value} cannot be {action}ed",
        )
    )


# ----- events, deadlines, parties -------------------------------------------------------------

# The DefectEvent kind each action appends (past tense: what happened).
EVENT_KIND = {
    "assign": "assigned",
    "reassign": "reassigned",
    "reply": "rectified",
    "verify": "verified",
    "reject": "rejected",
    "close": "closed",
    "reopen": "reopened",
}
EVENT_NAMES = {
    "created": ("登记", "Raised"),
    "assigned": ("下发整改", "Assigned"),
    "reassigned": ("改派", "Reassigned"),
    "rectified": ("整改回复", "Replied"),
    "verified": ("复查通过", "Verified"),
    "rejected": ("复查不通过", "Rejected"),
    "closed": ("销项", "Closed"),
    "reopened": ("重新打开", "Reopened"),
    "comment": ("备注", "Comment"),
    "noticed": ("整改通知", "Notice issued"),
    "item_fails": ("检查项再次不合格", "Item fails again"),
    "item_passes": ("检查项复核合格", "Item passes now"),
    "carried_over": ("转入保修期", "Carried over to warranty"),
}

# Who may record a new defect: the people on site and in the office, never the contractor
# whose work is being checked.
RAISE_ROLES = frozenset({R.INSPECTOR, R.SUPERVISOR, R.ADMIN})
DEFAULT_DEADLINE_DAYS = {"major": 3, "serious": 7, "minor": 15}


def check_raise(role: Role | str) -> None:
    if role not in RAISE_ROLES:
        raise WorkflowError(
            t(
                f"{NAMES[Role(role)]['zh']}不能登记问题。",
                f"a {role} may not raise a defect",
            )
        )


def check_party(role: Role | str, org_id: str, assignee_org_id: str) -> None:
    """A contractor acts only on defects assigned to its own organization."""
    if role == R.CONTRACTOR and org_id != assignee_org_id:
        raise WorkflowError(
            t(
                "该问题未下发给贵单位，不能操作。",
                "this defect is not assigned to your organization",
            )
        )


def deadline_days(severity: str, settings: dict | None) -> int:
    """Days a contractor has to rectify, from the project's settings or the defaults."""
    days = (settings or {}).get("deadline_days") or {}
    return int(days.get(str(severity), DEFAULT_DEADLINE_DAYS.get(str(severity), 7)))


def default_due_date(severity: str, settings: dict | None, start: date) -> str:
    return (start + timedelta(days=deadline_days(severity, settings))).isoformat()
