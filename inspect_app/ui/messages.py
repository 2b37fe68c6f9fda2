"""Where the user hears about errors and questions: one small service.

Widgets never open message boxes themselves; they call `messages()`. Tests swap in a recorder,
so no widget test ever blocks on a modal dialog.
"""

import faulthandler
import logging
import sys
import traceback
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from ..errors import InspectError

log = logging.getLogger(__name__)


def tr(text: str) -> str:
    return QCoreApplication.translate("messages", text)


class Messages:
    """Shows messages with real dialogs."""

    def error(self, parent: QWidget | None, text: str, detail: str = "") -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, tr("出错了"), text, parent=parent)
        if detail:
            box.setDetailedText(detail)
        box.exec()

    def info(self, parent: QWidget | None, text: str) -> None:
        QMessageBox.information(parent, "inspect-app", text)

    def confirm(self, parent: QWidget | None, text: str) -> bool:
        answer = QMessageBox.question(parent, "inspect-app", text)
        return answer == QMessageBox.StandardButton.Yes


class RecordedMessages(Messages):
    """For tests: remembers what would have been shown and answers questions as told."""

    def __init__(self, confirm_answer: bool = True):
        self.shown: list[tuple[str, str]] = []
        self.confirm_answer = confirm_answer

    def error(self, parent, text, detail=""):
        self.shown.append(("error", text))

    def info(self, parent, text):
        self.shown.append(("info", text))

    def confirm(self, parent, text):
        self.shown.append(("confirm", text))
        return self.confirm_answer


_messages: Messages = Messages()


def messages() -> Messages:
    return _messages


def set_messages(m: Messages) -> Messages:
    global _messages
    old, _messages = _messages, m
    return old


def show_error(parent: QWidget | None, error: BaseException) -> None:
    """Expected errors as their message; bugs as a short apology with the details attached."""
    if isinstance(error, InspectError):
        log.warning("shown to the user: %s", error)
        messages().error(parent, str(error))
        return
    detail = "".join(traceback.format_exception(error))
    log.error("unexpected error: %r", error, exc_info=error)
    messages().error(
        parent,
        tr("发生了意外错误（程序缺陷）。已保存的内容不受影响；请把详细信息发给管理员。")
        + f"\n\n{type(error).__name__}: {error}",
        detail,
    )


def install_exception_hook(log_dir: Path | None) -> None:
    """Log every uncaught exception, show it, and keep running: the current edit is not lost
    because every answer is saved the moment it changes. A hard crash (in Qt, say) leaves the
    Python stacks in `log_dir/crash.log`. The log itself is set up by logs.configure."""
    if log_dir:
        try:
            log_dir.mkdir(parents=True, exist_ok=True)
            crash = open(log_dir / "crash.log", "a", encoding="utf-8")  # noqa: SIM115 (lives with the process)
        except OSError:
            log.warning("no crash log in %s", log_dir, exc_info=True)
        else:
            faulthandler.enable(crash)

    def hook(kind, value, tb):
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        show_error(None, value)

    sys.excepthook = hook
