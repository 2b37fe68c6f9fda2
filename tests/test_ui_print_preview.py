import shutil

import pytest

from inspect_app.core.model import Project
from inspect_app.store import Store


@pytest.fixture
def profile(demo_profile, tmp_path):
    prof = tmp_path / "p"
    shutil.copytree(demo_profile, prof)
    with Store.open(prof) as s:
        project = s.find(Project, "name = ?", ["和平里东街小区"])[0]
    return prof, project.id


def _dialog(qtbot, *args, **kw):
    from inspect_app.ui.app import application
    from inspect_app.ui.print_preview import PrintPreviewDialog

    application()
    dialog = PrintPreviewDialog(*args, **kw)
    qtbot.addWidget(dialog)
    return dialog


def test_preview_renders_off_thread_then_saves_and_prints(qtbot, profile, tmp_path):
    from PySide6.QtPrintSupport import QPrinter

    prof, pid = profile
    dialog = _dialog(qtbot, prof, "acceptance", project_id=pid)
    assert not dialog.save_button.isEnabled()  # nothing to save until the worker is done
    with qtbot.waitSignal(dialog.report_ready, timeout=60_000):
        dialog.show()
    assert dialog.document.pageCount() >= 1
    assert dialog.number.startswith("YS-") and dialog.number in dialog.status.text()
    assert dialog.print_button.isEnabled() and dialog.save_button.isEnabled()

    saved = dialog.save_as(tmp_path / "copy")
    assert saved.suffix == ".pdf" and saved.read_bytes() == dialog.pdf_path.read_bytes()

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert dialog.print_to(printer) == dialog.document.pageCount()
    assert (tmp_path / "printed.pdf").stat().st_size > 10_000
    dialog.grab().save(str(tmp_path / "preview.png"))
    dialog.reject()


def test_preview_shows_why_a_report_cannot_be_made(qtbot, profile):
    prof, _ = profile
    dialog = _dialog(qtbot, prof, "survey", project_id="missing")
    with qtbot.waitSignal(dialog.report_failed, timeout=30_000) as blocker:
        dialog.show()
    assert "missing" in blocker.args[0]
    assert "missing" in dialog.status.text() and not dialog.save_button.isEnabled()
    dialog.reject()


def test_a_report_saved_from_the_preview_verifies_and_a_forged_one_does_not(
    qtbot, profile, tmp_path, cli
):
    """Print, save, verify: the journey of a supervisor's paperwork, in the window and on the
    command line."""
    from test_report_proof import rewrite_text

    prof, pid = profile
    dialog = _dialog(qtbot, prof, "handover", project_id=pid)
    with qtbot.waitSignal(dialog.report_ready, timeout=60_000):
        dialog.show()
    saved = dialog.save_as(tmp_path / "handover")
    dialog.reject()
    code, out, _ = cli("verify", saved, "--data", prof)
    assert code == 0 and "byte for byte" in out
    number = dialog.number
    forged = number[:-1] + ("0" if number[-1] != "0" else "1")
    rewrite_text(saved, number, forged, tmp_path / "forged.pdf")
    code, out, _ = cli("verify", tmp_path / "forged.pdf", "--data", prof)
    assert code == 1 and "page 1 text differs" in out and forged[-6:] in out
