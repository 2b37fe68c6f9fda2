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
        <location filename="../../inspect_app/ui/messages.py" line="83" />
        <source>发生了意外错误（程序缺陷）。已保存的内容不受影响；请把详细信息发给管理员。</source>
        <translation>An unexpected error occurred (a bug). What was saved is not affected; please send the details to your administrator.</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/dashboard.py" line="74" />
        <source>问题统计看板  ·  {today:%Y-%m-%d}</source>
        <comment>Defect dashboard  ·  {today:%Y-%m-%d}</comment>
        <translation>Defect dashboard  ·  {today:%Y-%m-%d}</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/dashboard.py" line="81" />
        <source>问题总数</source>
        <comment>All defects</comment>
        <translation>All defects</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/dashboard.py" line="82" />
        <location filename="../../inspect_app/ui/defect_desk.py" line="149" />
        <source>未销项</source>
        <comment>Not closed</comment>
        <translation>Not closed</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/dashboard.py" line="84" />
        <source>逾期未整改</source>
        <comment>Overdue</comment>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/dashboard.py" line="92" />
        <source>重大隐患逾期</source>
        <comment>Overdue major hazards</comment>
        <translation>Overdue major hazards</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/dashboard.py" line="102" />
        <source>平均销项用时</source>
        <comment>Average time to close</comment>
        <translation>Average time to close</translation>
    </message>
    <message numerus="yes">
        <location filename="../../inspect_app/ui/dashboard.py" line="104" />
        <source>{stats.average_days_to_close(s, flt, today)} 天</source>
        <comment>{stats.average_days_to_close(s, flt, today)} days</comment>
        <translation>
            <numerusform>{stats.average_days_to_close(s, flt, today)} days</numerusform>
            <numerusform />
        </translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/dashboard.py" line="164" />
        <source>近12周 新增与销项</source>
        <comment>Raised and closed, last 12 weeks</comment>
        <translation>Raised and closed, last 12 weeks</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/dashboard.py" line="165" />
        <source>新增</source>
        <comment>Raised</comment>
        <translation>Raised</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/dashboard.py" line="166" />
        <source>销项</source>
        <comment>Closed</comment>
        <translation>Closed</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/dashboard.py" line="192" />
        <source>各类别问题（按等级）</source>
        <comment>Defects by category and severity</comment>
        <translation>Defects by category and severity</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/dashboard.py" line="213" />
        <source>各施工单位逾期问题</source>
        <comment>Overdue by contractor</comment>
        <translation>Overdue by contractor</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/dashboard.py" line="214" />
        <location filename="../../inspect_app/ui/defect_detail.py" line="271" />
        <source>逾期</source>
        <comment>Overdue</comment>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/dashboard.py" line="227" />
        <location filename="../../inspect_app/ui/defect_desk.py" line="154" />
        <source>未下发</source>
        <comment>Not assigned</comment>
        <translation>Not assigned</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/dashboard.py" line="235" />
        <source>各小区未销项问题（前10）</source>
        <comment>Open defects per community (top 10)</comment>
        <translation>Open defects per community (top 10)</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/dashboard.py" line="236" />
        <source>重大隐患</source>
        <comment>Major hazards</comment>
        <translation>Major hazard</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/dashboard.py" line="237" />
        <source>其他</source>
        <comment>Other</comment>
        <translation>Other</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/dashboard.py" line="291" />
        <source>问题统计看板</source>
        <comment>Defect dashboard</comment>
        <translation>Defect dashboard</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/defect_desk.py" line="103" />
        <source>问题台账</source>
        <comment>Defects</comment>
        <translation>Defects</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/defect_desk.py" line="106" />
        <source>整改通知</source>
        <comment>Notices</comment>
        <translation>Notices</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/defect_desk.py" line="111" />
        <source>登记问题</source>
        <comment>Raise a defect</comment>
        <translation>Add defect</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/defect_desk.py" line="132" />
        <source>搜索：如 燃气、立管、3号楼</source>
        <comment>Search, e.g. 燃气</comment>
        <translation>Search, e.g. gas, riser, Building 3</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/defect_desk.py" line="136" />
        <source>全部小区</source>
        <comment>All communities</comment>
        <translation>All communities</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/defect_desk.py" line="139" />
        <location filename="../../inspect_app/ui/defect_desk.py" line="201" />
        <source>全部楼栋</source>
        <comment>All buildings</comment>
        <translation>All buildings</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/defect_desk.py" line="142" />
        <source>全部类别</source>
        <comment>All categories</comment>
        <translation>All categories</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/defect_desk.py" line="145" />
        <source>全部等级</source>
        <comment>All severities</comment>
        <translation>All severities</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/defect_desk.py" line="148" />
        <source>全部状态</source>
        <comment>All statuses</comment>
        <translation>All statuses</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/defect_desk.py" line="153" />
        <source>全部单位</source>
        <comment>All assignees</comment>
        <translation>All assignees</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/defect_desk.py" line="158" />
        <source>只看逾期</source>
        <comment>Overdue only</comment>
        <translation>Overdue only</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/defect_desk.py" line="160" />
        <source>发现日期</source>
        <comment>Reported</comment>
        <translation>Reported</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/defect_desk.py" line="171" />
        <source>清除筛选</source>
        <comment>Clear</comment>
        <translation>Clear filters</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/defect_desk.py" line="264" />
        <source>共 {n:,} 条</source>
        <comment>{n:,} defects</comment>
        <translation>{n:,} defects</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/defect_desk.py" line="279" />
        <source>按等级默认期限</source>
        <comment>default by severity</comment>
        <translation>Default by severity</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/defect_desk.py" line="282" />
        <source>批量下发整改</source>
        <comment>Assign selected</comment>
        <translation>Assign selected</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/defect_desk.py" line="284" />
        <source>批量复查通过</source>
        <comment>Verify selected</comment>
        <translation>Verify selected</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/defect_desk.py" line="286" />
        <source>签发整改通知</source>
        <comment>Issue notices</comment>
        <translation>Issue notices</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/defect_desk.py" line="307" />
        <source>已选 {len(ids)} 条</source>
        <comment>{len(ids)} selected</comment>
        <translation>{len(ids)} selected</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/defect_detail.py" line="90" />
        <source>照片</source>
        <comment>Photos</comment>
        <translation>Photos</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/defect_detail.py" line="92" />
        <source>处理记录</source>
        <comment>History</comment>
        <translation>History</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/defect_detail.py" line="119" />
        <location filename="../../inspect_app/ui/defect_detail.py" line="289" />
        <source>责任单位</source>
        <comment>Assignee</comment>
        <translation>Assignee</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/defect_detail.py" line="123" />
        <location filename="../../inspect_app/ui/defect_detail.py" line="290" />
        <source>整改期限</source>
        <comment>Due</comment>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/defect_detail.py" line="126" />
        <source>整改要求、整改情况或理由…</source>
        <comment>Instructions, what was done, or the reason…</comment>
        <translation>Instructions, what was done, or the reason…</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/defect_detail.py" line="129" />
        <source>添加整改照片…</source>
        <comment>Add evidence photo…</comment>
        <translation>Add rectification photo…</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/defect_detail.py" line="162" />
        <source>（单位）</source>
        <comment>(organization)</comment>
        <translation>(organization)</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/defect_detail.py" line="170" />
        <source>选择整改照片</source>
        <comment>Choose an evidence photo</comment>
        <translation>Choose a rectification photo</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/defect_detail.py" line="185" />
        <source>已添加 {len(self._evidence)} 张</source>
        <comment>{len(self._evidence)} added</comment>
        <translation>{len(self._evidence)} added</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/defect_detail.py" line="258" />
        <source>选择一条问题查看详情</source>
        <comment>Select a defect to see it here</comment>
        <translation>Select a defect to see its details</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/defect_detail.py" line="280" />
        <source>位置</source>
        <comment>Location</comment>
        <translation>Location</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/defect_detail.py" line="281" />
        <location filename="../../inspect_app/ui/defect_form.py" line="56" />
        <source>类别</source>
        <comment>Category</comment>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/defect_detail.py" line="283" />
        <source>发现</source>
        <comment>Reported</comment>
        <translation>Reported</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/defect_detail.py" line="292" />
        <source>销项时间</source>
        <comment>Closed</comment>
        <translation>Closed</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/defect_detail.py" line="351" />
        <source>无照片</source>
        <comment>No photos</comment>
        <translation>No photos</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/defect_form.py" line="44" />
        <source>如：燃气立管锈蚀</source>
        <comment>e.g. 燃气立管锈蚀</comment>
        <translation>e.g. corroded gas riser</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/defect_form.py" line="46" />
        <source>单元、楼层、部位</source>
        <comment>Unit, floor, spot</comment>
        <translation>Unit, floor, spot</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/defect_form.py" line="51" />
        <source>登记问题</source>
        <comment>Raise defect</comment>
        <translation>Add defect</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/defect_form.py" line="54" />
        <source>小区</source>
        <comment>Community</comment>
        <translation>Community</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/defect_form.py" line="55" />
        <source>楼栋</source>
        <comment>Building</comment>
        <translation>Building</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/defect_form.py" line="57" />
        <source>等级</source>
        <comment>Severity</comment>
        <translation>Severity</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/defect_form.py" line="58" />
        <source>问题</source>
        <comment>Title</comment>
        <translation>Defect</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/defect_form.py" line="59" />
        <source>部位</source>
        <comment>Location</comment>
        <translation>Location</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/defect_form.py" line="60" />
        <source>描述</source>
        <comment>Description</comment>
        <translation>Description</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/defect_form.py" line="80" />
        <source>请填写小区和问题。</source>
        <comment>Choose a community and name the defect.</comment>
        <translation>Choose a community and name the defect.</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/scorecard.py" line="97" />
        <source>导出 Excel…</source>
        <comment>Export to Excel…</comment>
        <translation>Export to Excel…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../inspect_app/ui/scorecard.py" line="106" />
        <source>按期整改：在整改期限内提交回复并经复查通过。复查不通过：期间被退回的整改回复次数。</source>
        <comment>On time: replied by the deadline and then verified. Rejected: replies sent back in the period.</comment>
        <translation>
            <numerusform>On time: replied by the deadline and then verified. Rejected: replies sent back in the period.</numerusform>
            <numerusform />
        </translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/scorecard.py" line="118" />
        <source>统计期间</source>
        <comment>Period</comment>
        <translation>Period</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/scorecard.py" line="143" />
        <source>统计中…</source>
        <comment>Counting…</comment>
        <translation>Counting…</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/scorecard.py" line="177" />
        <source>导出施工单位评价</source>
        <comment>Export scorecard</comment>
        <translation>Export contractor scorecard</translation>
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
        <location filename="../../inspect_app/ui/form_editors.py" line="332" />
        <source>（访客·%1）</source>
        <translation> (guest · %1)</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/form_editors.py" line="336" />
        <source>已签字：%1 %2</source>
        <translation>Signed: %1 %2</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/form_editors.py" line="342" />
        <source>签字已作废（VOID）：%1 签字后改动了 %2，请重新签字</source>
        <translation>VOID: %2 changed after %1 signed; sign again</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/form_editors.py" line="328" />
        <source>未签字</source>
        <translation>Not signed</translation>
    </message>
