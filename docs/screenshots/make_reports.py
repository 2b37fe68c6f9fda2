"""Regenerate the first-page screenshots of every report kind from a fresh demo profile.

    .venv/bin/python docs/screenshots/make_reports.py

Adds what the demo lacks so every part of a form shows: signatures on a signed inspection and
on the acceptance, markup on a hazard photo, an after photo on a replied defect.
"""

import io
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from inspect_app import demo  # noqa: E402
from inspect_app.core.model import (  # noqa: E402
    Defect,
    Inspection,
    Organization,
    Photo,
    PhotoLink,
    Project,
    Signature,
)
from inspect_app.reports.build import KINDS, build_report  # noqa: E402
from inspect_app.store import Store  # noqa: E402
from inspect_app.store.signing import current_hash  # noqa: E402
from inspect_app.store.store import now_iso  # noqa: E402


def signature_png(seed: int) -> bytes:
    img = Image.new("RGB", (360, 120), "white")
    pts = [(20 + i * 40, 60 + ((i * 37 + seed * 11) % 50) - 25) for i in range(9)]
    ImageDraw.Draw(img).line(pts, fill="#0d2a6b", width=5, joint="curve")
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def prepare(store: Store) -> tuple[Project, Inspection]:
    p = store.find(Project, "name = ?", ["和平里东街小区"])[0]
    insp = store.find(Inspection, "project_id = ? AND status = 'signed'", [p.id])[0]
    orgs = {o.short_name: o for o in store.find(Organization)}
    for n, (ttype, tid, name, role, org) in enumerate(
        [
            ("inspections", insp.id, "李娜", "检查人", "华建监理"),
            ("projects", p.id, "陈静", "建设单位", "东城区住建委"),
            ("projects", p.id, "王强", "监理单位", "华建监理"),
            ("projects", p.id, "赵磊", "施工单位", "北京城建"),
        ]
    ):
        store.save(
            Signature(
                target_type=ttype,
                target_id=tid,
                signer_name=name,
                signer_role=role,
                org_id=orgs[org].id,
                signed_at=now_iso(),
                content_hash=current_hash(store, ttype, tid),
                image_sha256=store.blobs.put_bytes(signature_png(n)),
            )
        )
    # Markup on the photos of this project's hazards.
    for link in store.find(PhotoLink, "target_type = 'defect'"):
        if store.get(Defect, link.target_id).project_id == p.id:
            photo = store.get(Photo, link.photo_id)
            photo.annotations = [
                {"kind": "circle", "points": [[0.3, 0.35], [0.62, 0.8]]},
                {"kind": "arrow", "points": [[0.85, 0.15], [0.6, 0.45]]},
                {"kind": "text", "points": [[0.66, 0.08]], "text": "锈蚀部位"},
            ]
            store.save(photo)
    # An after photo on a replied defect.
    replied = store.find(Defect, "project_id = ? AND status = 'verified'", [p.id])[0]
    shots = {}
    for label, pipe, stain in (
        ("整改前", (120, 80, 50), True),
        ("整改完成", (190, 190, 200), False),
    ):
        img = Image.new("RGB", (1200, 900), (150, 170, 160))
        draw = ImageDraw.Draw(img)
        draw.rectangle([500, 100, 620, 880], fill=pipe)
        if stain:
            draw.ellipse([470, 380, 660, 560], fill=(90, 50, 30))
        buf = io.BytesIO()
        img.save(buf, "JPEG")
        shots[label] = store.save(
            Photo(
                sha256=store.blobs.put_bytes(buf.getvalue()),
                project_id=p.id,
                width=1200,
                height=900,
                caption=label,
            )
        )
    before, after = shots["整改前"], shots["整改完成"]
    store.save(
        PhotoLink(photo_id=before.id, target_type="defect", target_id=replied.id, role="before")
    )
    store.save(
        PhotoLink(photo_id=after.id, target_type="defect", target_id=replied.id, role="after")
    )
    return p, insp


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        _render(Path(tmp))
    print("written to", HERE)


def _shot(pdf: Path, page: int, name: str) -> None:
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "80",
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            str(pdf),
            str(HERE / name),
        ],
        check=True,
    )


def _render(tmp: Path) -> None:
    with Store.open(tmp / "profile", create=True) as store:
        demo.create(store)
        p, insp = prepare(store)
        for kind in KINDS:
            pdf = tmp / f"{kind}.pdf"
            target = {"inspection_id": insp.id} if kind == "inspection" else {"project_id": p.id}
            build_report(store, kind, pdf, **target)
            _shot(pdf, 1, f"report-{kind}")
        _shot(tmp / "survey.pdf", 4, "report-survey-details")
        _shot(tmp / "rectification-reply.pdf", 1, "report-rectification-reply")
        build_report(store, "survey", tmp / "en.pdf", project_id=p.id, lang="en")
        _shot(tmp / "en.pdf", 1, "report-survey-en")


if __name__ == "__main__":
    main()
