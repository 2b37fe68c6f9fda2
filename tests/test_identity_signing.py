"""Who is signed in, the rules the store operations enforce, the inspection lifecycle and signing
items: on a real profile, through the store operations the app and the CLI both call."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspect_app import forms
from inspect_app.core.model import (
    Defect,
    Inspection,
    InspectionStatus,
    Organization,
    OrgKind,
    PhotoLink,
    Project,
    Role,
    Signature,
    User,
)
from inspect_app.demo_checklists import strokes_png
from inspect_app.errors import InspectError, WorkflowError
from inspect_app.store import identity
from inspect_app.store.inspection_lifecycle import reopen_inspection, submit_inspection
from inspect_app.store.inspections import (
    set_answer,
    start_inspection,
)
from inspect_app.store.signatures import sign, signature_status

STROKES = [[[0.0, 0.0, 0.0, 0.5], [20.0, 8.0, 40.0, 0.5]]]
PNG = strokes_png(STROKES)
PATROL_OK = {
    "patrolled_on": "2026-11-20", "weather": "fine", "work_areas": "3号楼外墙",
    "contractor": "北京城建", "has_scaffold": "no", "has_trench": "no",
    **{k: "pass" for k in (
        "enclosure", "passage_shelter", "fire_lane", "dust_noise", "night_lighting", "rcd",
        "three_level", "cables", "earthing", "roof_membrane", "pipe_pressure_test",
        "materials_checked")},
    "insulation_bond": "ok",
}  # fmt: skip


class Site:
    def __init__(self, store):
        self.s = store
        sup = Organization(name="北京华建工程监理有限公司", short_name="华建监理",
                           kind=OrgKind.SUPERVISOR)  # fmt: skip
        self.builder = Organization(
            name="北京城建集团", short_name="北京城建", kind=OrgKind.CONTRACTOR
        )
        self.rival = Organization(name="中建一局", short_name="中建一局", kind=OrgKind.CONTRACTOR)
        self.inspector = User(
            name="zhangwei", display_name="张伟", role=Role.INSPECTOR, org_id=sup.id
        )
        self.supervisor = User(name="wangqiang", display_name="王强", role=Role.SUPERVISOR, org_id=sup.id)  # fmt: skip
        self.contractor = User(name="zhaolei", display_name="赵磊", role=Role.CONTRACTOR,
                               org_id=self.builder.id)  # fmt: skip
        self.p = Project(name="和平里东街小区")
        store.save_many([sup, self.builder, self.rival, self.inspector, self.supervisor,
                         self.contractor, self.p])  # fmt: skip
        for u in (self.inspector, self.supervisor, self.contractor):
            identity.cache_password(store, u.id, f"pw-{u.name}")
        identity.login(store, "zhangwei", "pw-zhangwei")

    def patrol(self, answers=PATROL_OK) -> Inspection:
        insp = start_inspection(self.s, forms.load_all()["patrol"], self.p.id)
        for k, v in answers.items():
            set_answer(self.s, insp.id, k, v)
        return self.s.get(Inspection, insp.id)

    def sign(self, insp, item, **who):
        return sign(
            self.s, "inspections", insp.id, item=item, strokes=STROKES, png_bytes=PNG, **who
        )

    def as_(self, user):
        identity.login(self.s, user.name, f"pw-{user.name}")


@pytest.fixture
def site(store):
    return Site(store)


# ----- who is signed in -----------------------------------------------------------------------


def test_login_checks_the_cached_hash_and_never_keeps_the_password(site, store):
    who = identity.login(store, "wangqiang", "pw-wangqiang")
    assert store.actor == site.supervisor.id and who.role == Role.SUPERVISOR
    with pytest.raises(identity.AuthError, match="wrong user name or password"):
        identity.login(store, "zhaolei", "pw-wangqiang")
    assert store.actor == site.supervisor.id  # a failed sign-in changes nothing
    with pytest.raises(identity.AuthError, match="no user"):
        identity.login(store, "nobody", "x")
    rows = store.db.execute("SELECT hash FROM credentials").fetchall()
    assert len(rows) == 3 and all(r[0].startswith("$argon2id$") for r in rows)
    assert not any("pw-" in r[0] for r in rows)
    stranger = store.save(User(name="lina", role=Role.INSPECTOR, org_id=""))
    with pytest.raises(identity.AuthError, match="never signed in on this laptop"):
        identity.login(store, "lina", "anything")
    assert store.actor != stranger.id


def test_a_reachable_central_store_decides_and_its_answer_is_cached(site, store):
    """With a central store configured but down, the cached hash decides; nothing else."""
    store.set_meta("sync.server", "http://127.0.0.1:9")  # nothing listens on the discard port
    assert identity.login(store, "zhaolei", "pw-zhaolei").role == Role.CONTRACTOR
    with pytest.raises(identity.AuthError):
        identity.login(store, "zhaolei", "guess")


# ----- the rules, in the store operations ---------------------------------------------------


def test_a_contractor_cannot_start_answer_submit_or_reopen(site, store):
    insp = site.patrol({"weather": "fine"})
    site.as_(site.contractor)
    before = store.get(Inspection, insp.id)
    with pytest.raises(WorkflowError, match="contractor may not fill in or change an inspection"):
        set_answer(store, insp.id, "weather", "rain")
    with pytest.raises(WorkflowError, match="may not fill in"):
        start_inspection(store, forms.load_all()["patrol"], site.p.id)
    with pytest.raises(WorkflowError, match="may not fill in"):
        submit_inspection(store, insp.id)
    assert store.get(Inspection, insp.id).answers == before.answers
    assert store.count(Inspection) == 1


def test_a_contractor_cannot_raise_or_edit_a_defect_of_another_firm(site, store):
    from inspect_app.core.permissions import check_edit_defect
    from inspect_app.store import defects

    site.as_(site.contractor)
    with pytest.raises(WorkflowError, match="may not raise a defect"):
        defects.raise_defect(store, Defect(project_id=site.p.id, title="x"))
    with pytest.raises(WorkflowError, match="not assigned to your organization"):
        check_edit_defect(Role.CONTRACTOR, site.builder.id, site.rival.id)
    with pytest.raises(WorkflowError, match="only reply"):
        check_edit_defect(Role.CONTRACTOR, site.builder.id, site.builder.id)
    check_edit_defect(Role.INSPECTOR, "", site.rival.id)  # the office may


# ----- lifecycle ------------------------------------------------------------------------------


def test_submit_names_what_is_missing_then_locks_and_a_supervisor_reopens(site, store):
    insp = site.patrol({k: v for k, v in PATROL_OK.items() if k not in ("weather", "rcd")})
    with pytest.raises(WorkflowError) as e:
        submit_inspection(store, insp.id)
    msg = str(e.value)
    assert "not answered: Residual-current device fitted and working" in msg
    assert "not answered: Inspector's signature" in msg
    assert store.get(Inspection, insp.id).status == InspectionStatus.DRAFT
    set_answer(store, insp.id, "rcd", "fail")  # a failed rcd needs a photo
    site.sign(insp, "inspector_signature")
    with pytest.raises(WorkflowError, match="photo missing: Residual-current device"):
        submit_inspection(store, insp.id)
    set_answer(store, insp.id, "rcd", "pass")  # voids the signature: it must be signed again
    with pytest.raises(WorkflowError, match="signature void, sign again: Inspector's signature"):
        submit_inspection(store, insp.id)
    site.sign(insp, "inspector_signature")
    done = submit_inspection(store, insp.id)
    assert done.status == InspectionStatus.SUBMITTED and done.submitted_at
    with pytest.raises(WorkflowError, match="submitted and locked"):
        set_answer(store, insp.id, "remarks", "补一句")
    with pytest.raises(WorkflowError, match="only a supervisor or admin"):
        reopen_inspection(store, insp.id, "日期错")
    site.as_(site.supervisor)
    with pytest.raises(WorkflowError, match="written reason"):
        reopen_inspection(store, insp.id, "  ")
    again = reopen_inspection(store, insp.id, "巡检日期填错")
    assert again.status == InspectionStatus.REOPENED
    assert [(e["action"], e["reason"]) for e in again.events] == [
        ("submitted", ""),
        ("reopened", "巡检日期填错"),
    ]
    assert again.events[1]["by"] == site.supervisor.id
    set_answer(store, insp.id, "patrolled_on", "2026-11-21")  # editable again


# ----- signing --------------------------------------------------------------------------------


def test_signing_never_voids_itself_or_another_party_and_a_change_voids_both_by_label(site, store):
    insp = site.patrol()
    mine = site.sign(insp, "inspector_signature")
    assert signature_status(store, mine).valid  # the form no longer says VOID right away
    with pytest.raises(identity.AuthError, match="must give their password"):
        site.sign(insp, "contractor_signature", signer="zhaolei")
    with pytest.raises(identity.AuthError, match="wrong user name or password"):
        site.sign(insp, "contractor_signature", signer="zhaolei", password="pw-wangqiang")
    assert store.count(Signature) == 1
    theirs = site.sign(insp, "contractor_signature", signer="zhaolei", password="pw-zhaolei")
    assert (theirs.user_id, theirs.signer_name, theirs.signer_role) == (
        site.contractor.id, "赵磊", "施工单位")  # fmt: skip
    assert theirs.author == site.inspector.id  # made on the inspector's laptop
    assert signature_status(store, mine).valid and signature_status(store, theirs).valid

    set_answer(store, insp.id, "remarks", "外墙保温粘结良好")
    for sig in (mine, theirs):
        status = signature_status(store, sig)
        assert not status.valid and status.changed_labels == ["item “Remarks”"]
    # Signing again after the change holds; the void ones stay void, as history.
    again = site.sign(insp, "inspector_signature")
    assert signature_status(store, again).valid and not signature_status(store, mine).valid


def test_a_guest_signs_by_name_and_role_and_bad_signings_store_nothing(site, store):
    insp = site.patrol()
    guest = site.sign(insp, "contractor_signature", guest_name="王秀英", guest_role="居民代表")
    assert guest.guest and not guest.user_id and guest.signer_role == "居民代表"
    n = store.count(Signature)
    for item, who, message in (
        ("remarks", {}, "is not a signature item"),
        ("no_such_item", {}, "no item no_such_item"),
        ("inspector_signature", {"guest_name": "王秀英"}, "guest's role is missing"),
        ("inspector_signature", {"signer": "nobody", "password": "x"}, "no user"),
    ):
        with pytest.raises(InspectError, match=message):
            site.sign(insp, item, **who)
    with pytest.raises(InspectError, match="signature item"):
        set_answer(store, insp.id, "inspector_signature", "forged")  # answering is not signing
    assert store.count(Signature) == n


def test_a_signature_on_a_group_entry_is_named_by_its_group_and_entry(site, store):
    tpl = forms.load_all()["acceptance"]
    insp = start_inspection(store, tpl, site.p.id)
    for i, party in enumerate(("owner", "contractor")):
        set_answer(store, insp.id, f"parties[{i}].party", party)
    a = site.sign(insp, "parties[0].signature")
    b = site.sign(insp, "parties[1].signature", signer="zhaolei", password="pw-zhaolei")
    set_answer(store, insp.id, "parties[1].opinion", "disagree")
    for sig in (a, b):
        labels = signature_status(store, sig).changed_labels
        assert len(labels) == 1 and "2" in labels[0] and "parties" not in labels[0]
    with pytest.raises(InspectError, match="no such entry"):
        site.sign(insp, "parties[5].signature")


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    order=st.permutations(["inspector_signature", "contractor_signature"]),
    edits=st.lists(st.sampled_from(["weather", "remarks", "rcd"]), max_size=2),
)
def test_signatures_hold_exactly_until_covered_content_changes(tmp_path_factory, order, edits):
    from inspect_app.store import Store

    with Store.open(tmp_path_factory.mktemp("p") / "p", create=True) as store:
        site = Site(store)
        insp = site.patrol()
        sigs = [site.sign(insp, item) for item in order]
        changed = False
        for k in edits:
            old = store.get(Inspection, insp.id).answers.get(k)
            new = {"weather": "rain", "remarks": "补充", "rcd": "fail"}[k]
            set_answer(store, insp.id, k, new)
            changed = changed or old != new
        assert [signature_status(store, s).valid for s in sigs] == [not changed] * len(sigs)


def test_a_submitted_record_takes_no_photos_from_any_path(site, store, tmp_path):
    from PIL import Image

    from inspect_app.photos import attach
    from inspect_app.photos.importer import Importer
    from inspect_app.store.inspections import check_photos_editable

    insp = site.patrol()
    site.sign(insp, "inspector_signature")
    submit_inspection(store, insp.id)
    photo = tmp_path / "site.jpg"
    Image.new("RGB", (64, 48), "gray").save(photo)
    link = {"target_type": "inspection", "target_id": insp.id, "item_id": "evidence"}
    with pytest.raises(WorkflowError, match="submitted and locked"):
        Importer(store, site.p.id, link=link)
    with pytest.raises(WorkflowError, match="submitted and locked"):
        attach.attach(store, insp.id, [attach.Suggestion("p", "evidence", 1.0, "")])
    with pytest.raises(WorkflowError, match="submitted and locked"):
        check_photos_editable(store, "inspection", insp.id)
    assert store.count(PhotoLink) == 0
    check_photos_editable(store, "defect", "any")  # other records are not checklists


def test_the_acceptance_gate_reads_a_submitted_record_not_a_reopened_one():
    from inspect_app.core.lifecycle import Facts, acceptance_inspection
    from inspect_app.core.model import InspectionKind

    def acc(status, day):
        return Inspection(project_id="p", template_id="acceptance", template_version=1,
                          template_hash="h", kind=InspectionKind.ACCEPTANCE, status=status,
                          started_at=f"2026-11-{day}T09:00:00+08:00")  # fmt: skip

    old = acc(InspectionStatus.SUBMITTED, 10)
    sent_back = acc(InspectionStatus.REOPENED, 20)  # newer, but being filled in again
    facts = Facts(Project(name="x"), inspections=[old, sent_back])
    assert acceptance_inspection(facts) is old