</context>
<context>
    <name>AttachReview</name>
    <message>
        <location filename="../../inspect_app/ui/photo_attach.py" line="44" />
        <source>照片</source>
        <translation>Photos</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/photo_attach.py" line="44" />
        <source>检查项</source>
        <translation>Checklist item</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/photo_attach.py" line="44" />
        <source>依据</source>
        <translation>Basis</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/photo_attach.py" line="44" />
        <source>匹配度</source>
        <translation>Match</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/photo_attach.py" line="49" />
        <source>关联所选照片</source>
        <translation>Link selected photos</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/photo_attach.py" line="68" />
        <source>（整个检查）</source>
        <translation>(whole inspection)</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/photo_attach.py" line="81" />
        <source>找到 {0} 张可能相关的照片</source>
        <translation>Found {0} possibly related photos</translation>
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
        <location filename="../../inspect_app/ui/defect_editor.py" line="77" />
        <source>问题描述：部位、现象、程度</source>
        <translation>Describe the defect: where, what, how bad</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/defect_editor.py" line="93" />
        <source>标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/defect_editor.py" line="94" />
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/defect_editor.py" line="95" />
        <source>严重程度</source>
        <translation>Severity</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/defect_editor.py" line="96" />
        <source>位置</source>
        <translation>Location</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/defect_editor.py" line="97" />
        <source>描述</source>
        <translation>Description</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/defect_editor.py" line="98" />
        <source>整改</source>
        <translation>Rectification</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/defect_editor.py" line="106" />
        <source>照片</source>
        <translation>Photos</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/defect_editor.py" line="110" />
        <source>处理记录</source>
        <translation>History</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/defect_editor.py" line="133" />
        <source>（未指定楼栋）</source>
        <translation>(no building)</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/defect_editor.py" line="155" />
        <source>尚未登录。</source>
        <translation>Nobody is signed in.</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/defect_editor.py" line="177" />
        <source>尚未下发整改</source>
        <translation>Not yet assigned for rectification</translation>
    </message>
