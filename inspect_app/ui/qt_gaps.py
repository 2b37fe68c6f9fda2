"""Qt's own strings that its zh_CN catalog (qtbase_zh_CN.qm, shipped with PySide6) leaves in
English: the file dialog's "&Look in:" and "Files of &type:", the print dialog's "Page &Set:".
Installed after qtbase, so whatever Qt translates itself still comes from Qt."""

from PySide6.QtCore import QTranslator

ZH = {
    ("QFileDialog", "&Look in:"): "查找范围(&L)：",
    ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
    ("QFileDialog", "Look in:"): "查找范围：",
    ("QFileDialog", "Files of type:"): "文件类型：",
    ("QPrintDialog", "Page &Set:"): "页面集(&S)：",
    ("QUnixPrintWidget", "Page &Set:"): "页面集(&S)：",
    ("QPrintPropertiesWidget", "Page &Set:"): "页面集(&S)：",
    ("QPrintSettingsOutput", "Page &Set:"): "页面集(&S)：",
}


class QtGaps(QTranslator):
    def translate(self, context, source, disambiguation=None, n=-1):
        # None, not "": Qt moves on to the next translator only for a null string.
        return ZH.get((context, source))

    def isEmpty(self) -> bool:
        return False
