"""What a hostile laptop sends about checklists and signatures, and what the central store
refuses: a signature naming another account, a forged lifecycle history, answers changed on a
submitted record, a contractor writing answers. The same rules as the laptop's store operations
(core/permissions.py). Every case runs over HTTP on SQLite and PostgreSQL."""

import json
from datetime import datetime, timedelta, timezone

import pytest
from hostile_world import World
from syncutil import backend_params

from inspect_app.core.ids import uuid7

CHINA = timezone(timedelta(hours=8))
AT = "2026-11-25T10:00:00+08:00"


@pytest.fixture(scope="module", params=backend_params())
def w(request, tmp_path_factory):
    world = World(tmp_path_factory.mktemp(f"trust-{request.param}"), request.param)
    world.member(world.project, "supervisor")
    yield world
    world.close()


def inspection(w, **extra) -> str:
    fields = {"project_id": w.project, "template_id": "patrol", "template_version": 1,
              "template_hash": "h", "kind": "patrol", "answers": json.dumps({"rcd": "pass"})}  # fmt: skip
    fields.update(extra)
    return w.create("inspections", fields, role="inspector")


def entry(w, role, action, at=AT, reason=""):
    return {"action": action, "at": at, "by": w.acc[role].id, "reason": reason}


def send(w, role, rid, fields) -> list[dict]:
    body = w.push(role, [w.change(role, "inspections", rid, fields)])
    return body["refused"]


def lifecycle(w, role, rid, status, events) -> list[dict]:
    return send(w, role, rid, {"status": status, "events": json.dumps(events)})


def refused_naming(refused, field, words):
    assert len(refused) == 1, refused
    reason = refused[0]["reason"]
    assert field in reason and words in reason, reason


def submitted(w) -> tuple[str, list]:
    rid = inspection(w)
    events = [entry(w, "inspector", "submitted")]
    assert not lifecycle(w, "inspector", rid, "submitted", events)
    return rid, events


# ----- 1. signatures ---------------------------------------------------------------------------


def _signature(w, target, **who) -> dict:
    fields = {"target_type": "inspections", "target_id": target, "signer_name": "王强",
              "signer_role": "监理单位", "content_hash": "0" * 64, "signed_at": AT}  # fmt: skip
    fields.update(who)
    return fields


@pytest.mark.parametrize(
    ("who", "words"),
    [
        ({"user_id": "outsider"}, "the signer must be the signed-in user"),  # not a member
        (
            {"user_id": ""},
            "the signer must be the signed-in user",
        ),  # an account signature, no account
        ({"user_id": "supervisor", "guest": 1}, "a guest's signature names no account"),
        ({"user_id": "inspector", "guest": 1}, "a guest's signature names no account"),
    ],
)
def test_a_signature_names_the_pusher_or_for_a_guest_no_account(w, who, words):
    target = inspection(w)
    who = {**who, "user_id": w.acc[who["user_id"]].id if who["user_id"] else ""}
    sid = uuid7()
    body = w.push(
        "inspector", [w.change("inspector", "signatures", sid, _signature(w, target, **who))]
    )
    refused_naming(body["refused"], "user_id", words)
    assert w.record("signatures", sid) is None


def test_a_member_co_signs_on_another_members_laptop(w):
    """The contractor signs on the inspector's laptop, which checked its password."""
    target = inspection(w)
    cosign = _signature(w, target, user_id=w.acc["contractor"].id, signer_name="赵磊")
    sid = uuid7()
    assert not w.push("inspector", [w.change("inspector", "signatures", sid, cosign)])["refused"]
    assert w.record("signatures", sid)


def test_own_and_guest_signatures_are_taken(w):
    target = inspection(w)
    mine = _signature(w, target, user_id=w.acc["inspector"].id, signer_name="张伟")
    guest = _signature(w, target, guest=1, signer_name="王秀英", signer_role="居民代表")
    ids = [uuid7(), uuid7()]
    changes = [
        w.change("inspector", "signatures", i, f) for i, f in zip(ids, (mine, guest), strict=True)
    ]
    assert not w.push("inspector", changes)["refused"]
    assert all(w.record("signatures", i) for i in ids)


# ----- 2. the lifecycle history ---------------------------------------------------------------


def test_an_honest_submit_and_reopen_are_taken(w):
    rid, events = submitted(w)
    events = [*events, entry(w, "supervisor", "reopened", reason="巡检日期填错")]
    assert not lifecycle(w, "supervisor", rid, "reopened", events)
    assert not send(w, "inspector", rid, {"answers": json.dumps({"rcd": "fail"})})
    answers = w.record("inspections", rid)["answers"]
    assert (json.loads(answers) if isinstance(answers, str) else answers) == {"rcd": "fail"}