</context>
<context>
    <name>FormView</name>
    <message>
        <location filename="../../inspect_app/ui/form_view.py" line="152" />
        <source>提交</source>
        <translation>Submit</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/form_view.py" line="154" />
        <source>提交后记录锁定，不能再修改；缺项会逐条列出。</source>
        <translation>Submitting locks the record; anything missing is listed item by item.</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/form_view.py" line="156" />
        <source>退回修改…</source>
        <translation>Reopen…</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/form_view.py" line="187" />
        <source>撤销</source>
        <translation>Undo</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/form_view.py" line="188" />
        <source>重做</source>
        <translation>Redo</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/form_view.py" line="189" />
        <source>为当前项添加照片</source>
        <translation>Attach a photo to the current item</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/form_view.py" line="209" />
        <source>第 %1 版</source>
        <translation>version %1</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/form_view.py" line="230" />
        <source>＋ 添加一条：%1</source>
        <translation>+ Add to: %1</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/form_view.py" line="281" />
        <source>第 %1 条</source>
        <translation>Entry %1</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/form_view.py" line="284" />
        <source>删除此条</source>
        <translation>Remove entry</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/form_view.py" line="349" />
        <source>已保存</source>
        <translation>Saved</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/form_view.py" line="388" />
        <source>已填 %1 项</source>
        <translation>%1 answered</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/form_view.py" line="390" />
        <source>必填 %1 / %2</source>
        <translation>required %1 / %2</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/form_view.py" line="396" />
        <source>缺照片 %1 项</source>
        <translation>%1 need a photo</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/form_view.py" line="411" />
        <source>尚未登录。</source>
        <translation>Nobody is signed in.</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/form_view.py" line="419" />
        <source>已退回修改：%1</source>
        <translation>Reopened: %1</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/form_view.py" line="454" />
        <source>退回修改</source>
        <translation>Reopen</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/form_view.py" line="454" />
        <source>退回理由（必填，记入记录）：</source>
        <translation>Reason (required, kept in the record):</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/form_view.py" line="394" />
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
    <name>ImportProgress</name>
    <message>
        <location filename="../../inspect_app/ui/photo_import.py" line="195" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/photo_import.py" line="217" />
        <source>正在导入 %v / %m</source>
        <translation>Importing %v / %m</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/photo_import.py" line="223" />
        <source>已拒绝 {0} 个：</source>
        <translation>{0} refused:</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/photo_import.py" line="230" />
        <source>已导入 {0} 张</source>
        <translation>{0} imported</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/photo_import.py" line="232" />
        <source>，拒绝 {0} 个（悬停查看原因）</source>
        <translation>, {0} refused (hover to see why)</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/photo_import.py" line="234" />
        <source>，已取消</source>
        <translation>, cancelled</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/photo_import.py" line="236" />
        <source>完成</source>
        <translation>Done</translation>
    </message>
