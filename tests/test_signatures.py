import io
import sqlite3

import pytest
import sqlite_utils
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from inspect_app.core.model import (
    Defect,
    Inspection,
    InspectionKind,
    InspectionStatus,
    Organization,
    OrgKind,
    Photo,
    PhotoLink,
    Project,
    Role,
    Severity,
    Signature,
    User,
)
from inspect_app.core.signing import content_hash
from inspect_app.errors import InspectError
from inspect_app.store import Store, migrations
from inspect_app.store.profile import DB_NAME
from inspect_app.store.signatures import (
    VALID,
    VOID,
    diff_content,
    sign,
    signature_status,
    signatures_for,
)
from inspect_app.store.signing import current_hash, signed_content

STROKES = [[[10.0, 20.0, 0.0, 0.5], [30.0, 25.0, 16.0, 0.6]], [[40, 10, 100, 0.4]]]


def png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGBA", (40, 20), (0, 0, 0, 0)).save(buf, "PNG")
    return buf.getvalue()


@pytest.fixture
def inspection(store):
    org = store.save(Organization(name="北京华建工程监理有限公司", kind=OrgKind.SUPERVISOR))
    store.set_actor(store.save(User(name="wangqiang", display_name="王强", role=Role.SUPERVISOR,
                                    org_id=org.id)).id)  # fmt: skip
    p = store.save(Project(name="和平里东街小区"))
    insp = store.save(
        Inspection(
            project_id=p.id,
            template_id="gas-household",
            template_version=1,
            template_hash="h",
            kind=InspectionKind.SURVEY,
            title="3号楼 户内燃气排查",
            answers={"hose_age": "pass", "leak_test": "pass", "meter": {"reading": 12}},
        )
    )
    store.save(Defect(project_id=p.id, title="燃气软管老化", inspection_id=insp.id))
    return insp


def sign_it(store, insp, **kw):
    args = {
        "guest_name": "王秀英",
        "guest_role": "居民代表",
        "strokes": STROKES,
        "png_bytes": png(),
    }
    return sign(store, "inspections", insp.id, **(args | kw))


def test_signing_fixes_the_current_content(store, inspection):
    sig = sign_it(store, inspection)
    assert sig.content_hash == current_hash(store, "inspections", inspection.id)
    assert content_hash(sig.signed_content) == sig.content_hash
    assert store.blobs.read(sig.image_sha256) == png()
    assert sig.signed_at and sig.strokes == STROKES
    assert signature_status(store, sig).state == VALID
    # Stored, audited and queued for sync like any record.
    again = signatures_for(store, "inspections", inspection.id)
    assert [s.id for s in again] == [sig.id]
    assert again[0].signed_content == sig.signed_content
    assert store.history("signatures", sig.id)[0]["action"] == "create"


def test_changing_an_answer_voids_the_signature_and_names_it(store, inspection):
    sig = sign_it(store, inspection)
    inspection.answers["leak_test"] = "fail"
    store.save(inspection)
    status = signature_status(store, sig)
    assert status.state == VOID and not status.valid
    assert status.changed_fields == ["answers.leak_test"]
    assert (status.changes[0].before, status.changes[0].after) == ("pass", "fail")


def test_a_changed_defect_or_photo_or_title_is_named(store, inspection):
    sig = sign_it(store, inspection)
    (defect,) = store.find(Defect, "inspection_id = ?", [inspection.id])
    defect.severity = Severity.MAJOR
    store.save(defect)
    store.save(PhotoLink(photo_id=store.save(Photo(sha256="a" * 64)).id, **_link(inspection)))
    inspection.title = "4号楼 户内燃气排查"
    store.save(inspection)
    fields = signature_status(store, sig).changed_fields
    assert fields == ["title", f"defects/{defect.id}.severity", "photos"]


def _link(insp):
    return {"target_type": "inspections", "target_id": insp.id}


def test_a_status_change_is_not_a_content_change(store, inspection):
    sig = sign_it(store, inspection)
    inspection.status = InspectionStatus.SIGNED
    store.save(inspection)
    assert signature_status(store, sig).valid


def test_changing_back_makes_it_valid_again(store, inspection):
    sig = sign_it(store, inspection)
    inspection.answers["hose_age"] = "fail"
    store.save(inspection)
    assert not signature_status(store, sig).valid
    inspection.answers["hose_age"] = "pass"
    store.save(inspection)
    assert signature_status(store, sig).valid


def test_deleting_the_signed_record_voids_it(store, inspection):
    sig = sign_it(store, inspection)
    store.delete(Inspection, inspection.id)
    status = signature_status(store, sig)
    assert status.state == VOID and status.changed_fields == ["deleted"]


