"""Render the 检查记录 sheets a supervisor checks figure by figure: the JGJ 59 safety sheet
(scored, and with three items left blank: incomplete) and the drainage survey record, and the
隐患排查报告, in Chinese and English, every page.

    .venv/bin/python docs/screenshots/make_sheets.py
"""

import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from inspect_app import demo  # noqa: E402
from inspect_app.core.model import Inspection, Project  # noqa: E402
from inspect_app.reports.build import build_report  # noqa: E402
from inspect_app.store import Store  # noqa: E402


def render(pdf: Path, stem: str, last: int = 0) -> None:
    """Every page (or the first `last`) as stem-N.png."""
    for old in HERE.glob(f"{stem}-*.png"):
        old.unlink()
    pages = ["-l", str(last)] if last else []
    subprocess.run(["pdftoppm", "-png", "-r", "70", *pages, str(pdf), str(HERE / stem)], check=True)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        with Store.open(root / "p", create=True) as s:
            demo.create(s)
            drainage = s.find(Inspection, "template_id = 'drainage-survey'")[0]
            survey_project = s.get(Project, drainage.project_id)
            for lang in ("zh", "en"):
                pdf = root / f"d-{lang}.pdf"
                build_report(s, "inspection", pdf, inspection_id=drainage.id, lang=lang)
                render(pdf, f"report-drainage-record-{lang}")
                pdf = root / f"s-{lang}.pdf"
                build_report(s, "survey", pdf, project_id=survey_project.id, lang=lang)
                render(pdf, f"report-survey-{lang}", last=4)  # summary, registers, drainage
            insp = s.find(Inspection, "template_id = 'safety-score' AND status = 'submitted'")[0]
            for lang in ("zh", "en"):
                pdf = root / f"safety-{lang}.pdf"
                build_report(s, "inspection", pdf, inspection_id=insp.id, lang=lang)
                render(pdf, f"report-safety-sheet-{lang}")
            blank = ("sm_plan", "sm_checks", "sm_emergency")
            insp.answers = {k: v for k, v in insp.answers.items() if k not in blank}
            s.save(insp)
            for lang in ("zh", "en"):
                pdf = root / f"incomplete-{lang}.pdf"
                build_report(s, "inspection", pdf, inspection_id=insp.id, lang=lang)
                render(pdf, f"report-safety-sheet-incomplete-{lang}")


if __name__ == "__main__":
    main()