</context>
<context>
    <name>ItemRow</name>
    <message>
        <location filename="../../inspect_app/ui/form_view.py" line="59" />
        <source>依据：</source>
        <translation>Basis: </translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/form_view.py" line="87" />
        <source>登记问题</source>
        <translation>Add defect</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/form_view.py" line="108" />
        <source>重大隐患</source>
        <translation>Major hazard</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../inspect_app/ui/login_dialog.py" line="24" />
        <source>切换用户</source>
        <translation>Switch user</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/login_dialog.py" line="33" />
        <source>输入该用户的密码</source>
        <translation>That user's password</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/login_dialog.py" line="40" />
        <source>（尚未登录）</source>
        <translation>(nobody signed in)</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/login_dialog.py" line="45" />
        <source>登录</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/login_dialog.py" line="49" />
        <source>当前用户</source>
        <translation>Current user</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/login_dialog.py" line="50" />
        <source>用户(&amp;U)</source>
        <translation>&amp;User</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/login_dialog.py" line="51" />
        <source>密码(&amp;P)</source>
        <translation>&amp;Password</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../inspect_app/ui/main_window.py" line="59" />
        <source>老旧小区改造质量安全检查</source>
        <translation>Old-community renovation quality and safety inspection</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/main_window.py" line="77" />
        <source>概况</source>
        <translation>Overview</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/main_window.py" line="78" />
        <source>改造进程</source>
        <translation>Renovation progress</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/main_window.py" line="116" />
        <source>常用</source>
        <translation>Actions</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/main_window.py" line="123" />
        <source>新建检查</source>
        <translation>New inspection</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/main_window.py" line="124" />
        <source>登记问题</source>
        <translation>Add defect</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/main_window.py" line="125" />
        <source>平面图</source>
        <translation>Site plan</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/main_window.py" line="126" />
        <source>签字</source>
        <translation>Sign</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/main_window.py" line="127" />
        <source>改造阶段</source>
        <translation>Renovation stages</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/main_window.py" line="128" />
        <source>导入照片</source>
        <translation>Import photos</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/main_window.py" line="129" />
        <location filename="../../inspect_app/ui/main_window.py" line="375" />
        <source>问题台账</source>
        <translation>Defects</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/main_window.py" line="130" />
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/main_window.py" line="132" />
        <source>打印</source>
        <translation>Print</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/main_window.py" line="133" />
        <source>切换用户</source>
        <translation>Switch user</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/main_window.py" line="134" />
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/main_window.py" line="135" />
        <source>快捷键</source>
        <translation>Shortcuts</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/main_window.py" line="148" />
        <source>查找</source>
        <translation>Find</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/main_window.py" line="178" />
        <source>当前用户：%1</source>
        <translation>Signed in: %1</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/main_window.py" line="178" />
        <source>尚未登录</source>
        <translation>Nobody signed in</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/main_window.py" line="181" />
        <source>● 在线</source>
        <translation>● Online</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/main_window.py" line="181" />
        <source>○ 离线</source>
        <translation>○ Offline</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/main_window.py" line="184" />
        <source>%1 项更改待同步</source>
        <translation>%1 changes waiting to sync</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/main_window.py" line="187" />
        <source>上次同步：%1</source>
        <translation>Last sync: %1</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/main_window.py" line="189" />
        <source>尚未同步</source>
        <translation>Never synced</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/main_window.py" line="284" />
        <location filename="../../inspect_app/ui/main_window.py" line="313" />
        <location filename="../../inspect_app/ui/main_window.py" line="345" />
        <location filename="../../inspect_app/ui/main_window.py" line="444" />
        <location filename="../../inspect_app/ui/main_window.py" line="491" />
        <location filename="../../inspect_app/ui/main_window.py" line="502" />
        <source>请先在左侧选择一个小区</source>
        <translation>Choose a community on the left first</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/main_window.py" line="316" />
        <location filename="../../inspect_app/ui/main_window.py" line="542" />
        <source>新问题</source>
        <translation>New defect</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/main_window.py" line="349" />
        <source>%1 的照片</source>
        <translation>Photos of %1</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/main_window.py" line="353" />
        <source>检查项照片</source>
        <translation>Checklist item photos</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/main_window.py" line="376" />
        <source>统计分析</source>
        <translation>Statistics</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/main_window.py" line="377" />
        <source>施工单位信用评价</source>
        <translation>Contractor credit rating</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/main_window.py" line="427" />
        <source>本次检查记录</source>
        <translation>This inspection record</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/main_window.py" line="431" />
        <source>隐患排查报告</source>
        <translation>Hazard survey report</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/main_window.py" line="432" />
        <source>监理通知单</source>
        <translation>Supervision notice</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/main_window.py" line="433" />
        <source>监理通知回复单</source>
        <translation>Reply to supervision notice</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/main_window.py" line="434" />
        <source>工程暂停令</source>
        <translation>Works stop order</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/main_window.py" line="435" />
        <source>缺陷清单</source>
        <translation>Defect list</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/main_window.py" line="529" />
        <source>请先打开要签字的检查记录或问题</source>
        <translation>Open the inspection or defect to sign first</translation>
    </message>
</context>
<context>
    <name>MarkupCanvas</name>
    <message>
        <location filename="../../inspect_app/ui/markup_editor.py" line="83" />
        <source>标注文字</source>
        <translation>Markup text</translation>
    </message>
