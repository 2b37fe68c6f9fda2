<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name />
    <message>
        <location filename="../../inspect_app/ui/messages.py" line="29" />
        <source>出错了</source>
        <translation>Something went wrong</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/messages.py" line="82" />
        <source>发生了意外错误（程序缺陷）。已保存的内容不受影响；请把详细信息发给管理员。</source>
        <translation>An unexpected error occurred (a bug). What was saved is not affected; please send the details to your administrator.</translation>
    </message>
</context>
<context>
    <name>ActionEditor</name>
    <message>
        <location filename="../../inspect_app/ui/form_editors.py" line="309" />
        <source>添加照片 (Ctrl+Shift+P)</source>
        <translation>Add photo (Ctrl+Shift+P)</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/form_editors.py" line="309" />
        <source>签字</source>
        <translation>Sign</translation>
    </message>
    <message numerus="yes">
        <location filename="../../inspect_app/ui/form_editors.py" line="320" />
        <source>已附 %n 张照片</source>
        <translation>
            <numerusform>%n photo(s) attached</numerusform>
            <numerusform />
        </translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/form_editors.py" line="320" />
        <source>尚无照片</source>
        <translation>No photo yet</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/form_editors.py" line="322" />
        <source>已签字</source>
        <translation>Signed</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/form_editors.py" line="322" />
        <source>未签字</source>
        <translation>Not signed</translation>
    </message>
</context>
<context>
    <name>ChoiceEditor</name>
    <message>
        <location filename="../../inspect_app/ui/form_editors.py" line="142" />
        <source>—— 请选择 ——</source>
        <translation>— choose —</translation>
    </message>
</context>
<context>
    <name>DateEditor</name>
    <message>
        <location filename="../../inspect_app/ui/form_editors.py" line="239" />
        <source>未填</source>
        <translation>Not set</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/form_editors.py" line="242" />
        <source>今天</source>
        <translation>Today</translation>
    </message>
</context>
<context>
    <name>DefectEditor</name>
    <message>
        <location filename="../../inspect_app/ui/defect_editor.py" line="78" />
        <source>问题描述：部位、现象、程度</source>
        <translation>Describe the defect: where, what, how bad</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/defect_editor.py" line="89" />
        <source>标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/defect_editor.py" line="90" />
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/defect_editor.py" line="91" />
        <source>严重程度</source>
        <translation>Severity</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/defect_editor.py" line="92" />
        <source>位置</source>
        <translation>Location</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/defect_editor.py" line="93" />
        <source>描述</source>
        <translation>Description</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/defect_editor.py" line="94" />
        <source>整改</source>
        <translation>Rectification</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/defect_editor.py" line="101" />
        <source>处理记录</source>
        <translation>History</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/defect_editor.py" line="124" />
        <source>（未指定楼栋）</source>
        <translation>(no building)</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/defect_editor.py" line="142" />
        <source>尚未下发整改</source>
        <translation>Not yet assigned for rectification</translation>
    </message>
</context>
<context>
    <name>FormView</name>
    <message>
        <location filename="../../inspect_app/ui/form_view.py" line="172" />
        <source>撤销</source>
        <translation>Undo</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/form_view.py" line="173" />
        <source>重做</source>
        <translation>Redo</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/form_view.py" line="174" />
        <source>为当前项添加照片</source>
        <translation>Attach a photo to the current item</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/form_view.py" line="194" />
        <source>第 %1 版</source>
        <translation>version %1</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/form_view.py" line="215" />
        <source>＋ 添加一条：%1</source>
        <translation>+ Add to: %1</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/form_view.py" line="265" />
        <source>第 %1 条</source>
        <translation>Entry %1</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/form_view.py" line="268" />
        <source>删除此条</source>
        <translation>Remove entry</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/form_view.py" line="334" />
        <source>已保存</source>
        <translation>Saved</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/form_view.py" line="367" />
        <source>已填 %1 项</source>
        <translation>%1 answered</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/form_view.py" line="369" />
        <source>必填 %1 / %2</source>
        <translation>required %1 / %2</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/form_view.py" line="375" />
        <source>缺照片 %1 项</source>
        <translation>%1 need a photo</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/form_view.py" line="373" />
        <source>不合格 %1 项</source>
        <translation>%1 failed</translation>
    </message>
