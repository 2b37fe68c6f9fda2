"""F1: the keyboard shortcuts, over the window, until any key or click."""

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

SHORTCUTS = [
    ("Ctrl+N", QT_TRANSLATE_NOOP("HelpOverlay", "新建检查")),
    ("Ctrl+D", QT_TRANSLATE_NOOP("HelpOverlay", "登记问题（在检查表中：从当前项登记）")),
    ("Ctrl+Shift+P", QT_TRANSLATE_NOOP("HelpOverlay", "为当前项添加照片")),
    ("Ctrl+I", QT_TRANSLATE_NOOP("HelpOverlay", "导入照片")),
    ("F5", QT_TRANSLATE_NOOP("HelpOverlay", "同步")),
    ("Ctrl+P", QT_TRANSLATE_NOOP("HelpOverlay", "打印 / 导出 PDF")),
    ("Tab / Shift+Tab", QT_TRANSLATE_NOOP("HelpOverlay", "下一项 / 上一项")),
    ("Enter", QT_TRANSLATE_NOOP("HelpOverlay", "确认并进入下一项")),
    ("P / F / N（或 1 / 2 / 3）", QT_TRANSLATE_NOOP("HelpOverlay", "合格 / 不合格 / 不适用")),
    ("Ctrl+Z / Ctrl+Shift+Z", QT_TRANSLATE_NOOP("HelpOverlay", "撤销 / 重做")),
    ("Ctrl+F", QT_TRANSLATE_NOOP("HelpOverlay", "在导航中查找")),
    ("F1", QT_TRANSLATE_NOOP("HelpOverlay", "显示本帮助")),
]


class HelpOverlay(QWidget):
    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("helpOverlay")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        panel = QWidget(self)
        panel.setObjectName("helpPanel")
        grid = QGridLayout(panel)
        title = QLabel(self.tr("键盘快捷键"))
        title.setObjectName("pageTitle")
        grid.addWidget(title, 0, 0, 1, 2)
        for row, (keys, text) in enumerate(SHORTCUTS, start=1):
            k = QLabel(keys)
            k.setObjectName("shortcutKey")
            grid.addWidget(k, row, 0)
            grid.addWidget(QLabel(QCoreApplication.translate("HelpOverlay", str(text))), row, 1)
        hint = QLabel(self.tr("按任意键关闭"))
        hint.setObjectName("hint")
        grid.addWidget(hint, len(SHORTCUTS) + 1, 0, 1, 2)
        lay = QVBoxLayout(self)
        lay.addStretch(1)
        lay.addWidget(panel, 0, Qt.AlignmentFlag.AlignCenter)
        lay.addStretch(1)
        parent.installEventFilter(self)
        self.hide()

    def toggle(self) -> None:
        if self.isVisible():
            self.hide()
        elif (parent := self.parentWidget()) is not None:
            self.setGeometry(parent.rect())
            self.raise_()
            self.show()
            self.setFocus()

    def paintEvent(self, _event):
        QPainter(self).fillRect(self.rect(), QColor(20, 30, 45, 150))

    def keyPressEvent(self, _event):
        self.hide()

    def mousePressEvent(self, _event):
        self.hide()

    def eventFilter(self, obj, event):
        parent = self.parentWidget()
        if event.type() == QEvent.Type.Resize and self.isVisible() and parent is not None:
            self.setGeometry(parent.rect())
        return False