</context>
<context>
    <name>MarkupEditor</name>
    <message>
        <location filename="../../inspect_app/ui/markup_editor.py" line="221" />
        <source>撤销</source>
        <translation>Undo</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/markup_editor.py" line="223" />
        <source>清除</source>
        <translation>Clear</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/markup_editor.py" line="225" />
        <source>保存标注</source>
        <translation>Save markup</translation>
    </message>
</context>
<context>
    <name>NavigatorModel</name>
    <message>
        <location filename="../../inspect_app/ui/navigator.py" line="221" />
        <source>%1 项未销项</source>
        <translation>%1 open</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/navigator.py" line="239" />
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
        <location filename="../../inspect_app/ui/new_inspection.py" line="57" />
        <source>例如：3号楼2单元 户内燃气排查</source>
        <translation>e.g. Building 3 unit 2, household gas check</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/new_inspection.py" line="61" />
        <source>开始检查</source>
        <translation>Start inspection</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/new_inspection.py" line="62" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/new_inspection.py" line="67" />
        <source>检查表</source>
        <translation>Checklist</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/new_inspection.py" line="68" />
        <source>楼栋</source>
        <translation>Building</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/new_inspection.py" line="69" />
        <source>标题</source>
        <translation>Title</translation>
    </message>
</context>
<context>
    <name>OutboxModel</name>
    <message>
        <location filename="../../inspect_app/ui/outbox_view.py" line="63" />
        <source>修改时间</source>
        <translation>Changed at</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/outbox_view.py" line="64" />
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/outbox_view.py" line="65" />
        <source>记录</source>
        <translation>Record</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/outbox_view.py" line="66" />
        <source>修改内容</source>
        <translation>Changes</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/outbox_view.py" line="67" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/outbox_view.py" line="91" />
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message numerus="yes">
        <location filename="../../inspect_app/ui/outbox_view.py" line="92" />
        <source>新建/修改 %n 项</source>
        <translation>
            <numerusform>Created/changed %n field(s)</numerusform>
            <numerusform />
        </translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/outbox_view.py" line="94" />
        <source>被拒：</source>
        <translation>Rejected: </translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/outbox_view.py" line="100" />
        <source>待发送</source>
        <translation>Waiting to send</translation>
    </message>
</context>
<context>
    <name>OutboxView</name>
    <message>
        <location filename="../../inspect_app/ui/outbox_view.py" line="126" />
        <source>所有修改都已送达服务器。</source>
        <translation>All changes have reached the server.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../inspect_app/ui/outbox_view.py" line="130" />
        <source>%n 项修改尚未送达服务器</source>
        <translation>
            <numerusform>%n change(s) not yet on the server</numerusform>
            <numerusform />
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../inspect_app/ui/outbox_view.py" line="132" />
        <source>%n 项修改被服务器拒绝（见原因）</source>
        <translation>
            <numerusform>%n change(s) rejected by the server (see reasons)</numerusform>
            <numerusform />
        </translation>
    </message>
</context>
<context>
    <name>OverviewPage</name>
    <message>
        <location filename="../../inspect_app/ui/overview.py" line="58" />
        <source>%1 层 · %2 个单元 · %3 户 · %4 · %5 年建成</source>
        <translation>%1 floors · %2 units · %3 households · %4 · built %5</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/overview.py" line="68" />
        <source>%1 · %2 · %3 户 · %4 ㎡ · %5 年建成 · 当前阶段：%6</source>
        <translation>%1 · %2 · %3 households · %4 m² · built %5 · stage: %6</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/overview.py" line="86" />
        <source>重大隐患（未销项）</source>
        <translation>Major hazards (open)</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/overview.py" line="87" />
        <source>较大问题（未销项）</source>
        <translation>Serious (open)</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/overview.py" line="88" />
        <source>一般问题（未销项）</source>
        <translation>Minor (open)</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/overview.py" line="89" />
        <source>逾期未整改</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/overview.py" line="90" />
        <source>检查记录</source>
        <translation>Inspections</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/overview.py" line="91" />
        <source>已销项</source>
        <translation>Closed</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/overview.py" line="105" />
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
    <name>PhotoDialog</name>
    <message>
        <location filename="../../inspect_app/ui/photo_dialog.py" line="13" />
        <source>照片</source>
        <translation>Photos</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/photo_dialog.py" line="16" />
        <source>可把照片文件拖到这里。照片原件不会被修改。</source>
        <translation>You can drag photo files here. The original photos are not modified.</translation>
    </message>
</context>
<context>
    <name>PhotoStrip</name>
    <message>
        <location filename="../../inspect_app/ui/photo_strip.py" line="148" />
        <source>添加照片…</source>
        <translation>Add photos…</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/photo_strip.py" line="150" />
        <source>移除</source>
        <translation>Remove</translation>
    </message>
</context>
<context>
    <name>PrintPreviewDialog</name>
    <message>
        <location filename="../../inspect_app/ui/print_preview.py" line="85" />
        <source>打印预览</source>
        <translation>Print preview</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/print_preview.py" line="96" />
        <source>正在生成报告…</source>
        <translation>Generating report…</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/print_preview.py" line="101" />
        <source>打印…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/print_preview.py" line="102" />
        <source>另存为 PDF…</source>
        <translation>Save as PDF…</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/print_preview.py" line="139" />
        <source>编号 {0} · 共 {1} 页</source>
        <translation>No. {0} · {1} pages</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/print_preview.py" line="147" />
        <source>无法生成报告：</source>
        <translation>Could not generate the report: </translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/print_preview.py" line="195" />
        <source>另存为 PDF</source>
        <translation>Save as PDF</translation>
    </message>
