"""Render every page of the supervision forms and the acceptance record, zh and en, from a fresh
demo profile: report-notice-*, report-stop-order-*, report-reply-*, report-acceptance-*,
report-acceptance-draft-* (PNG, one per page).

    .venv/bin/python docs/screenshots/make_paper.py

One issued notice of each form is printed (the demo issues many); the supervisor signs the
notice and the stop order, the contractor's project manager and the supervisor sign the reply.
"""

import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from inspect_app import demo  # noqa: E402
from inspect_app.core.model import Notice, Project, User  # noqa: E402
from inspect_app.demo_checklists import DEMO_PASSWORD, demo_strokes, strokes_png  # noqa: E402
from inspect_app.reports.build import build_report  # noqa: E402
from inspect_app.reports.data import Filters  # noqa: E402
from inspect_app.store import Store  # noqa: E402
from inspect_app.store.signatures import sign  # noqa: E402

PROJECT = "和平里东街小区"


def signed(store: Store, n: Notice, *who: str) -> None:
    for login in who:
        strokes = demo_strokes(login)
        sign(store, "notices", n.id, strokes=strokes, png_bytes=strokes_png(strokes),
             signer=login, password=DEMO_PASSWORD)  # fmt: skip


def render(pdf: Path, stem: str) -> list[Path]:
    for old in HERE.glob(f"{stem}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "70", str(pdf), str(HERE / stem)], check=True)
    return sorted(HERE.glob(f"{stem}-*.png"))


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        with Store.open(root / "profile", create=True) as s:
            demo.create(s)
            p = s.find(Project, "name = ?", [PROJECT])[0]
            notices = s.find(Notice, "project_id = ?", [p.id], order_by="issued_at DESC")
            notice = next(n for n in notices if n.form == "notice" and n.status == "issued")
            stop = next(n for n in notices if n.form == "stop")
            replied = next(n for n in notices if n.status == "replied")
            signed(s, notice, "wangqiang")
            signed(s, stop, "wangqiang")
            manager = next(u for u in s.find(User) if u.org_id == replied.addressee_org_id)
            signed(s, replied, manager.name, "wangqiang")
            warranty = s.find(Project, "stage = 'warranty'")[0]
            draft = s.find(Project, "stage = 'acceptance'")[0]
            shots: list[Path] = []
            for lang in ("zh", "en"):
                for stem, kind, pid, one in (
                    ("notice", "rectification-notice", p.id, notice),
                    ("stop-order", "stop-order", p.id, stop),
                    ("reply", "rectification-reply", p.id, replied),
                    ("acceptance", "acceptance", warranty.id, None),
                    ("acceptance-draft", "acceptance", draft.id, None),
                ):
                    pdf = root / f"{stem}-{lang}.pdf"
                    filters = Filters(notice=one.id) if one else None
                    build_report(s, kind, pdf, project_id=pid, lang=lang, filters=filters)
                    shots += render(pdf, f"report-{stem}-{lang}")
    for shot in shots:
        print(shot.relative_to(HERE.parent.parent))


if __name__ == "__main__":
    main()
