"""Regenerate the screenshots of printed signature blocks from a fresh demo profile.

    .venv/bin/python docs/screenshots/make_signatures.py

report-signatures-acceptance.png  the demo's acceptance record: six parties, guests among them
report-signatures-acceptance-en.png  the same in English
report-signatures-handover.png    the handover list: the checklist's giver, receiver, witness
report-signatures-void.png        the same acceptance after its conclusion was edited
report-signatures-tally.png       a tally sheet's block (计票人, 监票人) with its integrity block
"""

import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from inspect_app import demo  # noqa: E402
from inspect_app.core.model import Inspection, InspectionKind, Project, Signature  # noqa: E402
from inspect_app.reports.build import build_report  # noqa: E402
from inspect_app.store import Store  # noqa: E402

DPI = 110


def crop(pdf: Path, heading: str, out: Path, height_mm: float = 95) -> None:
    """The page from `heading` down `height_mm`, as a reader sees it."""
    bbox = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    for n, page in enumerate(bbox.split("<page ")[1:], 1):  # noqa: B007 - n is used below
        m = re.search(rf'yMin="([\d.]+)"[^>]*>{re.escape(heading)}<', page)
        if m:
            break
    else:
        raise SystemExit(f"{heading} not found in {pdf}")
    y = max(0, int(float(m.group(1)) * DPI / 72) - 12)
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(DPI), "-f", str(n), "-l", str(n), "-y", str(y),
         "-H", str(int(height_mm * DPI / 25.4)), "-x", "0", "-W", str(int(210 * DPI / 25.4)),
         "-singlefile", str(pdf), str(out.with_suffix(""))],
        check=True,
    )  # fmt: skip
    print(out)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        with Store.open(root / "profile", create=True) as s:
            demo.create(s)
            signed = s.find(
                Inspection, "kind = ? AND status != 'draft'", [InspectionKind.ACCEPTANCE.value]
            )
            accepted = next(
                i for i in signed if s.find(Signature, "target_id = ?", [i.id])
            )  # the checklist every party signed
            p = s.get(Project, accepted.project_id)
            build_report(s, "acceptance", root / "a.pdf", inspection_id=accepted.id)
            crop(root / "a.pdf", "参加验收单位签字", HERE / "report-signatures-acceptance.png", 150)
            build_report(s, "acceptance", root / "en.pdf", inspection_id=accepted.id, lang="en")
            crop(root / "en.pdf", "Signatures", HERE / "report-signatures-acceptance-en.png", 150)
            handover = s.find(Inspection, "kind = ?", [InspectionKind.HANDOVER.value])
            hp = handover[0].project_id if handover else p.id
            build_report(s, "handover", root / "h.pdf", project_id=hp)
            crop(root / "h.pdf", "交接签字", HERE / "report-signatures-handover.png", 160)
            accepted.notes = "签字后补充：外墙涂料色差另行处理。"
            s.save(accepted)
            build_report(s, "acceptance", root / "v.pdf", inspection_id=accepted.id)
            crop(root / "v.pdf", "参加验收单位签字", HERE / "report-signatures-void.png", 150)
            ballots = root / "b.csv"
            ballots.write_text(
                "unit,owner,area_m2,vote,cast\n1-101,王秀英,100,同意,线上\n"
                "1-102,李建国,60,同意,书面\n1-201,张桂兰,90,弃权,\n",
                encoding="utf-8",
            )
        subprocess.run(
            [sys.executable, "-c", "from inspect_app.cli import main; raise SystemExit(main())",
             "consent", "tally", str(ballots), "--matter", "major", "--data",
             str(root / "profile"), "--project", p.id, "--pdf", str(root / "t.pdf")],
            check=True, cwd=HERE.parent.parent, capture_output=True,
        )  # fmt: skip
        crop(root / "t.pdf", "计票、监票签字", HERE / "report-signatures-tally.png", 90)


if __name__ == "__main__":
    main()