</context>
<context>
    <name>ProjectPage</name>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="127" />
        <source>关口与条件</source>
        <translation>Gates and conditions</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="127" />
        <source>情况与依据</source>
        <translation>Status and basis</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="134" />
        <source>强制推进理由（仅管理员；将记录并打印）</source>
        <translation>Reason to force advance (administrators only; recorded and printed)</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="135" />
        <source>推进到下一阶段</source>
        <translation>Advance to next stage</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="151" />
        <source>表决事项</source>
        <translation>Vote item</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="151" />
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="151" />
        <source>参与(面积)</source>
        <translation>Turnout (area)</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="151" />
        <source>参与(人数)</source>
        <translation>Turnout (owners)</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="152" />
        <source>同意(面积)</source>
        <translation>In favour (area)</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="152" />
        <source>同意(人数)</source>
        <translation>In favour (owners)</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="152" />
        <source>要求</source>
        <translation>Required</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="152" />
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="154" />
        <source>设施</source>
        <translation>Facility</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="154" />
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="154" />
        <source>数量</source>
        <translation>Quantity</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="154" />
        <source>接收单位</source>
        <translation>Receiving organization</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="155" />
        <source>签字</source>
        <translation>Sign</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="162" />
        <source>保修项目</source>
        <translation>Warranty item</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="162" />
        <source>法定期限</source>
        <translation>Statutory period</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="162" />
        <source>起</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="162" />
        <source>止</source>
        <translation>To</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="163" />
        <source>报修/回访</source>
        <translation>Repair requests / return visits</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="178" />
        <source>导入表决表…</source>
        <translation>Import vote sheet…</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="180" />
        <source>打印计票单…</source>
        <translation>Print tally sheet…</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="185" />
        <source>表决事项：</source>
        <translation>Vote item: </translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="197" />
        <source>表决</source>
        <translation>Votes</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="198" />
        <source>移交清单</source>
        <translation>Handover list</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="199" />
        <source>保修日历</source>
        <translation>Warranty calendar</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="200" />
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="200" />
        <source>来源/投诉人</source>
        <translation>Source / complainant</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="200" />
        <source>内容</source>
        <translation>Content</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="200" />
        <source>期限/收到</source>
        <translation>Due / received</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="201" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="203" />
        <source>投诉与督查</source>
        <translation>Complaints and inspections</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="230" />
        <source>当前阶段：</source>
        <translation>Current stage: </translation>
    </message>
    <message numerus="yes">
        <location filename="../../inspect_app/ui/project_page.py" line="234" />
        <source>未整改审计督查问题 %n 项</source>
        <translation>
            <numerusform>%n audit/inspection finding(s) not rectified</numerusform>
            <numerusform />
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../inspect_app/ui/project_page.py" line="235" />
        <source>（%n 项逾期）</source>
        <translation>
            <numerusform> (%n overdue)</numerusform>
            <numerusform />
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../inspect_app/ui/project_page.py" line="237" />
        <source>未办结投诉 %n 件</source>
        <translation>
            <numerusform>%n open complaint(s)</numerusform>
            <numerusform />
        </translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="255" />
        <source>已进入</source>
        <translation>Entered</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="256" />
        <source>（强制推进）</source>
        <translation> (forced)</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="259" />
        <source>下一关：</source>
        <translation>Next gate: </translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="260" />
        <source>条件已满足</source>
        <translation>conditions met</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="260" />
        <source>条件未满足</source>
        <translation>conditions not met</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="263" />
        <source>未到</source>
        <translation>Not yet</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="265" />
        <source>进入“%1”</source>
        <translation>Enter “%1”</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="276" />
        <source>管理员强制推进</source>
        <translation>Forced by administrator</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="282" />
        <source>无前置条件</source>
        <translation>No preconditions</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="315" />
        <source>重大事项</source>
        <translation>Major matter</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="315" />
        <source>一般事项</source>
        <translation>Ordinary matter</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="319" />
        <location filename="../../inspect_app/ui/project_page.py" line="515" />
        <source>通过</source>
        <translation>Passed</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="319" />
        <location filename="../../inspect_app/ui/project_page.py" line="515" />
        <source>未通过</source>
        <translation>Not passed</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="319" />
        <source>未达参与比例</source>
        <translation>Turnout too low</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="348" />
        <source>已签字</source>
        <translation>Signed</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="348" />
        <source>未签字</source>
        <translation>Not signed</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="378" />
        <source>（已到期）</source>
        <translation> (expired)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../inspect_app/ui/project_page.py" line="379" />
        <source>（%n 件过期报修）</source>
        <translation>
            <numerusform> (%n overdue repair request(s))</numerusform>
            <numerusform />
        </translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="389" />
        <source>保修开始：</source>
        <translation>Warranty starts: </translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="390" />
        <source>保修到期：</source>
        <translation>Warranty ends: </translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="394" />
        <source>回访：</source>
        <translation>Return visit: </translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="394" />
        <source>报修：</source>
        <translation>Repair request: </translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="397" />
        <source>（已过保修期）</source>
        <translation> (out of warranty)</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="404" />
        <source>最近到期：</source>
        <translation>Next expiry: </translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="404" />
        <source>无未到期的保修项目</source>
        <translation>No warranty items still in force</translation>
    </message>
    <message numerus="yes">
        <location filename="../../inspect_app/ui/project_page.py" line="405" />
        <source>过期报修 %n 件</source>
        <translation>
            <numerusform>%n overdue repair request(s)</numerusform>
            <numerusform />
        </translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="407" />
        <source>依据：</source>
        <translation>Basis: </translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="422" />
        <source>（逾期）</source>
        <translation> (overdue)</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="424" />
        <source>督查/审计</source>
        <translation>Inspection / audit</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="427" />
        <source>居民投诉</source>
        <translation>Resident complaint</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="485" />
        <source>导入表决表</source>
        <translation>Import vote sheet</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="485" />
        <source>表格 (*.csv *.xlsx)</source>
        <translation>Spreadsheets (*.csv *.xlsx)</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="490" />
        <source>保存计票单</source>
        <translation>Save tally sheet</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="490" />
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="505" />
        <source>表决表有错误，未导入任何选票：</source>
        <translation>The vote sheet has errors; no ballots were imported:</translation>
    </message>
    <message numerus="yes">
        <location filename="../../inspect_app/ui/project_page.py" line="514" />
        <source>已导入 %n 张选票：</source>
        <translation>
            <numerusform>Imported %n ballot(s):</numerusform>
            <numerusform />
        </translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="524" />
        <source>没有可打印的表决。</source>
        <translation>There are no votes to print.</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="542" />
        <source>计票单未能保存：</source>
        <translation>Could not save the tally sheet: </translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="544" />
        <source>计票单已保存：</source>
        <translation>Tally sheet saved: </translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="556" />
        <source>已推进到“%1”</source>
        <translation>Advanced to “%1”</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/project_page.py" line="558" />
        <source>（强制推进，理由已记录）</source>
        <translation> (forced; reason recorded)</translation>
    </message>