</context>
<context>
    <name>HelpOverlay</name>
    <message>
        <location filename="../../inspect_app/ui/help_overlay.py" line="8" />
        <source>新建检查</source>
        <translation>New inspection</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/help_overlay.py" line="9" />
        <source>登记问题（在检查表中：从当前项登记）</source>
        <translation>Add defect (in a checklist: from the current item)</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/help_overlay.py" line="10" />
        <source>为当前项添加照片</source>
        <translation>Attach a photo to the current item</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/help_overlay.py" line="11" />
        <source>导入照片</source>
        <translation>Import photos</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/help_overlay.py" line="12" />
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/help_overlay.py" line="13" />
        <source>打印 / 导出 PDF</source>
        <translation>Print / save as PDF</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/help_overlay.py" line="14" />
        <source>下一项 / 上一项</source>
        <translation>Next / previous item</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/help_overlay.py" line="15" />
        <source>确认并进入下一项</source>
        <translation>Confirm and go to the next item</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/help_overlay.py" line="16" />
        <source>合格 / 不合格 / 不适用</source>
        <translation>Pass / fail / not applicable</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/help_overlay.py" line="17" />
        <source>撤销 / 重做</source>
        <translation>Undo / redo</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/help_overlay.py" line="18" />
        <source>在导航中查找</source>
        <translation>Find in the navigator</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/help_overlay.py" line="19" />
        <source>显示本帮助</source>
        <translation>Show this help</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/help_overlay.py" line="31" />
        <source>键盘快捷键</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/help_overlay.py" line="39" />
        <source>按任意键关闭</source>
        <translation>Press any key to close</translation>
    </message>
</context>
<context>
    <name>ItemRow</name>
    <message>
        <location filename="../../inspect_app/ui/form_view.py" line="55" />
        <source>依据：</source>
        <translation>Basis: </translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/form_view.py" line="88" />
        <source>登记问题</source>
        <translation>Add defect</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/form_view.py" line="109" />
        <source>重大隐患</source>
        <translation>Major hazard</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../inspect_app/ui/main_window.py" line="54" />
        <source>老旧小区改造质量安全检查</source>
        <translation>Old-community renovation quality and safety inspection</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/main_window.py" line="93" />
        <source>常用</source>
        <translation>Actions</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/main_window.py" line="100" />
        <source>新建检查</source>
        <translation>New inspection</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/main_window.py" line="101" />
        <source>登记问题</source>
        <translation>Add defect</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/main_window.py" line="102" />
        <source>平面图</source>
        <translation>Site plan</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/main_window.py" line="103" />
        <source>导入照片</source>
        <translation>Import photos</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/main_window.py" line="104" />
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/main_window.py" line="105" />
        <source>打印</source>
        <translation>Print</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/main_window.py" line="106" />
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/main_window.py" line="107" />
        <source>快捷键</source>
        <translation>Shortcuts</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/main_window.py" line="120" />
        <source>查找</source>
        <translation>Find</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/main_window.py" line="135" />
        <source>● 在线</source>
        <translation>● Online</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/main_window.py" line="135" />
        <source>○ 离线</source>
        <translation>○ Offline</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/main_window.py" line="138" />
        <source>%1 项更改待同步</source>
        <translation>%1 changes waiting to sync</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/main_window.py" line="141" />
        <source>上次同步：%1</source>
        <translation>Last sync: %1</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/main_window.py" line="143" />
        <source>尚未同步</source>
        <translation>Never synced</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/main_window.py" line="224" />
        <location filename="../../inspect_app/ui/main_window.py" line="253" />
        <location filename="../../inspect_app/ui/main_window.py" line="282" />
        <source>请先在左侧选择一个小区</source>
        <translation>Choose a community on the left first</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/main_window.py" line="256" />
        <location filename="../../inspect_app/ui/main_window.py" line="293" />
        <source>新问题</source>
        <translation>New defect</translation>
    </message>
</context>
<context>
    <name>NavigatorModel</name>
    <message>
        <location filename="../../inspect_app/ui/navigator.py" line="237" />
        <source>%1 项未销项</source>
        <translation>%1 open</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/navigator.py" line="255" />
        <source>小区 / 楼栋 / 检查与问题</source>
        <translation>Communities / buildings / inspections and defects</translation>
    </message>
</context>
<context>
    <name>NewInspectionDialog</name>
    <message>
        <location filename="../../inspect_app/ui/new_inspection.py" line="36" />
        <source>新建检查 — %1</source>
        <translation>New inspection — %1</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/new_inspection.py" line="42" />
        <source>%1（%2，第 %3 版）</source>
        <translation>%1 (%2, version %3)</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/new_inspection.py" line="52" />
        <source>（整个小区）</source>
        <translation>(whole community)</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/new_inspection.py" line="59" />
        <source>例如：3号楼2单元 户内燃气排查</source>
        <translation>e.g. Building 3 unit 2, household gas check</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/new_inspection.py" line="63" />
        <source>开始检查</source>
        <translation>Start inspection</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/new_inspection.py" line="64" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/new_inspection.py" line="69" />
        <source>检查表</source>
        <translation>Checklist</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/new_inspection.py" line="70" />
        <source>楼栋</source>
        <translation>Building</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/new_inspection.py" line="71" />
        <source>标题</source>
        <translation>Title</translation>
    </message>
