import pytest

from inspect_app.core import workflow
from inspect_app.core.model import DefectStatus, Role
from inspect_app.errors import WorkflowError


def test_the_whole_loop_by_the_right_roles():
    status = DefectStatus.OPEN
    for role, action in [
        (Role.SUPERVISOR, "assign"),
        (Role.CONTRACTOR, "reply"),
        (Role.SUPERVISOR, "reject"),
        (Role.CONTRACTOR, "reply"),
        (Role.SUPERVISOR, "verify"),
        (Role.SUPERVISOR, "close"),
    ]:
        status = workflow.check(role, status, action, reason="照片不清晰").target
    assert status == DefectStatus.CLOSED


@pytest.mark.parametrize("action", ["verify", "close", "assign", "reopen", "reject"])
def test_a_contractor_never_verifies_closes_or_assigns(action):
    for status in DefectStatus:
        with pytest.raises(WorkflowError):
            workflow.check(Role.CONTRACTOR, status, action, reason="x")


def test_reject_and_reopen_need_a_reason():
    with pytest.raises(WorkflowError, match="reason"):
        workflow.check(Role.SUPERVISOR, DefectStatus.RECTIFIED, "reject")
    with pytest.raises(WorkflowError, match="reason"):
        workflow.check(Role.SUPERVISOR, DefectStatus.CLOSED, "reopen", reason="  ")


def test_wrong_status_is_refused():
    with pytest.raises(WorkflowError, match="open cannot be verify"):
        workflow.check(Role.SUPERVISOR, DefectStatus.OPEN, "verify")


def test_inspector_may_take_no_workflow_action():
    assert all(workflow.allowed(Role.INSPECTOR, s) == [] for s in DefectStatus)