</context>
<context>
    <name>ScoreEditor</name>
    <message>
        <location filename="../../inspect_app/ui/form_editors.py" line="377" />
        <source>扣分</source>
        <translation>deduction</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/form_editors.py" line="379" />
        <source>不适用</source>
        <translation>N/A</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/form_editors.py" line="382" />
        <source>/ 满分 %1</source>
        <translation>/ full score %1</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../inspect_app/ui/settings_dialog.py" line="24" />
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/settings_dialog.py" line="30" />
        <source>（尚未登录）</source>
        <translation>(nobody signed in)</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/settings_dialog.py" line="33" />
        <source>（无）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/settings_dialog.py" line="37" />
        <source>打开文件夹</source>
        <translation>Open folder</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/settings_dialog.py" line="43" />
        <source>界面语言在重新启动后生效。</source>
        <translation>The interface language takes effect after a restart.</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/settings_dialog.py" line="51" />
        <source>界面语言</source>
        <translation>Interface language</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/settings_dialog.py" line="52" />
        <source>当前用户</source>
        <translation>Current user</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/settings_dialog.py" line="53" />
        <source>切换用户请用工具栏的“切换用户”，需输入密码。</source>
        <translation>To switch user, use Switch user in the toolbar (asks for the password).</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/settings_dialog.py" line="56" />
        <source>日志文件</source>
        <translation>Log file</translation>
    </message>
</context>
<context>
    <name>SignatureBadge</name>
    <message>
        <location filename="../../inspect_app/ui/signature_badge.py" line="20" />
        <source>标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/signature_badge.py" line="21" />
        <source>检查项</source>
        <translation>Checklist item</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/signature_badge.py" line="22" />
        <source>备注</source>
        <translation>Remarks</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/signature_badge.py" line="23" />
        <source>严重程度</source>
        <translation>Severity</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/signature_badge.py" line="24" />
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/signature_badge.py" line="25" />
        <source>描述</source>
        <translation>Description</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/signature_badge.py" line="26" />
        <source>楼栋</source>
        <translation>Building</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/signature_badge.py" line="27" />
        <source>照片</source>
        <translation>Photos</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/signature_badge.py" line="28" />
        <source>记录已删除</source>
        <translation>Record deleted</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/signature_badge.py" line="29" />
        <source>内容（签字时未保存明细）</source>
        <translation>Content (details not saved at signing)</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/signature_badge.py" line="128" />
        <source>签字有效</source>
        <translation>Signature valid</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/signature_badge.py" line="130" />
        <source>所签内容未改动。</source>
        <translation>The signed content has not changed.</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/signature_badge.py" line="133" />
        <source>签字已作废（VOID）</source>
        <translation>Signature void (VOID)</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/signature_badge.py" line="136" />
        <source>签字后已改动：</source>
        <translation>Changed after signing: </translation>
    </message>
