"""Making a report: pick the kind, gather what it shows, write the file, record its issue.

The file is written beside its destination and renamed into place only when complete, and
the issued-report record is saved after the file exists, so neither a half-written PDF nor a
record of a report that was never written is left behind.
"""

import hashlib
import logging
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from .. import logs
from ..core.defect_status import project_today
from ..core.i18n import pick, t
from ..core.model import Inspection, IssuedReport, Project
from ..core.report_kinds import TITLES
from ..errors import InspectError
from ..store import Store
from . import acceptance, defect_list, handover, inspection, rectification, survey
from .context import Ctx
from .data import Filters
from .layout import ReportDocument, integrity_block
from .pages import read_pdf

log = logging.getLogger(__name__)

# kind -> (zh title, en title, story function, landscape)
KINDS: dict[str, tuple[str, str, Callable, bool]] = {
    kind: (*TITLES[kind], story, wide)
    for kind, story, wide in (
        ("survey", survey.story, False),
        ("inspection", inspection.story, False),
        ("rectification-notice", rectification.notice, False),
        ("rectification-reply", rectification.reply, False),
        ("stop-order", rectification.stop_order, False),
        ("acceptance", acceptance.story, False),
        ("handover", handover.story, False),
        ("defects", defect_list.story, True),
    )
}


class ReportError(InspectError):
    """A report cannot be made from what was asked."""


def make_context(
    store: Store,
    kind: str,
    project_id: str = "",
    inspection_id: str = "",
    lang: str = "zh",
    filters: Filters | None = None,
) -> Ctx:
    if kind not in KINDS:
        raise ReportError(
            t(
                f"未知的报告类型“{kind}”，可选：{'、'.join(KINDS)}",
                f"unknown report kind {kind!r}; one of {', '.join(KINDS)}",
            )
        )
    if lang not in ("zh", "en"):
        raise ReportError(
            t(f"不支持的语言 {lang}（zh 或 en）", f"unsupported language {lang} (zh or en)")
        )
    if bool(project_id) == bool(inspection_id):
        raise ReportError(
            t("请指定 --project 或 --inspection 之一", "give one of --project or --inspection")
        )
    if kind == "inspection" and not inspection_id:
        raise ReportError(t("检查记录需要 --inspection", "an inspection record needs --inspection"))
    zh, en, _, wide = KINDS[kind]
    if inspection_id:
        found = store.get(Inspection, inspection_id)
        insp: Inspection | None = found
        project = store.get(Project, found.project_id)
        target = ("inspections", found.id)
    else:
        insp, project = None, store.get(Project, project_id)
        target = ("projects", project.id)
    ctx = Ctx(
        store=store,
        kind=kind,
        project=project,
        lang=lang,
        title=pick(zh, en, lang),
        landscape=wide,
        inspection=insp,
    )
    ctx.target_type, ctx.target_id = target
    ctx.filters = filters.as_dict() if filters else {}
    ctx.filter_spec = filters or Filters()
    ctx.today = project_today(ctx.project.settings)  # deadlines are read on site's calendar
    return ctx


def build_report(
    store: Store,
    kind: str,
    out: Path,
    project_id: str = "",
    inspection_id: str = "",
    lang: str = "zh",
    filters: Filters | None = None,
    progress: Callable[[str], None] | None = None,
) -> IssuedReport:
    """Write the report to `out` (.pdf; .xlsx for the defect list) and record its issue."""
    with logs.timed(log, f"report {kind} to {Path(out).name}") as figures:
        record = _build(store, kind, Path(out), project_id, inspection_id, lang, filters, progress)
        figures.update(number=record.number, bytes=Path(out).stat().st_size)
    return record


def _build(
    store: Store,
    kind: str,
    out: Path,
    project_id: str,
    inspection_id: str,
    lang: str,
    filters: Filters | None,
    progress: Callable[[str], None] | None,
) -> IssuedReport:
    ctx = make_context(store, kind, project_id, inspection_id, lang, filters)
    suffix = out.suffix.lower()
    if suffix not in (".pdf", ".xlsx") or (suffix == ".xlsx" and kind != "defects"):
        raise ReportError(
            t(
                f"输出文件须为 .pdf（缺陷清单也可为 .xlsx）：{out}",
                f"the output must be a .pdf (or .xlsx for the defect list): {out}",
            )
        )
    note = progress or (lambda _: None)
    note(t("正在读取数据…", "reading records…"))
    if suffix == ".xlsx":
        return issue(ctx, out, lambda path: defect_list.write_xlsx(ctx, path), note)
    return issue(ctx, out, lambda path: _write_pdf(ctx, path, note), note)


def issue(
    ctx: Ctx,
    out: Path,
    write: Callable[[Path], None],
    note: Callable[[str], None] | None = None,
) -> IssuedReport:
    """Write a document through `write` beside `out`, rename it into place, and record its
    issue: what it showed, the hash it carries, its file's SHA-256 and each page's text and
    drawing (reports/pages.py) for verify. Every printed document goes through here."""
    note = note or (lambda _: None)
    out = Path(out)
    if not out.parent.is_dir():
        raise ReportError(t(f"输出目录不存在：{out.parent}", f"no such folder: {out.parent}"))
    try:
        fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.stem}-", suffix=out.suffix)
    except OSError as e:
        raise ReportError(
            t(f"无法写入 {out.parent}：{e.strerror}", f"cannot write to {out.parent}: {e.strerror}")
        ) from None
    os.close(fd)
    try:
        write(Path(tmp))
        digest = _sha256(Path(tmp))
        pages = {}
        if out.suffix.lower() == ".pdf":
            note(t("正在记录各页内容…", "recording each page…"))
            pages = read_pdf(Path(tmp)).record()
        record = IssuedReport(
            id=ctx.report_id,
            number=ctx.number,
            kind=ctx.kind,
            target_type=ctx.target_type,
            target_id=ctx.target_id,
            lang=ctx.lang,
            created_at=ctx.printed_at.isoformat(timespec="seconds"),
            content_hash=ctx.content_hash,
            file_sha256=digest,
            contents=ctx.contents,
            signatures={
                s.id: {"target": f"{s.target_type}/{s.target_id}", "hash": s.content_hash}
                for s in ctx.signatures
            },
            filters=ctx.filters,
            pages=pages,
        )
        os.replace(tmp, out)
    except OSError as e:  # disk full, no permission, a folder gone: the store is untouched
        Path(tmp).unlink(missing_ok=True)
        raise ReportError(
            t(f"无法写入 {out}：{e.strerror or e}", f"cannot write {out}: {e.strerror or e}")
        ) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    ctx.store.save(record)
    note(t("完成", "done"))
    return record


def _write_pdf(ctx: Ctx, path: Path, note: Callable[[str], None]) -> None:
    story_fn = KINDS[ctx.kind][2]
    note(t("正在准备照片…", "preparing photos…"))
    write_document(ctx, path, lambda width: story_fn(ctx, width), note)


def write_document(
    ctx: Ctx,
    path: Path,
    story_fn: Callable[[float], list],
    note: Callable[[str], None] | None = None,
) -> None:
    """A PDF on the shared page (title, project and 编号 on top; 第 x 页 共 y 页 below) with
    the integrity block and QR code at its end."""
    note = note or (lambda _: None)
    doc = ReportDocument(path, ctx)
    story = story_fn(doc.width)
    ctx.finish()
    doc.keywords = [f"inspect-report-id={ctx.report_id} content-sha256={ctx.content_hash}"]
    story.append(integrity_block(ctx, doc.width))
    note(t("正在排版…", "laying out pages…"))
    doc.render(story)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