def _ahead() -> str:
    return (datetime.now(CHINA) + timedelta(days=3)).isoformat(timespec="seconds")


FORGED = {
    "submitted by another account": (
        lambda w: ("inspector", "submitted", [entry(w, "supervisor", "submitted")]),
        "events[0]", "actor must be the signed-in user"),
    "dated ahead": (
        lambda w: ("inspector", "submitted", [entry(w, "inspector", "submitted", at=_ahead())]),
        "events[0]", "future"),
    "an unknown action": (
        lambda w: ("inspector", "submitted", [entry(w, "inspector", "approved")]),
        "events[0]", "unknown action"),
    "status without history": (
        lambda w: ("inspector", "submitted", []), "status", "does not follow the record's history"),
    "history without status": (
        lambda w: ("inspector", "draft", [entry(w, "inspector", "submitted")]),
        "status", "does not follow the record's history"),
}  # fmt: skip


@pytest.mark.parametrize("case", FORGED)
def test_a_forged_submission_is_refused_naming_the_field(w, case):
    rid = inspection(w)
    before = w.record("inspections", rid)
    role, status, events = FORGED[case][0](w)
    refused_naming(lifecycle(w, role, rid, status, events), *FORGED[case][1:])
    assert w.record("inspections", rid) == before


REOPENS = {
    "by an inspector": (lambda w: entry(w, "inspector", "reopened", reason="改"), "inspector",
                        "only a supervisor or admin may"),
    "without a reason": (lambda w: entry(w, "supervisor", "reopened", reason="  "), "supervisor",
                         "needs a written reason"),
    "in another's name": (lambda w: entry(w, "supervisor", "reopened", reason="改"), "inspector",
                          "actor must be the signed-in user"),
    "dated ahead": (lambda w: entry(w, "supervisor", "reopened", at=_ahead(), reason="改"),
                    "supervisor", "future"),
}  # fmt: skip


@pytest.mark.parametrize("case", REOPENS)
def test_a_forged_reopen_is_refused_naming_the_entry(w, case):
    rid, events = submitted(w)
    before = w.record("inspections", rid)
    make, role, words = REOPENS[case]
    refused_naming(lifecycle(w, role, rid, "reopened", [*events, make(w)]), "events[1]", words)
    assert w.record("inspections", rid) == before


def test_written_history_never_changes(w):
    rid, events = submitted(w)
    before = w.record("inspections", rid)
    rewritten = [{**events[0], "at": "2026-11-01T09:00:00+08:00"}]
    refused_naming(lifecycle(w, "inspector", rid, "submitted", rewritten), "events", "only grows")
    refused_naming(lifecycle(w, "supervisor", rid, "submitted", []), "events", "only grows")
    assert w.record("inspections", rid) == before


# ----- 3, 4. answers --------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["inspector", "supervisor", "admin"])
def test_answers_of_a_submitted_inspection_are_refused(w, role):
    rid, _ = submitted(w)
    before = w.record("inspections", rid)
    refused = send(w, role, rid, {"answers": json.dumps({"rcd": "fail"})})
    refused_naming(refused, "answers", "submitted and locked")
    assert w.record("inspections", rid) == before


def test_a_contractor_never_writes_answers(w):
    rid = inspection(w)
    before = w.record("inspections", rid)
    refused = send(w, "contractor", rid, {"answers": json.dumps({"rcd": "fail"})})
    refused_naming(refused, "answers", "contractor may not fill in or change an inspection")
    new = uuid7()
    fields = {"project_id": w.project, "template_id": "patrol", "template_version": 1,
              "template_hash": "h", "kind": "patrol", "answers": json.dumps({"rcd": "pass"})}  # fmt: skip
    body = w.push("contractor", [w.change("contractor", "inspections", new, fields)])
    refused_naming(body["refused"], "answers", "may not fill in")
    assert w.record("inspections", rid) == before and w.record("inspections", new) is None


def test_admin_may_record_history_on_behalf_but_never_ahead(w):
    rid = inspection(w)
    assert not lifecycle(w, "admin", rid, "submitted", [entry(w, "inspector", "submitted")])
    ahead = [entry(w, "inspector", "submitted"), entry(w, "supervisor", "reopened", at=_ahead())]
    refused_naming(lifecycle(w, "admin", rid, "reopened", ahead), "events[1]", "future")
