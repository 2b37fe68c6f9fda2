"""Who may change what, beyond the defect workflow's table (core/workflow.py).

The store operations the app and the CLI both call check these before writing; the central store
refuses the same things from any client. A hidden button is a convenience, never the check.
"""

from ..errors import WorkflowError
from .i18n import t
from .model import NAMES, InspectionStatus, Role

R = Role
OFFICE = frozenset({R.SUPERVISOR, R.ADMIN})
# Who fills in, answers and submits a checklist: the people checking, never the firm checked.
INSPECT_ROLES = frozenset({R.INSPECTOR, R.SUPERVISOR, R.ADMIN})
# Statuses in which answers and photos may change.
EDITABLE = frozenset({InspectionStatus.DRAFT, InspectionStatus.REOPENED})


def _role_name(role: Role | str) -> str:
    try:
        return t(NAMES[Role(role)]["zh"], NAMES[Role(role)]["en"])
    except ValueError:
        return str(role)


def check_edit_inspection(role: Role | str) -> None:
    """Answering, attaching photos to, starting or submitting a checklist."""
    if role not in INSPECT_ROLES:
        raise WorkflowError(
            t(
                f"{_role_name(role)}不能填写或修改检查记录。",
                f"a {role} may not fill in or change an inspection",
            )
        )


def check_open(status: InspectionStatus | str) -> None:
    """A submitted record is locked until a supervisor reopens it."""
    if status not in EDITABLE:
        raise WorkflowError(
            t(
                "检查记录已提交，不能再修改；如需修改，请监理或管理员退回（重新打开）。",
                "the inspection is submitted and locked; a supervisor must reopen it first",
            )
        )


def check_reopen(role: Role | str, status: InspectionStatus | str, reason: str) -> None:
    if role not in OFFICE:
        raise WorkflowError(
            t(
                f"{_role_name(role)}不能退回检查记录：只有监理或管理员可以。",
                f"a {role} may not reopen an inspection; only a supervisor or admin may",
            )
        )
    if status != InspectionStatus.SUBMITTED:
        raise WorkflowError(
            t("只有已提交的检查记录可以退回。", "only a submitted inspection can be reopened")
        )
    if not reason.strip():
        raise WorkflowError(t("退回需要填写理由。", "reopening needs a written reason"))


def check_edit_defect(role: Role | str, org_id: str, assignee_org_id: str) -> None:
    """Editing a defect's fields (title, severity, location …): the office and inspectors; a
    contractor only replies through the workflow, and only to its own organization's defects."""
    if role == R.CONTRACTOR:
        if org_id != assignee_org_id:
            raise WorkflowError(
                t(
                    "该问题未下发给贵单位，不能操作。",
                    "this defect is not assigned to your organization",
                )
            )
        raise WorkflowError(
            t(
                "施工单位不能修改问题内容，只能提交整改回复。",
                "a contractor may not edit a defect, only reply to it",
            )
        )


# ----- conflicts (store/conflicts.py) ----------------------------------------------------------

# Who settles a conflict (keeps the value that won a merge or restores the one that lost): the
# office. Everyone else sees only the conflicts on their own edits, and may not settle.
SETTLE_ROLES = OFFICE
SETTLE_DECISIONS = ("keep", "restore")


def sees_all_conflicts(role: Role | str) -> bool:
    return role in SETTLE_ROLES


def sees_conflict(role: Role | str, user_id: str, authors: tuple[str, ...]) -> bool:
    """Whether a user sees a conflict whose competing edits were made by `authors`."""
    return sees_all_conflicts(role) or user_id in authors


def check_settle(role: Role | str, decision: str) -> None:
    if role not in SETTLE_ROLES:
        raise WorkflowError(
            t(
                f"{_role_name(role)}不能处理冲突：只有监理或管理员可以。",
                f"a {role} may not settle a conflict; only a supervisor or an admin may",
            )
        )
    if decision not in SETTLE_DECISIONS:
        raise WorkflowError(
            t(
                f"冲突的处理只能是“保留”或“恢复”（收到：{decision}）。",
                f"a conflict is settled by keep or restore, not {decision!r}",
            )
        )


def check_track(role: Role | str) -> None:
    """Recording or answering a complaint, an audit finding, a warranty item or claim, and
    carrying a notice over into warranty: the people checking, never the firm checked (a
    contractor answers a finding assigned to it through the workflow, move_finding)."""
    if role not in INSPECT_ROLES:
        raise WorkflowError(
            t(
                f"{_role_name(role)}不能登记或答复投诉、审计督查问题和保修事项。",
                f"a {_role_name(role)} may not record or answer complaints, audit findings "
                "or warranty matters",
            )
        )