def test_the_status_survives_reopening_the_profile(tmp_path, inspection, store):
    sign_it(store, inspection)
    inspection.answers["meter"] = {"reading": 13}
    store.save(inspection)
    root = store.root
    store.close()
    with Store.open(root) as s:
        (again,) = signatures_for(s, "inspections", inspection.id)
        assert signature_status(s, again).changed_fields == ["answers.meter.reading"]


def test_a_signature_cannot_be_changed_after_signing(store, inspection):
    sig = sign_it(store, inspection)
    sig.signer_name = "李四"
    with pytest.raises(InspectError, match="cannot change"):
        store.save(sig)


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"guest_name": "  "}, "guest's name is missing"),
        ({"guest_role": ""}, "guest's role is missing"),
        ({"strokes": [[]]}, "strokes are invalid"),
        ({"strokes": [[[1, 2, 3]]]}, "strokes are invalid"),
        ({"strokes": [[[1, 2, 3, float("nan")]]]}, "strokes are invalid"),
        ({"strokes": [[["a", 2, 3, 0.5]]]}, "strokes are invalid"),
        ({"png_bytes": b"GIF89a"}, "not a PNG"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(store, inspection, kw, message):
    with pytest.raises(InspectError, match=message):
        sign_it(store, inspection, **kw)
    assert store.count(Signature) == 0


def test_signing_a_missing_record_is_refused(store, inspection):
    with pytest.raises(InspectError, match="no inspections record"):
        sign(store, "inspections", "nope", strokes=STROKES, png_bytes=png())
    assert store.count(Signature) == 0
    with pytest.raises(InspectError, match="cannot sign"):
        sign(store, "nonsense", "x", strokes=[], png_bytes=b"")


def test_a_signature_written_before_snapshots_were_kept(tmp_path):
    """Rows of the previous schema get an empty snapshot: status still works from the hash."""
    prof = tmp_path / "p"
    prof.mkdir()
    db = sqlite_utils.Database(sqlite3.connect(prof / DB_NAME, isolation_level=None))
    migrations.migrate(db, upto="0002_defect_search")
    common = {"hlc": "000000000000001.00000.n", "author": "u", "clocks": "{}"}
    db["projects"].insert({"id": "p1", "name": "小区", "stage": "survey", **common})
    db["signatures"].insert(
        {"id": "s1", "target_type": "projects", "target_id": "p1", "signer_name": "王强"}
        | {"signer_role": "监理", "content_hash": "0" * 64, **common}
    )
    db["signatures"].insert(
        {"id": "s2", "target_type": "projects", "target_id": "p1", "signer_name": "王强"}
        | {"signer_role": "监理", "content_hash": "", **common}
    )
    db.close()
    with Store.open(prof) as s:
        old = s.get(Signature, "s1")
        assert old.signed_content == {}
        assert signature_status(s, old).changed_fields == ["*"]
        # The same row re-hashed to the current content is valid: the hash alone decides.
        s.db.execute(
            "UPDATE signatures SET content_hash = ? WHERE id = 's2'",
            [content_hash(signed_content(s, "projects", "p1"))],
        )
        assert signature_status(s, s.get(Signature, "s2")).valid


answers = st.dictionaries(
    st.text(min_size=1, max_size=6), st.one_of(st.sampled_from(["pass", "fail", "na"]), st.none())
)


@settings(max_examples=60, deadline=None)
@given(before=answers, after=answers)
def test_diff_names_exactly_the_answers_that_differ(before, after):
    then = {"type": "inspections", "record": {"title": "x", "answers": before}}
    now = {"type": "inspections", "record": {"title": "x", "answers": after}}
    changed = {c.path for c in diff_content(then, now)}
    expected = {
        f"answers.{k}" for k in before.keys() | after.keys() if before.get(k) != after.get(k)
    }
    assert changed == expected


def test_a_photo_added_to_a_signed_defect_voids_the_signature(store):
    from inspect_app.core.model import Defect, Photo, PhotoLink, Project
    from inspect_app.store.signing import current_hash

    p = store.save(Project(name="和平里东街小区"))
    d = store.save(Defect(project_id=p.id, title="燃气立管锈蚀"))
    before = current_hash(store, Defect.table, d.id)
    photo = store.save(Photo(sha256="a" * 64))
    store.save(PhotoLink(photo_id=photo.id, target_type="defect", target_id=d.id))
    assert current_hash(store, Defect.table, d.id) != before
