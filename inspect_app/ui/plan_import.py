"""Importing a community's site plan: a PNG/JPEG as it is, or a PDF page rendered by QtPdf."""

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
from PySide6.QtGui import QColor, QImage, QImageReader, QPainter
from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions

from ..core.i18n import t
from ..core.model import Project
from ..errors import InspectError
from ..store import Store

PDF_LONG_SIDE = 3000  # pixels of a rendered PDF page's longer side


def plan_image(store: Store, project: Project) -> QImage | None:
    if not project.site_plan_sha256 or store.blobs is None:
        return None
    if not store.blobs.has(project.site_plan_sha256):
        return None  # not synced to this laptop yet: the pins still show, on a blank canvas
    image = QImage()
    image.loadFromData(store.blobs.read(project.site_plan_sha256))
    return None if image.isNull() else image


def pdf_page_count(path: Path) -> int:
    doc = _open_pdf(path)
    try:
        return doc.pageCount()
    finally:
        doc.close()


def render_pdf_page(path: Path, page: int = 0, long_side: int = PDF_LONG_SIDE) -> QImage:
    """A PDF page as an image, its longer side `long_side` pixels, on white."""
    doc = _open_pdf(path)
    try:
        if not 0 <= page < doc.pageCount():
            raise InspectError(
                t(
                    f"PDF 只有 {doc.pageCount()} 页，没有第 {page + 1} 页。",
                    f"the PDF has {doc.pageCount()} pages, not page {page + 1}",
                )
            )
        size = doc.pagePointSize(page)
        scale = long_side / max(size.width(), size.height())
        image = doc.render(
            page,
            QSize(round(size.width() * scale), round(size.height() * scale)),
            QPdfDocumentRenderOptions(),
        )
        if image.isNull():
            raise InspectError(t(f"无法渲染 PDF：{path}", f"could not render the PDF: {path}"))
        out = QImage(image.size(), QImage.Format.Format_RGB32)
        out.fill(QColor("white"))  # pages render transparent where nothing is drawn
        p = QPainter(out)
        p.drawImage(0, 0, image)
        p.end()
        return out
    finally:
        doc.close()


def _open_pdf(path: Path) -> QPdfDocument:
    doc = QPdfDocument()
    err = doc.load(str(path))
    if err != QPdfDocument.Error.None_ or doc.pageCount() < 1:
        doc.close()
        raise InspectError(
            t(
                f"无法打开 PDF（{err.name}）：{path}。请确认文件完整且未加密。",
                f"could not open the PDF ({err.name}): {path}. Check that it is whole and not encrypted.",
            )
        )
    return doc


def import_plan(store: Store, project_id: str, path: Path, page: int = 0) -> str:
    """Make a PNG/JPEG file or a PDF page the community's plan; return the blob's SHA-256."""
    path = Path(path)
    try:
        with path.open("rb") as f:
            head = f.read(8)
    except OSError as e:
        raise InspectError(t(f"无法读取文件：{path}（{e}）", f"cannot read {path} ({e})")) from None
    if head.startswith(b"%PDF"):
        image = render_pdf_page(path, page)
        data = _png_bytes(image)
    else:
        reader = QImageReader(str(path))
        fmt = bytes(reader.format().data()).decode()
        if fmt not in ("png", "jpeg", "jpg") or not reader.canRead():
            raise InspectError(
                t(
                    f"不是 PNG、JPEG 或 PDF 文件：{path}",
                    f"not a PNG, JPEG or PDF file: {path}",
                )
            )
        image = reader.read()
        if image.isNull():
            raise InspectError(
                t(
                    f"图片已损坏，无法读取（{reader.errorString()}）：{path}",
                    f"the image is damaged ({reader.errorString()}): {path}",
                )
            )
        data = path.read_bytes()  # kept as imported: the plan is a document
    sha = store.require_blobs().put_bytes(data)
    project = store.get(Project, project_id)
    project.site_plan_sha256 = sha
    store.save(project)
    return sha


def _png_bytes(image: QImage) -> bytes:
    ba = QByteArray()
    buf = QBuffer(ba)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")  # type: ignore[call-overload]  # a QIODevice: missing from the stubs
    buf.close()
    return bytes(ba.data())
