"""Print preview of a report: built off the GUI thread, shown with QtPdf, printed or saved.

    dialog = PrintPreviewDialog(store.root, "survey", project_id=project.id, parent=window)
    dialog.show()   # or .exec()

The report is made by `reports.build_report` in a worker thread with its own connection to
the profile, so the window stays responsive; progress shows in the dialog. The file shown is
the one issued: "save as PDF" copies its bytes, so `inspect-app verify` finds it unchanged.
"""

import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import QObject, QRect, QSize, Qt, QThread, Signal, Slot
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
)

from ..errors import InspectError
from ..store import Store
from .screen_fit import fit

PRINT_DPI = 300


class _ReportWorker(QObject):
    """Builds one report in a worker thread."""

    progressed = Signal(str)
    finished = Signal(str, str)  # path, report number
    failed = Signal(str)

    def __init__(self, data_dir: Path, kind: str, out: Path, options: dict):
        super().__init__()
        self._args = (data_dir, kind, out, options)

    @Slot()
    def run(self) -> None:
        from ..reports.build import build_report

        data_dir, kind, out, options = self._args
        try:
            with Store.open(data_dir) as store:
                record = build_report(store, kind, out, progress=self.progressed.emit, **options)
        except InspectError as e:
            self.failed.emit(str(e))
        except Exception as e:  # a bug: show it rather than leave the dialog waiting
            self.failed.emit(f"{type(e).__name__}: {e}")
        else:
            self.finished.emit(str(out), record.number)


class PrintPreviewDialog(QDialog):
    """Preview one report and print it or save it as PDF.

    data_dir: the profile folder (Store.root); kind: one of reports.build.KINDS;
    project_id or inspection_id: what the report is for; lang: "zh" or "en";
    filters: reports.data.Filters for the defect list.
    """

    report_ready = Signal(str)  # path of the PDF shown
    report_failed = Signal(str)  # the message shown

    def __init__(
        self,
        data_dir: Path,
        kind: str,
        project_id: str = "",
        inspection_id: str = "",
        lang: str = "zh",
        filters=None,
        parent=None,
    ):
        super().__init__(parent)
        self.setWindowTitle(self.tr("打印预览"))
        fit(self, 900, 1000)  # a page's height where the screen has it
        self._tmpdir = tempfile.TemporaryDirectory(prefix="inspect-report-")
        self.pdf_path: Path | None = None
        self.number = ""

        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.status = QLabel(self.tr("正在生成报告…"), self)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)  # busy until the report is ready

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.print_button = QPushButton(self.tr("打印…"), self)
        self.save_button = QPushButton(self.tr("另存为 PDF…"), self)
        for b in (self.print_button, self.save_button):
            b.setEnabled(False)
            buttons.addButton(b, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.print_button.clicked.connect(self._on_print_clicked)
        self.save_button.clicked.connect(self._on_save_clicked)

        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addWidget(buttons)

        out = Path(self._tmpdir.name) / f"{kind}.pdf"
        options = {"project_id": project_id, "inspection_id": inspection_id, "lang": lang}
        if filters is not None:
            options["filters"] = filters
        self._thread = QThread(self)
        self._worker = _ReportWorker(Path(data_dir), kind, out, options)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.progressed.connect(self.status.setText)
        self._worker.finished.connect(self._on_worker_finished)
        self._worker.failed.connect(self._on_worker_failed)
        self._worker.finished.connect(self._thread.quit)
        self._worker.failed.connect(self._thread.quit)
        self._thread.start()

    # ----- results from the worker --------------------------------------------------------

    @Slot(str, str)
    def _on_worker_finished(self, path: str, number: str) -> None:
        self.pdf_path, self.number = Path(path), number
        self.document.load(path)
        self.progress.hide()
        pages = self.document.pageCount()
        self.status.setText(self.tr("编号 {0} · 共 {1} 页").format(number, pages))
        self.print_button.setEnabled(True)
        self.save_button.setEnabled(True)
        self.report_ready.emit(path)

    @Slot(str)
    def _on_worker_failed(self, message: str) -> None:
        self.progress.hide()
        self.status.setText(self.tr("无法生成报告：") + message)
        self.status.setStyleSheet("color: #c62828")
        self.report_failed.emit(message)

    # ----- actions ------------------------------------------------------------------------

    def save_as(self, target: Path) -> Path:
        """Copy the report, byte for byte, to `target`."""
        if self.pdf_path is None:
            raise RuntimeError("no report yet")
        target = Path(target)
        if target.suffix.lower() != ".pdf":
            target = target.with_suffix(".pdf")
        shutil.copyfile(self.pdf_path, target)
        return target

    def print_to(self, printer: QPrinter) -> int:
        """Paint every page onto the printer, each scaled to the printable page; return pages."""
        painter = QPainter()
        if not painter.begin(printer):
            raise OSError("the printer could not be started")
        try:
            for i in range(self.document.pageCount()):
                if i:
                    printer.newPage()
                # Pages are rendered at up to 300 dpi (a 1200 dpi A4 page is 140 megapixels)
                # and scaled onto the printable area.
                pts = self.document.pagePointSize(i)
                dpi = min(printer.resolution(), PRINT_DPI)
                image = self.document.render(
                    i, QSize(round(pts.width() / 72 * dpi), round(pts.height() / 72 * dpi))
                )
                area = painter.viewport()
                target = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(QRect(0, 0, target.width(), target.height()), image)
        finally:
            painter.end()
        return self.document.pageCount()

    @Slot()
    def _on_print_clicked(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if QPrintDialog(printer, self).exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    @Slot()
    def _on_save_clicked(self) -> None:
        name = f"{self.number or 'report'}.pdf"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("另存为 PDF"), name, "PDF (*.pdf)")
        if path:
            self.save_as(Path(path))

    def done(self, result: int) -> None:
        if self._thread.isRunning():
            self._thread.quit()
            self._thread.wait()
        self.document.close()
        self._tmpdir.cleanup()
        super().done(result)