</context>
<context>
    <name>SignatureDialog</name>
    <message>
        <location filename="../../inspect_app/ui/signature_pad.py" line="235" />
        <source>签字确认</source>
        <translation>Confirm signature</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/signature_pad.py" line="245" />
        <source>本人签字（%1）</source>
        <translation>Sign myself (%1)</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/signature_pad.py" line="246" />
        <source>其他账号签字（需其本人密码）</source>
        <translation>Another account signs (their own password)</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/signature_pad.py" line="247" />
        <source>访客签字（无账号：居民代表、街道等）</source>
        <translation>A guest signs (no account: residents' representative, street …)</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/signature_pad.py" line="267" />
        <source>签字人本人输入密码</source>
        <translation>The signer types their own password</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/signature_pad.py" line="270" />
        <source>签字人姓名</source>
        <translation>Signer's name</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/signature_pad.py" line="277" />
        <source>（无）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/signature_pad.py" line="289" />
        <source>签字方式(&amp;M)</source>
        <translation>Who &amp;signs</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/signature_pad.py" line="290" />
        <source>账号(&amp;U)</source>
        <translation>&amp;Account</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/signature_pad.py" line="291" />
        <source>密码(&amp;P)</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/signature_pad.py" line="292" />
        <source>签字人(&amp;N)</source>
        <translation>Signer (&amp;N)</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/signature_pad.py" line="293" />
        <source>身份(&amp;R)</source>
        <translation>Role (&amp;R)</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/signature_pad.py" line="294" />
        <source>单位(&amp;O)</source>
        <translation>Organization (&amp;O)</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/signature_pad.py" line="297" />
        <source>签字固定所签内容（签字项除外），之后对内容的任何修改都会使签字作废，并写明改动了哪一项；他人的签字不受影响。</source>
        <translation>Signing fixes the content (signature items aside); any later change voids the signature and names what changed. Other signatures are not affected.</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/signature_pad.py" line="305" />
        <source>清除(&amp;C)</source>
        <translation>Clear (&amp;C)</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/signature_pad.py" line="309" />
        <source>确认签字(&amp;S)</source>
        <translation>Sign (&amp;S)</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/signature_pad.py" line="352" />
        <source>签署：%1 —「%2」</source>
        <translation>Signing: %1 — “%2”</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/signature_pad.py" line="353" />
        <source>签署整份记录：%1</source>
        <translation>Signing the whole record: %1</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/signature_pad.py" line="399" />
        <source>请先在签名框内签名。</source>
        <translation>Please sign in the signature box first.</translation>
    </message>
</context>
<context>
    <name>SignatureList</name>
    <message>
        <location filename="../../inspect_app/ui/signature_badge.py" line="181" />
        <source>尚无签字。</source>
        <translation>No signatures yet.</translation>
    </message>
</context>
<context>
    <name>SignaturePad</name>
    <message>
        <location filename="../../inspect_app/ui/signature_pad.py" line="71" />
        <source>签名区</source>
        <translation>Signature area</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/signature_pad.py" line="164" />
        <source>请在此处签名（鼠标、触控板或手写笔）</source>
        <translation>Sign here (mouse, touchpad or stylus)</translation>
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
    <name>SitePlanView</name>
    <message>
        <location filename="../../inspect_app/ui/site_plan.py" line="269" />
        <source>总平面图</source>
        <translation>Site plan</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/site_plan.py" line="526" />
        <source>尚未导入总平面图
（图片或 PDF）</source>
        <translation>No site plan imported yet
(image or PDF)</translation>
    </message>
</context>
<context>
    <name>SyncSetupDialog</name>
    <message>
        <location filename="../../inspect_app/ui/sync_setup.py" line="11" />
        <source>同步设置</source>
        <translation>Sync settings</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/sync_setup.py" line="16" />
        <source>密码只用于登录，不会保存；登录后使用服务器签发的令牌。</source>
        <translation>The password is only used to log in and is not saved; after login the app uses a token issued by the server.</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/sync_setup.py" line="25" />
        <source>服务器地址</source>
        <translation>Server address</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/sync_setup.py" line="26" />
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/sync_setup.py" line="27" />
        <source>密码</source>
        <translation>Password</translation>
    </message>
</context>
<context>
    <name>SyncStatus</name>
    <message>
        <location filename="../../inspect_app/ui/sync_status.py" line="41" />
        <source>未同步</source>
        <translation>Not synced</translation>
    </message>
    <message numerus="yes">
        <location filename="../../inspect_app/ui/sync_status.py" line="46" />
        <source>%n 项待同步</source>
        <translation>
            <numerusform>%n change(s) waiting to sync</numerusform>
            <numerusform />
        </translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/sync_status.py" line="50" />
        <source>同步中…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/sync_status.py" line="64" />
        <source>已同步</source>
        <translation>Synced</translation>
    </message>
    <message numerus="yes">
        <location filename="../../inspect_app/ui/sync_status.py" line="66" />
        <source>%n 项修改被拒绝</source>
        <translation>
            <numerusform>%n change(s) rejected</numerusform>
            <numerusform />
        </translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/sync_status.py" line="77" />
        <source>同步失败</source>
        <translation>Sync failed</translation>
    </message>
</context>
<context>
    <name>TableEditor</name>
    <message>
        <location filename="../../inspect_app/ui/form_editors.py" line="437" />
        <source>＋ 添加一行</source>
        <translation>+ Add row</translation>
    </message>
    <message>
        <location filename="../../inspect_app/ui/form_editors.py" line="439" />
        <source>删除选中行</source>
        <translation>Remove selected rows</translation>
    </message>
</context>
<context>
    <name>parent</name>
    <message>
        <location filename="../../inspect_app/ui/photo_import.py" line="51" />
        <source>选择照片</source>
        <translation>Choose photos</translation>
    </message>
</context>
</TS>