</context>
<context>
    <name>OverviewPage</name>
    <message>
        <location filename="../../inspect_app/ui/overview.py" line="53" />
        <source>%1 层 · %2 个单元 · %3 户 · %4 · %5 年建成</source>
        <translation>%1 floors · %2 units · %3 households · %4 · built %5</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/overview.py" line="64" />
        <source>%1 · %2 · %3 户 · %4 ㎡ · %5 年建成 · 当前阶段：%6</source>
        <translation>%1 · %2 · %3 households · %4 m² · built %5 · stage: %6</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/overview.py" line="95" />
        <source>重大隐患（未销项）</source>
        <translation>Major hazards (open)</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/overview.py" line="96" />
        <source>较大问题（未销项）</source>
        <translation>Serious (open)</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/overview.py" line="97" />
        <source>一般问题（未销项）</source>
        <translation>Minor (open)</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/overview.py" line="98" />
        <source>逾期未整改</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/overview.py" line="99" />
        <source>检查记录</source>
        <translation>Inspections</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/overview.py" line="100" />
        <source>已销项</source>
        <translation>Closed</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/overview.py" line="104" />
        <source>Ctrl+N 新建检查 · Ctrl+D 新增问题 · F1 快捷键一览</source>
        <translation>Ctrl+N new inspection · Ctrl+D add defect · F1 shortcuts</translation>
    </message>
</context>
<context>
    <name>PassFailEditor</name>
    <message>
        <location filename="../../inspect_app/ui/form_editors.py" line="64" />
        <source>合格 P</source>
        <translation>Pass P</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/form_editors.py" line="65" />
        <source>不合格 F</source>
        <translation>Fail F</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/form_editors.py" line="66" />
        <source>不适用 N</source>
        <translation>N/A N</translation>
    </message>
</context>
<context>
    <name>ScoreEditor</name>
    <message>
        <location filename="../../inspect_app/ui/form_editors.py" line="352" />
        <source>扣分</source>
        <translation>deduction</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/form_editors.py" line="354" />
        <source>不适用</source>
        <translation>N/A</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/form_editors.py" line="357" />
        <source>/ 满分 %1</source>
        <translation>/ full score %1</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../inspect_app/ui/settings_dialog.py" line="16" />
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/settings_dialog.py" line="29" />
        <source>界面语言在重新启动后生效。</source>
        <translation>The interface language takes effect after a restart.</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/settings_dialog.py" line="37" />
        <source>界面语言</source>
        <translation>Interface language</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/settings_dialog.py" line="38" />
        <source>当前用户</source>
        <translation>Current user</translation>
    </message>
</context>
<context>
    <name>SitePlanPanel</name>
    <message>
        <location filename="../../inspect_app/ui/site_plan_panel.py" line="45" />
        <source>导入总平面图…</source>
        <translation>Import site plan…</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/site_plan_panel.py" line="48" />
        <source>放置标注</source>
        <translation>Place pin</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/site_plan_panel.py" line="49" />
        <source>放置标注 (P)：单击图上位置，或按 Enter 放在中心</source>
        <translation>Place pin (P): click on the plan, or press Enter for the centre</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/site_plan_panel.py" line="51" />
        <source>放大</source>
        <translation>Zoom in</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/site_plan_panel.py" line="52" />
        <source>缩小</source>
        <translation>Zoom out</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/site_plan_panel.py" line="53" />
        <source>适应窗口</source>
        <translation>Fit to window</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/site_plan_panel.py" line="55" />
        <source>显示已销项</source>
        <translation>Show closed</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/site_plan_panel.py" line="80" />
        <source>导入总平面图</source>
        <translation>Import site plan</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/site_plan_panel.py" line="82" />
        <source>总平面图 (*.png *.jpg *.jpeg *.pdf)</source>
        <translation>Site plan (*.png *.jpg *.jpeg *.pdf)</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/site_plan_panel.py" line="90" />
        <source>选择页码</source>
        <translation>Choose page</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/site_plan_panel.py" line="90" />
        <source>PDF 第几页是总平面图？</source>
        <translation>Which page of the PDF is the site plan?</translation>
    </message>
</context>
<context>
    <name>TableEditor</name>
    <message>
        <location filename="../../inspect_app/ui/form_editors.py" line="412" />
        <source>＋ 添加一行</source>
        <translation>+ Add row</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/form_editors.py" line="414" />
        <source>删除选中行</source>
        <translation>Remove selected rows</translation>
    </message>
</context>
</TS>