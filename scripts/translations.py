"""Refresh the English translation of the interface.

    .venv/bin/python scripts/translations.py

Runs pyside6-lupdate over inspect_app/ui (new source strings enter the .ts file), fills every
unfinished message whose Chinese source is in EN below, reports the ones still missing, and
compiles the .qm with pyside6-lrelease. The .ts file is the translation; EN only saves typing.
"""

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "translations" / "inspect_app_en.ts"
BIN = Path(sys.executable).parent

EN = {
    "%1 · %2 · %3 户 · %4 ㎡ · %5 年建成 · 当前阶段：%6": "%1 · %2 · %3 households · %4 m² · built %5 · stage: %6",
    "%1 层 · %2 个单元 · %3 户 · %4 · %5 年建成": "%1 floors · %2 units · %3 households · %4 · built %5",
    "%1 项更改待同步": "%1 changes waiting to sync",
    "%1 项未销项": "%1 open",
    "%1（%2，第 %3 版）": "%1 (%2, version %3)",
    "Ctrl+N 新建检查 · Ctrl+D 新增问题 · F1 快捷键一览": "Ctrl+N new inspection · Ctrl+D add defect · F1 shortcuts",
    "—— 请选择 ——": "— choose —",
    "○ 离线": "○ Offline",
    "● 在线": "● Online",
    "一般问题（未销项）": "Minor (open)",
    "上次同步：%1": "Last sync: %1",
    "不合格 %1 项": "%1 failed",
    "不合格 F": "Fail F",
    "不适用 N": "N/A N",
    "严重程度": "Severity",
    "为当前项添加照片": "Attach a photo to the current item",
    "今天": "Today",
    "位置": "Location",
    "例如：3号楼2单元 户内燃气排查": "e.g. Building 3 unit 2, household gas check",
    "依据：": "Basis: ",
    "出错了": "Something went wrong",
    "发生了意外错误（程序缺陷）。已保存的内容不受影响；请把详细信息发给管理员。": "An unexpected error occurred (a bug). What was saved is not affected; please send the "
    "details to your administrator.",
    "取消": "Cancel",
    "合格 P": "Pass P",
    "同步": "Sync",
    "处理记录": "History",
    "导入照片": "Import photos",
    "小区 / 楼栋 / 检查与问题": "Communities / buildings / inspections and defects",
    "尚无照片": "No photo yet",
    "尚未下发整改": "Not yet assigned for rectification",
    "尚未同步": "Never synced",
    "已保存": "Saved",
    "已填 %1 / %2 项": "%1 / %2 answered",
    "已签字": "Signed",
    "已销项": "Closed",
    "已附 %n 张照片": "%n photo(s) attached",
    "常用": "Actions",
    "开始检查": "Start inspection",
    "当前用户": "Current user",
    "必填未填 %1 项": "%1 required missing",
    "快捷键": "Shortcuts",
    "打印": "Print",
    "按任意键关闭": "Press any key to close",
    "描述": "Description",
    "撤销": "Undo",
    "整改": "Rectification",
    "新建检查 — %1": "New inspection — %1",
    "新建检查": "New inspection",
    "新问题": "New defect",
    "未填": "Not set",
    "未签字": "Not signed",
    "查找": "Find",
    "标题": "Title",
    "检查表": "Checklist",
    "检查记录": "Inspections",
    "楼栋": "Building",
    "添加照片 (Ctrl+Shift+P)": "Add photo (Ctrl+Shift+P)",
    "界面语言": "Interface language",
    "界面语言在重新启动后生效。": "The interface language takes effect after a restart.",
    "登记问题": "Add defect",
    "第 %1 版": "version %1",
    "签字": "Sign",
    "类别": "Category",
    "老旧小区改造质量安全检查": "Old-community renovation quality and safety inspection",
    "设置": "Settings",
    "请先在左侧选择一个小区": "Choose a community on the left first",
    "较大问题（未销项）": "Serious (open)",
    "逾期未整改": "Overdue",
    "重做": "Redo",
    "重大隐患": "Major hazard",
    "重大隐患（未销项）": "Major hazards (open)",
    "键盘快捷键": "Keyboard shortcuts",
    "问题描述：部位、现象、程度": "Describe the defect: where, what, how bad",
    "（整个小区）": "(whole community)",
    "（未指定楼栋）": "(no building)",
    "登记问题（在检查表中：从当前项登记）": "Add defect (in a checklist: from the current item)",
    "打印 / 导出 PDF": "Print / save as PDF",
    "下一项 / 上一项": "Next / previous item",
    "确认并进入下一项": "Confirm and go to the next item",
    "合格 / 不合格 / 不适用": "Pass / fail / not applicable",
    "撤销 / 重做": "Undo / redo",
    "在导航中查找": "Find in the navigator",
    "显示本帮助": "Show this help",
    "平面图": "Site plan",
    "导入总平面图…": "Import site plan…",
    "放置标注": "Place pin",
    "放置标注 (P)：单击图上位置，或按 Enter 放在中心": "Place pin (P): click on the plan, or press Enter for the centre",
    "放大": "Zoom in",
    "缩小": "Zoom out",
    "适应窗口": "Fit to window",
    "显示已销项": "Show closed",
    "导入总平面图": "Import site plan",
    "总平面图 (*.png *.jpg *.jpeg *.pdf)": "Site plan (*.png *.jpg *.jpeg *.pdf)",
    "选择页码": "Choose page",
    "PDF 第几页是总平面图？": "Which page of the PDF is the site plan?",
    "＋ 添加一条：%1": "+ Add to: %1",
    "第 %1 条": "Entry %1",
    "删除此条": "Remove entry",
    "已填 %1 项": "%1 answered",
    "必填 %1 / %2": "required %1 / %2",
    "缺照片 %1 项": "%1 need a photo",
    "扣分": "deduction",
    "不适用": "N/A",
    "/ 满分 %1": "/ full score %1",
    "＋ 添加一行": "+ Add row",
    "删除选中行": "Remove selected rows",
}


def main() -> int:
    sources = sorted(str(p) for p in (ROOT / "inspect_app" / "ui").rglob("*.py"))
    subprocess.run(
        [
            BIN / "pyside6-lupdate",
            *sources,
            "-ts",
            TS,
            "-source-language",
            "zh_CN",
            "-target-language",
            "en",
            "-no-obsolete",
        ],
        check=True,
        capture_output=True,
    )
    tree = ET.parse(TS)
    missing = []
    for m in tree.getroot().iter("message"):
        src, tr = m.find("source").text, m.find("translation")
        if tr.get("type") != "unfinished" and (tr.text or m.find("numerusform") is not None):
            continue
        if src in EN:
            if m.get("numerus") == "yes":
                for child in list(tr):
                    tr.remove(child)
                ET.SubElement(tr, "numerusform").text = EN[src]
            else:
                tr.text = EN[src]
            tr.attrib.pop("type", None)
        else:
            missing.append(src)
    tree.write(TS, encoding="utf-8", xml_declaration=True)
    subprocess.run(
        [BIN / "pyside6-lrelease", TS, "-qm", TS.with_suffix(".qm")],
        check=True,
        capture_output=True,
    )
    for src in missing:
        print(f"untranslated: {src}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
