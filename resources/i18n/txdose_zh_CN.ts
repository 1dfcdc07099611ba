<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <source>Dosing calculator for stem-cell transplant protocols in refractory lupus nephritis. Every dose is computed by the dosing engine from the protocol files; each item quotes its source verbatim.</source>
        <translation>难治性狼疮性肾炎干细胞移植方案的剂量计算工具。每一个剂量均由剂量计算引擎根据方案文件算出；每个项目都逐字引用其出处原文。</translation>
    </message>
    <message>
        <source>About txdose</source>
        <translation>关于 txdose</translation>
    </message>
    <message>
        <source>about txdose and the protocol sources</source>
        <translation>关于 txdose 及各方案的出处</translation>
    </message>
</context>
<context>
    <name>AdjustmentsPanel</name>
    <message>
        <source>{unit}/day</source>
        <translation>{unit}/天</translation>
    </message>
    <message>
        <source>mobilization day {day}</source>
        <translation>动员第{day}天</translation>
    </message>
    <message>
        <source>treatment day {day}</source>
        <translation>治疗第{day}天</translation>
    </message>
    <message>
        <source>{drug} ({low}–{high} {unit})</source>
        <translation>{drug}（{low}–{high} {unit}）</translation>
    </message>
    <message>
        <source>{drug} (dose entered by prescriber, {unit})</source>
        <translation>{drug}（剂量由处方医师填写，{unit}）</translation>
    </message>
    <message>
        <source>{drug} chosen value in {unit}</source>
        <translation>{drug}所选剂量，单位 {unit}</translation>
    </message>
    <message>
        <source>choose a value for {drug}</source>
        <translation>为{drug}选择剂量</translation>
    </message>
    <message>
        <source>% of protocol dose</source>
        <translation>% 方案剂量</translation>
    </message>
    <message>
        <source>{drug}: percent of the protocol dose given</source>
        <translation>{drug}：实际给予的方案剂量百分比</translation>
    </message>
    <message>
        <source>reason (required below 100%)</source>
        <translation>原因（低于 100% 时必填）</translation>
    </message>
    <message>
        <source>{drug}: reason for the reduction</source>
        <translation>{drug}：减量原因</translation>
    </message>
    <message>
        <source>Adjustments</source>
        <translation>剂量调整</translation>
    </message>
    <message>
        <source>day to drop</source>
        <translation>要停用的给药日</translation>
    </message>
    <message>
        <source>reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>reason for dropping the day</source>
        <translation>停用该给药日的原因</translation>
    </message>
    <message>
        <source>Dro&amp;p day</source>
        <translation>停用该日(&amp;P)</translation>
    </message>
    <message>
        <source>dropped days</source>
        <translation>已停用的给药日</translation>
    </message>
    <message>
        <source>&amp;Restore day</source>
        <translation>恢复该日(&amp;R)</translation>
    </message>
    <message>
        <source>&lt;b&gt;Values inside protocol ranges&lt;/b&gt;</source>
        <translation>&lt;b&gt;方案范围内的剂量选择&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Reductions&lt;/b&gt; (a reason is required)</source>
        <translation>&lt;b&gt;减量&lt;/b&gt;（须填写原因）</translation>
    </message>
    <message>
        <source>&lt;b&gt;Dropped days&lt;/b&gt;</source>
        <translation>&lt;b&gt;停用的给药日&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Not dropped — {refusal}.</source>
        <translation>未停用 — {refusal}。</translation>
    </message>
    <message>
        <source>enter the percent of the protocol dose given: 100 for all of it</source>
        <translation>请输入给予方案剂量的百分比：全量为 100</translation>
    </message>
    <message>
        <source>{refusal}, to give {percent}% of the protocol dose of {drug}</source>
        <translation>{drug}按方案剂量的 {percent}% 给药：{refusal}</translation>
    </message>
    <message>
        <source>{item} — day {day}</source>
        <translation>{item} — 第{day}天</translation>
    </message>
</context>
<context>
    <name>AlertsPanel</name>
    <message>
        <source>A&amp;lerts</source>
        <translation>警示(&amp;L)</translation>
    </message>
    <message>
        <source>alerts</source>
        <translation>警示</translation>
    </message>
    <message>
        <source>No plan yet.</source>
        <translation>尚无给药计划。</translation>
    </message>
    <message>
        <source>reason for acknowledging the selected soft alert</source>
        <translation>确认所选一般警示的原因</translation>
    </message>
    <message>
        <source>acknowledgement reason</source>
        <translation>确认原因</translation>
    </message>
    <message>
        <source>Ac&amp;knowledge</source>
        <translation>确认(&amp;K)</translation>
    </message>
    <message>
        <source>With&amp;draw</source>
        <translation>撤销确认(&amp;D)</translation>
    </message>
    <message>
        <source>Withdraw the acknowledgement of the selected alert</source>
        <translation>撤销对所选警示的确认</translation>
    </message>
    <message>
        <source>Select a soft alert to acknowledge.</source>
        <translation>请先选择一条需要确认的一般警示。</translation>
    </message>
    <message>
        <source>Not acknowledged — {refusal}.</source>
        <translation>未确认 — {refusal}。</translation>
    </message>
    <message>
        <source>No plan: fix the marked inputs.</source>
        <translation>无给药计划：请修正标出的输入项。</translation>
    </message>
    <message>
        <source>&lt;b&gt;{count} hard&lt;/b&gt; (nurse schedule cannot be printed)</source>
        <translation>&lt;b&gt;{count} 条严重警示&lt;/b&gt;（护士给药执行单不能打印）</translation>
    </message>
    <message>
        <source>&lt;b&gt;{count} to acknowledge&lt;/b&gt;</source>
        <translation>&lt;b&gt;{count} 条待确认&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;1 choice required&lt;/b&gt;</source>
        <translation>&lt;b&gt;1 项需要选择&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;{count} choices required&lt;/b&gt;</source>
        <translation>&lt;b&gt;{count} 项需要选择&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Nothing needs attention.</source>
        <translation>没有需要处理的事项。</translation>
    </message>
</context>
<context>
    <name>CheckSheetDialog</name>
    <message>
        <source>CURRENT: this paper is the plan&apos;s current verified version: use it.</source>
        <translation>现行：这份纸质单是此计划现行的已核对版本，可以使用。</translation>
    </message>
    <message>
        <source>SUPERSEDED: do not give from this paper.</source>
        <translation>已失效：不要按这份纸质单给药。</translation>
    </message>
    <message>
        <source>UNKNOWN: do not use this paper.</source>
        <translation>无法确认：不要使用这份纸质单。</translation>
    </message>
</context>
<context>
    <name>ConfirmAdjustmentsDialog</name>
    <message>
        <source>Verify {plan}: confirm each adjustment</source>
        <translation>核对{plan}：逐项确认剂量调整</translation>
    </message>
    <message>
        <source>Your entries match the prepared plan. Now check each adjustment the preparer made against the chart and the protocol, and tick it if it is right.</source>
        <translation>您的录入与已制定的计划一致。现在请对照病历和方案，逐项检查制表人所做的每一项剂量调整，正确的请勾选。</translation>
    </message>
    <message>
        <source>&amp;Verify</source>
        <translation>核对(&amp;V)</translation>
    </message>
    <message>
        <source>{done} of {total} confirmed</source>
        <translation>已确认 {done} 项，共 {total} 项</translation>
    </message>
</context>
<context>
    <name>ConflictBox</name>
    <message>
        <source>txdose — the plan was changed elsewhere</source>
        <translation>txdose — 该计划已在其他工作站被修改</translation>
    </message>
    <message>
        <source>Your edit compared with version {version}:</source>
        <translation>您的修改与第 {version} 版的差异：</translation>
    </message>
    <message>
        <source>Save mine as version {version}</source>
        <translation>将我的修改保存为第 {version} 版</translation>
    </message>
    <message>
        <source>Open version {version}</source>
        <translation>打开第 {version} 版</translation>
    </message>
    <message>
        <source>Keep editing</source>
        <translation>继续编辑</translation>
    </message>
</context>
<context>
    <name>CountsChartWidget</name>
    <message>
        <source>WBC and ANC chart</source>
        <translation>白细胞与中性粒细胞绝对计数曲线图</translation>
    </message>
    <message>
        <source>No blood counts entered yet.</source>
        <translation>尚未填写血象。</translation>
    </message>
    <message>
        <source>threshold {value}</source>
        <translation>阈值 {value}</translation>
    </message>
    <message>
        <source>WBC</source>
        <translation>白细胞</translation>
    </message>
    <message>
        <source>ANC</source>
        <translation>中性粒细胞</translation>
    </message>
    <message>
        <source>× 10⁹/L</source>
        <translation>× 10⁹/L</translation>
    </message>
    <message>
        <source>G-CSF given</source>
        <translation>已给予 G-CSF</translation>
    </message>
</context>
<context>
    <name>CountsPanel</name>
    <message>
        <source>Counts and harvest</source>
        <translation>血象与采集</translation>
    </message>
    <message>
        <source>counts or apheresis yields</source>
        <translation>血象或单采产量</translation>
    </message>
    <message>
        <source>Counts</source>
        <translation>血象</translation>
    </message>
    <message>
        <source>Yields</source>
        <translation>产量</translation>
    </message>
    <message>
        <source>C&amp;harts</source>
        <translation>图表(&amp;H)</translation>
    </message>
    <message>
        <source>harvest against the targets</source>
        <translation>采集量与目标对比</translation>
    </message>
    <message>
        <source>count date</source>
        <translation>血象日期</translation>
    </message>
    <message>
        <source>WBC in 10 to the 9 per litre</source>
        <translation>白细胞计数，单位 10⁹/L</translation>
    </message>
    <message>
        <source>ANC in 10 to the 9 per litre</source>
        <translation>中性粒细胞绝对计数，单位 10⁹/L</translation>
    </message>
    <message>
        <source>Add count</source>
        <translation>添加血象</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>daily counts</source>
        <translation>每日血象</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>WBC</source>
        <translation>白细胞</translation>
    </message>
    <message>
        <source>ANC</source>
        <translation>中性粒细胞</translation>
    </message>
    <message>
        <source>apheresis date</source>
        <translation>单采日期</translation>
    </message>
    <message>
        <source>× 10⁶ cells</source>
        <translation>× 10⁶ 个细胞</translation>
    </message>
    <message>
        <source>CD34 positive cells in millions</source>
        <translation>CD34⁺ 细胞数，单位 10⁶ 个</translation>
    </message>
    <message>
        <source>× 10⁸ cells</source>
        <translation>× 10⁸ 个细胞</translation>
    </message>
    <message>
        <source>mononuclear cells in hundreds of millions</source>
        <translation>单个核细胞数，单位 10⁸ 个</translation>
    </message>
    <message>
        <source>Add yield</source>
        <translation>添加产量</translation>
    </message>
    <message>
        <source>apheresis yields</source>
        <translation>单采产量</translation>
    </message>
    <message>
        <source>MNC</source>
        <translation>单个核细胞</translation>
    </message>
    <message>
        <source>enter a number in {unit}</source>
        <translation>请输入数值，单位 {unit}</translation>
    </message>
    <message>
        <source>pick the date of the sample</source>
        <translation>请选择采血日期</translation>
    </message>
    <message>
        <source>enter WBC, ANC or both</source>
        <translation>请输入 WBC、ANC 或两者</translation>
    </message>
    <message>
        <source>pick the collection date</source>
        <translation>请选择采集日期</translation>
    </message>
    <message>
        <source>This protocol has no apheresis harvest.</source>
        <translation>本方案没有单采采集。</translation>
    </message>
    <message>
        <source>met</source>
        <translation>已达标</translation>
    </message>
    <message>
        <source>not met</source>
        <translation>未达标</translation>
    </message>
    <message>
        <source>{name}: collected {collected} × 10{power} ({per_kg} × 10{power}/kg); target more than {target} × 10{power} ({target_per_kg} × 10{power}/kg) — {verdict}</source>
        <translation>{name}：已采集 {collected} × 10{power}（{per_kg} × 10{power}/kg）；目标为大于 {target} × 10{power}（{target_per_kg} × 10{power}/kg）— {verdict}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Harvest&lt;/b&gt; (1 collection)</source>
        <translation>&lt;b&gt;采集&lt;/b&gt;（1 次单采）</translation>
    </message>
    <message>
        <source>&lt;b&gt;Harvest&lt;/b&gt; ({count} collections)</source>
        <translation>&lt;b&gt;采集&lt;/b&gt;（{count} 次单采）</translation>
    </message>
    <message>
        <source>Mononuclear cells</source>
        <translation>单个核细胞</translation>
    </message>
</context>
<context>
    <name>Field</name>
    <message>
        <source>name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>MRN</source>
        <translation>病历号</translation>
    </message>
    <message>
        <source>date of birth</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <source>age</source>
        <translation>年龄</translation>
    </message>
    <message>
        <source>sex</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>weight</source>
        <translation>体重</translation>
    </message>
    <message>
        <source>height</source>
        <translation>身高</translation>
    </message>
    <message>
        <source>weigh date</source>
        <translation>称重日期</translation>
    </message>
    <message>
        <source>creatinine</source>
        <translation>肌酐</translation>
    </message>
    <message>
        <source>prior cyclophosphamide</source>
        <translation>既往环磷酰胺累积量</translation>
    </message>
    <message>
        <source>protocol</source>
        <translation>方案</translation>
    </message>
    <message>
        <source>arm</source>
        <translation>分组</translation>
    </message>
    <message>
        <source>BSA formula</source>
        <translation>体表面积公式</translation>
    </message>
    <message>
        <source>day 0</source>
        <translation>第0天</translation>
    </message>
    <message>
        <source>mobilization start</source>
        <translation>动员开始日</translation>
    </message>
    <message>
        <source>treatment start</source>
        <translation>治疗开始日</translation>
    </message>
    <message>
        <source>plan</source>
        <translation>计划</translation>
    </message>
    <message>
        <source>mrn</source>
        <translation>病历号</translation>
    </message>
    <message>
        <source>user</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>count date</source>
        <translation>血象日期</translation>
    </message>
    <message>
        <source>WBC</source>
        <translation>白细胞</translation>
    </message>
    <message>
        <source>ANC</source>
        <translation>中性粒细胞</translation>
    </message>
    <message>
        <source>apheresis date</source>
        <translation>单采日期</translation>
    </message>
    <message>
        <source>CD34+ yield</source>
        <translation>CD34⁺ 产量</translation>
    </message>
    <message>
        <source>MNC yield</source>
        <translation>单个核细胞产量</translation>
    </message>
    <message>
        <source>input</source>
        <translation>输入</translation>
    </message>
</context>
<context>
    <name>HarvestChartWidget</name>
    <message>
        <source>cumulative harvest chart</source>
        <translation>累积采集量曲线图</translation>
    </message>
    <message>
        <source>No apheresis yields entered yet.</source>
        <translation>尚未填写单采产量。</translation>
    </message>
    <message>
        <source>CD34+ × 10⁶</source>
        <translation>CD34⁺ × 10⁶</translation>
    </message>
    <message>
        <source>MNC × 10⁸</source>
        <translation>单个核细胞 × 10⁸</translation>
    </message>
    <message>
        <source>target {value}</source>
        <translation>目标 {value}</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <source>History of plan {plan_id}</source>
        <translation>计划 {plan_id} 的版本历史</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>体重</translation>
    </message>
    <message>
        <source>Height</source>
        <translation>身高</translation>
    </message>
    <message>
        <source>BSA</source>
        <translation>体表面积</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Open &amp;log folder</source>
        <translation>打开日志文件夹(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>Print Pre&amp;view…</source>
        <translation>打印预览(&amp;V)…</translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation>打印(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Export PDF…</source>
        <translation>导出 PDF(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Patient</source>
        <translation>患者(&amp;P)</translation>
    </message>
    <message>
        <source>P&amp;rotocol</source>
        <translation>方案(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Schedule</source>
        <translation>给药日程(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Alerts</source>
        <translation>警示(&amp;A)</translation>
    </message>
    <message>
        <source>A&amp;djustments</source>
        <translation>剂量调整(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Counts and harvest</source>
        <translation>血象与采集(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Follow-up visits</source>
        <translation>随访(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;About txdose</source>
        <translation>关于 txdose(&amp;A)</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>关于 Qt(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>No doses are shown until every input is valid.</source>
        <translation>所有输入项均有效之前，不显示任何剂量。</translation>
    </message>
    <message>
        <source>Loading protocols…</source>
        <translation>正在加载方案…</translation>
    </message>
    <message>
        <source>&lt;p&gt;Select a dose to see how it was calculated.&lt;/p&gt;</source>
        <translation>&lt;p&gt;选择一个剂量，查看其计算过程。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>There is no plan to print: fix the marked inputs first.</source>
        <translation>没有可打印的计划：请先修正标出的输入项。</translation>
    </message>
    <message>
        <source>About Qt</source>
        <translation>关于 Qt</translation>
    </message>
    <message>
        <source>plan state</source>
        <translation>计划状态</translation>
    </message>
    <message>
        <source>input problems</source>
        <translation>输入问题</translation>
    </message>
    <message>
        <source>schedule: every administration by phase and day</source>
        <translation>给药日程：按阶段和日期列出每一次给药</translation>
    </message>
    <message>
        <source>calculation of the selected dose</source>
        <translation>所选剂量的计算过程</translation>
    </message>
    <message>
        <source>course totals</source>
        <translation>疗程总量</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>给药日程</translation>
    </message>
    <message>
        <source>Course totals</source>
        <translation>疗程总量</translation>
    </message>
    <message>
        <source>Calculation of the selected dose</source>
        <translation>所选剂量的计算过程</translation>
    </message>
    <message>
        <source>plan summary: body measures, dosing weights, cumulative drug totals</source>
        <translation>计划摘要：体格测量、给药体重、药物累积总量</translation>
    </message>
    <message>
        <source>course totals or follow-up visits</source>
        <translation>疗程总量或随访安排</translation>
    </message>
    <message>
        <source>Follow-up visits</source>
        <translation>随访</translation>
    </message>
    <message>
        <source>follow-up visits</source>
        <translation>随访安排</translation>
    </message>
    <message>
        <source>follow-up sources</source>
        <translation>随访安排的出处</translation>
    </message>
</context>
<context>
    <name>OpenDialog</name>
    <message>
        <source>Open a saved plan</source>
        <translation>打开已保存的计划</translation>
    </message>
    <message>
        <source>MRN or name</source>
        <translation>病历号或姓名</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>任何状态</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>正在搜索…</translation>
    </message>
    <message>
        <source>&amp;Verify…</source>
        <translation>核对(&amp;V)…</translation>
    </message>
    <message>
        <source>Verify the chosen draft blind, without opening it</source>
        <translation>不打开所选草稿，直接进行盲法核对</translation>
    </message>
    <message>
        <source>&amp;Find:</source>
        <translation>查找(&amp;F)：</translation>
    </message>
    <message>
        <source>1 plan</source>
        <translation>1 个计划</translation>
    </message>
    <message>
        <source>{count} plans</source>
        <translation>{count} 个计划</translation>
    </message>
</context>
<context>
    <name>OptionalDateEdit</name>
    <message>
        <source>not set</source>
        <translation>未填写</translation>
    </message>
</context>
<context>
    <name>PatientPanel</name>
    <message>
        <source>{typed} {unit} (= {value} {base_unit}) is outside the accepted range {low}–{high} {base_unit} ({low_typed}–{high_typed} {unit})</source>
        <translation>{typed} {unit}（= {value} {base_unit}）超出允许范围 {low}–{high} {base_unit}（{low_typed}–{high_typed} {unit}）</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>患者</translation>
    </message>
    <message>
        <source>years</source>
        <translation>岁</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>未填写</translation>
    </message>
    <message>
        <source>choose…</source>
        <translation>请选择…</translation>
    </message>
    <message>
        <source>female</source>
        <translation>女</translation>
    </message>
    <message>
        <source>male</source>
        <translation>男</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>选填</translation>
    </message>
    <message>
        <source>age</source>
        <translation>年龄</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>姓名(&amp;N)</translation>
    </message>
    <message>
        <source>patient name</source>
        <translation>患者姓名</translation>
    </message>
    <message>
        <source>&amp;MRN</source>
        <translation>病历号(&amp;M)</translation>
    </message>
    <message>
        <source>medical record number</source>
        <translation>病历号</translation>
    </message>
    <message>
        <source>Date of &amp;birth</source>
        <translation>出生日期(&amp;B)</translation>
    </message>
    <message>
        <source>date of birth</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <source>age in years</source>
        <translation>年龄（岁）</translation>
    </message>
    <message>
        <source>&amp;Sex</source>
        <translation>性别(&amp;S)</translation>
    </message>
    <message>
        <source>sex</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>&amp;Weight</source>
        <translation>体重(&amp;W)</translation>
    </message>
    <message>
        <source>weight</source>
        <translation>体重</translation>
    </message>
    <message>
        <source>He&amp;ight</source>
        <translation>身高(&amp;I)</translation>
    </message>
    <message>
        <source>height</source>
        <translation>身高</translation>
    </message>
    <message>
        <source>Wei&amp;gh date</source>
        <translation>称重日期(&amp;G)</translation>
    </message>
    <message>
        <source>weigh date</source>
        <translation>称重日期</translation>
    </message>
    <message>
        <source>&amp;Creatinine</source>
        <translation>肌酐(&amp;C)</translation>
    </message>
    <message>
        <source>serum creatinine</source>
        <translation>血清肌酐</translation>
    </message>
    <message>
        <source>Prior c&amp;yclophosphamide</source>
        <translation>既往环磷酰胺(&amp;Y)</translation>
    </message>
    <message>
        <source>prior cumulative cyclophosphamide in mg</source>
        <translation>既往环磷酰胺累积剂量，单位 mg</translation>
    </message>
    <message>
        <source>is in the future</source>
        <translation>晚于今天</translation>
    </message>
    <message>
        <source>pick the date of birth (or type the age in years)</source>
        <translation>请选择出生日期（或填写年龄）</translation>
    </message>
    <message>
        <source>choose female or male</source>
        <translation>请选择女或男</translation>
    </message>
    <message>
        <source>enter a number in {unit} (or choose the other unit)</source>
        <translation>请输入数值，单位 {unit}（或改选另一单位）</translation>
    </message>
</context>
<context>
    <name>PlanText</name>
    <message>
        <source>&lt;b&gt;BSA&lt;/b&gt; {bsa} m² ({formula}, capped; unrounded {unrounded})</source>
        <translation>&lt;b&gt;体表面积&lt;/b&gt; {bsa} m²（{formula}，已封顶；未取整值 {unrounded}）</translation>
    </message>
    <message>
        <source>&lt;b&gt;BSA&lt;/b&gt; {bsa} m² ({formula}; unrounded {unrounded})</source>
        <translation>&lt;b&gt;体表面积&lt;/b&gt; {bsa} m²（{formula}；未取整值 {unrounded}）</translation>
    </message>
    <message>
        <source>&lt;b&gt;IBW&lt;/b&gt; {ibw} kg</source>
        <translation>&lt;b&gt;理想体重&lt;/b&gt; {ibw} kg</translation>
    </message>
    <message>
        <source>&lt;b&gt;AdjBW&lt;/b&gt; {adjbw} kg (factor {factor})</source>
        <translation>&lt;b&gt;校正体重&lt;/b&gt; {adjbw} kg（系数 {factor}）</translation>
    </message>
    <message>
        <source>&lt;b&gt;BMI&lt;/b&gt; {bmi} kg/m²</source>
        <translation>&lt;b&gt;BMI&lt;/b&gt; {bmi} kg/m²</translation>
    </message>
    <message>
        <source>&lt;b&gt;CrCl&lt;/b&gt; {crcl} mL/min (Cockcroft–Gault)</source>
        <translation>&lt;b&gt;肌酐清除率&lt;/b&gt; {crcl} mL/min（Cockcroft–Gault）</translation>
    </message>
    <message>
        <source>&lt;b&gt;eGFR&lt;/b&gt; {egfr} mL/min/1.73 m² (CKD-EPI 2021)</source>
        <translation>&lt;b&gt;eGFR&lt;/b&gt; {egfr} mL/min/1.73 m²（CKD-EPI 2021）</translation>
    </message>
    <message>
        <source>&lt;b&gt;Dosing weight&lt;/b&gt;: {weights}</source>
        <translation>&lt;b&gt;给药体重&lt;/b&gt;：{weights}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Cumulative {drug}&lt;/b&gt;: {total}</source>
        <translation>&lt;b&gt;{drug}累积量&lt;/b&gt;：{total}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Dose&lt;/b&gt;: {dose}</source>
        <translation>&lt;b&gt;剂量&lt;/b&gt;：{dose}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Calculation&lt;/b&gt;: {trace}</source>
        <translation>&lt;b&gt;计算&lt;/b&gt;：{trace}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Dosing weight&lt;/b&gt;: {weight} kg ({rule})</source>
        <translation>&lt;b&gt;给药体重&lt;/b&gt;：{weight} kg（{rule}）</translation>
    </message>
    <message>
        <source>Chosen</source>
        <translation>所选剂量</translation>
    </message>
    <message>
        <source>Presentation</source>
        <translation>规格</translation>
    </message>
    <message>
        <source>Volume to draw</source>
        <translation>抽取量</translation>
    </message>
    <message>
        <source>Condition</source>
        <translation>给药条件</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>&lt;b&gt;{label}&lt;/b&gt;: {value}</source>
        <translation>&lt;b&gt;{label}&lt;/b&gt;：{value}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Protocol dose&lt;/b&gt;: {dose}</source>
        <translation>&lt;b&gt;方案剂量&lt;/b&gt;：{dose}</translation>
    </message>
    <message>
        <source>&lt;i&gt;Source ({seed}): “{quote}”&lt;/i&gt;</source>
        <translation>&lt;i&gt;出处（{seed}）：“{quote}”&lt;/i&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Protocol file not loaded&lt;/b&gt;: {problem}</source>
        <translation>&lt;b&gt;方案文件未能加载&lt;/b&gt;：{problem}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Doses cleared&lt;/b&gt; — fix the marked input:</source>
        <translation>&lt;b&gt;剂量已清除&lt;/b&gt; — 请修正标出的输入项：</translation>
    </message>
    <message>
        <source>To compute the plan, enter: {fields}</source>
        <translation>要计算给药计划，请填写：{fields}</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>&lt;b&gt;{field}&lt;/b&gt; ({what})</source>
        <translation>&lt;b&gt;{field}&lt;/b&gt;（{what}）</translation>
    </message>
    <message>
        <source>unnamed</source>
        <translation>未填写姓名</translation>
    </message>
    <message>
        <source>{name} (MRN {mrn})</source>
        <translation>{name}（病历号 {mrn}）</translation>
    </message>
    <message>
        <source>, edited — not saved</source>
        <translation>，已修改 — 未保存</translation>
    </message>
    <message>
        <source>DRAFT — not saved, not verified</source>
        <translation>草稿 — 未保存，未经核对</translation>
    </message>
    <message>
        <source>EDITED SINCE VERIFIED{version} by {user} — save and verify again</source>
        <translation>核对后已修改{version}（原由 {user} 核对）— 请保存并重新核对</translation>
    </message>
    <message>
        <source>EDITED SINCE VERIFIED{version} — save and verify again</source>
        <translation>核对后已修改{version} — 请保存并重新核对</translation>
    </message>
    <message>
        <source>VERIFIED{version} by {user}</source>
        <translation>已核对{version}，核对人 {user}</translation>
    </message>
    <message>
        <source>VERIFIED{version}</source>
        <translation>已核对{version}</translation>
    </message>
    <message>
        <source>DRAFT{version} — edited, not saved; needs verifying</source>
        <translation>草稿{version} — 已修改，未保存；需要核对</translation>
    </message>
    <message>
        <source>DRAFT{version} — awaiting verification by a second pharmacist</source>
        <translation>草稿{version} — 等待第二名药师核对</translation>
    </message>
    <message>
        <source>{status}{version} — not the current plan</source>
        <translation>{status}{version} — 不是当前计划</translation>
    </message>
    <message>
        <source>{field}: {message}</source>
        <translation>{field}：{message}</translation>
    </message>
</context>
<context>
    <name>ProtocolPanel</name>
    <message>
        <source>Protocol</source>
        <translation>方案</translation>
    </message>
    <message>
        <source>loading protocols…</source>
        <translation>正在加载方案…</translation>
    </message>
    <message>
        <source>Pr&amp;otocol</source>
        <translation>方案(&amp;O)</translation>
    </message>
    <message>
        <source>protocol</source>
        <translation>方案</translation>
    </message>
    <message>
        <source>&amp;Arm</source>
        <translation>分组(&amp;A)</translation>
    </message>
    <message>
        <source>arm</source>
        <translation>分组</translation>
    </message>
    <message>
        <source>BSA form&amp;ula</source>
        <translation>体表面积公式(&amp;U)</translation>
    </message>
    <message>
        <source>BSA formula</source>
        <translation>体表面积公式</translation>
    </message>
    <message>
        <source>Dosing w&amp;eight</source>
        <translation>给药体重(&amp;E)</translation>
    </message>
    <message>
        <source>dosing-weight rule</source>
        <translation>给药体重规则</translation>
    </message>
    <message>
        <source>Day &amp;0</source>
        <translation>第0天(&amp;0)</translation>
    </message>
    <message>
        <source>day 0 date</source>
        <translation>第0天日期</translation>
    </message>
    <message>
        <source>Mobili&amp;zation day 1</source>
        <translation>动员第1天(&amp;Z)</translation>
    </message>
    <message>
        <source>mobilization start date</source>
        <translation>动员开始日期</translation>
    </message>
    <message>
        <source>&amp;Treatment day 1</source>
        <translation>治疗第1天(&amp;T)</translation>
    </message>
    <message>
        <source>treatment start date</source>
        <translation>治疗开始日期</translation>
    </message>
    <message>
        <source>choose…</source>
        <translation>请选择…</translation>
    </message>
    <message>
        <source>no arms</source>
        <translation>无分组</translation>
    </message>
    <message>
        <source>protocol default (each item&apos;s own rule)</source>
        <translation>方案默认（各项目按各自规则）</translation>
    </message>
    <message>
        <source>Applies to: {drugs}</source>
        <translation>适用于：{drugs}</translation>
    </message>
    <message>
        <source>This protocol fixes the dosing weight</source>
        <translation>本方案规定了给药体重</translation>
    </message>
    <message>
        <source>choose a protocol</source>
        <translation>请选择方案</translation>
    </message>
    <message>
        <source>choose one of {arms}</source>
        <translation>请从 {arms} 中选择一个</translation>
    </message>
</context>
<context>
    <name>Schedule</name>
    <message>
        <source>date not set</source>
        <translation>日期未定</translation>
    </message>
    <message>
        <source>{phase} — to be set by blood counts</source>
        <translation>{phase} — 根据血象确定日期</translation>
    </message>
    <message>
        <source>see the adjustments</source>
        <translation>见剂量调整</translation>
    </message>
    <message>
        <source>choose a value ({wanted})</source>
        <translation>请选择剂量（{wanted}）</translation>
    </message>
    <message>
        <source>dropped</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>per local protocol</source>
        <translation>按本院方案</translation>
    </message>
    <message>
        <source>the whole collected graft (enter apheresis yields)</source>
        <translation>全部采集的移植物（请填写单采产量）</translation>
    </message>
    <message>
        <source>refused — see alerts</source>
        <translation>已拒绝 — 见警示</translation>
    </message>
    <message>
        <source>chosen {value}</source>
        <translation>所选 {value}</translation>
    </message>
</context>
<context>
    <name>Severity</name>
    <message>
        <source>HARD</source>
        <translation>严重</translation>
    </message>
    <message>
        <source>Soft</source>
        <translation>一般</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>Choose</source>
        <translation>待选择</translation>
    </message>
    <message>
        <source>Soft ✓</source>
        <translation>一般 ✓</translation>
    </message>
</context>
<context>
    <name>SheetsDialog</name>
    <message>
        <source>&amp;Nurse administration schedule</source>
        <translation>护士给药执行单(&amp;N)</translation>
    </message>
    <message>
        <source>Pharmacist &amp;worksheet</source>
        <translation>药师审核计算单(&amp;W)</translation>
    </message>
    <message>
        <source>Protocol &amp;summary</source>
        <translation>方案摘要(&amp;S)</translation>
    </message>
    <message>
        <source>a hard alert refuses a dose</source>
        <translation>一条严重警示拒绝了某个剂量</translation>
    </message>
    <message>
        <source>Print preview — txdose</source>
        <translation>打印预览 — txdose</translation>
    </message>
    <message>
        <source>page preview</source>
        <translation>页面预览</translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation>打印(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Export PDF…</source>
        <translation>导出 PDF(&amp;E)…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>&amp;Fit to width</source>
        <translation>适合宽度(&amp;F)</translation>
    </message>
    <message>
        <source>language of the sheets</source>
        <translation>单据语言</translation>
    </message>
    <message>
        <source>Cannot be printed for administration: {why}</source>
        <translation>不能打印用于给药：{why}</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>The nurse administration schedule cannot be printed: {why}. The worksheet and summary can.</source>
        <translation>护士给药执行单不能打印：{why}。药师审核计算单和方案摘要可以打印。</translation>
    </message>
    <message>
        <source>Choose at least one sheet.</source>
        <translation>请至少选择一种单据。</translation>
    </message>
    <message>
        <source>Rendering…</source>
        <translation>正在生成…</translation>
    </message>
    <message>
        <source>1 page: {sheets}; status {status}.</source>
        <translation>共 1 页：{sheets}；状态：{status}。</translation>
    </message>
    <message>
        <source>{count} pages: {sheets}; status {status}.</source>
        <translation>共 {count} 页：{sheets}；状态：{status}。</translation>
    </message>
    <message>
        <source>The sheets could not be rendered: {error}</source>
        <translation>单据无法生成：{error}</translation>
    </message>
    <message>
        <source>page {number} of {count}</source>
        <translation>第 {number} 页，共 {count} 页</translation>
    </message>
    <message>
        <source>Could not save {path}: {why}</source>
        <translation>无法保存 {path}：{why}</translation>
    </message>
    <message>
        <source>Saved {path}.</source>
        <translation>已保存 {path}。</translation>
    </message>
    <message>
        <source>Preparing pages for the printer…</source>
        <translation>正在为打印机准备页面…</translation>
    </message>
    <message>
        <source>Printing failed: {error}</source>
        <translation>打印失败：{error}</translation>
    </message>
    <message>
        <source>Sent {count} pages to {printer}.</source>
        <translation>已将 {count} 页发送到 {printer}。</translation>
    </message>
    <message>
        <source>the printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <source>Export PDF</source>
        <translation>导出 PDF</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <source>draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>verified</source>
        <translation>已核对</translation>
    </message>
    <message>
        <source>superseded</source>
        <translation>已被新版本取代</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
</context>
<context>
    <name>StoreActions</name>
    <message>
        <source>&amp;New plan</source>
        <translation>新建计划(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Verify…</source>
        <translation>核对(&amp;V)…</translation>
    </message>
    <message>
        <source>&amp;History…</source>
        <translation>版本历史(&amp;H)…</translation>
    </message>
    <message>
        <source>Not saved — {field}: {message}</source>
        <translation>未保存 — {field}：{message}</translation>
    </message>
    <message>
        <source>The plan database could not be used: {why}</source>
        <translation>无法使用计划数据库：{why}</translation>
    </message>
    <message>
        <source>The plan on screen has changes that are not saved. Start a new plan anyway?</source>
        <translation>屏幕上的计划有未保存的修改。仍要新建计划吗？</translation>
    </message>
    <message>
        <source>Nothing was saved: fix the marked inputs first (no plan is shown while an input is invalid).</source>
        <translation>未保存任何内容：请先修正标出的输入项（有输入项无效时不显示计划）。</translation>
    </message>
    <message>
        <source>Saved plan {plan_id} version {version} (draft: it needs verifying by a second pharmacist)</source>
        <translation>已保存计划 {plan_id} 第 {version} 版（草稿：需要第二名药师核对）</translation>
    </message>
    <message>
        <source>Nothing changed since version {version}: nothing saved</source>
        <translation>自第 {version} 版以来没有修改：未保存</translation>
    </message>
    <message>
        <source>The plan on screen has changes that are not saved. Open another plan anyway?</source>
        <translation>屏幕上的计划有未保存的修改。仍要打开另一个计划吗？</translation>
    </message>
    <message>
        <source>Open a saved plan</source>
        <translation>打开已保存的计划</translation>
    </message>
    <message>
        <source>Plan {plan} is a draft prepared by {preparer}. Opening it shows its values, and you will then not be able to verify it blind (verify it from the plan list instead). Open it anyway?</source>
        <translation>计划 {plan} 是由 {preparer} 制定的草稿。打开它会显示其中的数值，之后您将无法对其进行盲法核对（请改为从计划列表中核对）。仍要打开吗？</translation>
    </message>
    <message>
        <source>the inputs on screen are invalid</source>
        <translation>屏幕上的输入项无效</translation>
    </message>
    <message>
        <source>The window could not show plan {plan_id} version {version} exactly; what is on screen differs from what was saved:
{changes}
It is treated as an unsaved edit and prints as a draft.</source>
        <translation>窗口无法完全按原样显示计划 {plan_id} 第 {version} 版；屏幕上的内容与保存的内容不同：
{changes}
它将被视为未保存的修改，打印时为草稿。</translation>
    </message>
    <message>
        <source>Opened plan {plan_id} version {version} ({status})</source>
        <translation>已打开计划 {plan_id} 第 {version} 版（{status}）</translation>
    </message>
    <message>
        <source>Open or save a plan to see its history.</source>
        <translation>请先打开或保存一个计划，再查看其版本历史。</translation>
    </message>
    <message>
        <source>a patient</source>
        <translation>某位患者</translation>
    </message>
    <message>
        <source>{name} (MRN {mrn})</source>
        <translation>{name}（病历号 {mrn}）</translation>
    </message>
    <message>
        <source>plan {plan_id} (from version {version})</source>
        <translation>计划 {plan_id}（基于第 {version} 版）</translation>
    </message>
    <message>
        <source>a new plan</source>
        <translation>一个新计划</translation>
    </message>
    <message>
        <source>txdose closed before an edit was saved: {where} for {who}, last kept at {time}.</source>
        <translation>txdose 在修改保存之前已关闭：{who}的{where}，最后暂存于 {time}。</translation>
    </message>
    <message>
        <source>Restore it?</source>
        <translation>要恢复吗？</translation>
    </message>
    <message>
        <source>Plan {plan_id} version {version} is verified by {verified_by}; prepared by {prepared_by}.</source>
        <translation>计划 {plan_id} 第 {version} 版已由 {verified_by} 核对；制表人 {prepared_by}。</translation>
    </message>
    <message>
        <source>Choose a plan to verify (it is not opened)</source>
        <translation>选择要核对的计划（不会打开该计划）</translation>
    </message>
    <message>
        <source>plan {plan_id}</source>
        <translation>计划 {plan_id}</translation>
    </message>
    <message>
        <source>Plan {plan} was not verified: not every adjustment was confirmed</source>
        <translation>计划 {plan} 未核对：并非每一项剂量调整都已确认</translation>
    </message>
</context>
<context>
    <name>StoreRefusal</name>
    <message>
        <source>This plan was changed outside txdose: it is not shown, printed or verified. Tell the ward&apos;s administrator.</source>
        <translation>此计划在 txdose 之外被改动：不予显示、打印或核对。请告知病区管理员。</translation>
    </message>
    <message>
        <source>The protocol file installed now gives other doses than the saved plan: check the doses on screen before saving.</source>
        <translation>当前安装的方案文件算出的剂量与已保存的计划不同：保存前请核查屏幕上的剂量。</translation>
    </message>
    <message>
        <source>Someone else saved this plan first: your edit was not saved.</source>
        <translation>他人已先保存此计划：您的修改未保存。</translation>
    </message>
    <message>
        <source>Not saved: the MRN and the patient do not match what is saved. Check the MRN.</source>
        <translation>未保存：病历号与已保存的患者不符。请核对病历号。</translation>
    </message>
    <message>
        <source>Not done: the plan&apos;s status does not allow it.</source>
        <translation>未执行：计划当前的状态不允许此操作。</translation>
    </message>
    <message>
        <source>No such saved plan or version.</source>
        <translation>没有此已保存的计划或版本。</translation>
    </message>
    <message>
        <source>Not verified: a second pharmacist verifies, not the one who prepared it.</source>
        <translation>未核对：须由第二名药师核对，而非制定计划的药师本人。</translation>
    </message>
    <message>
        <source>Not verified: the values entered differ from the prepared plan.</source>
        <translation>未核对：录入的数值与所制定的计划不符。</translation>
    </message>
    <message>
        <source>Not verified: you have seen this draft&apos;s values, so the check is not blind.</source>
        <translation>未核对：您已看过此草稿的数值，已不能进行盲法核对。</translation>
    </message>
    <message>
        <source>Not verified: confirm each adjustment once.</source>
        <translation>未核对：请逐项确认每一项调整（各一次）。</translation>
    </message>
    <message>
        <source>Not verified.</source>
        <translation>未核对。</translation>
    </message>
    <message>
        <source>The plan database was made by a newer txdose: update txdose on this workstation.</source>
        <translation>计划数据库由更新版本的 txdose 创建：请在本工作站更新 txdose。</translation>
    </message>
    <message>
        <source>The ward key cannot be used: saved plans cannot be checked.</source>
        <translation>病区密钥无法使用：无法校验已保存的计划。</translation>
    </message>
    <message>
        <source>The plan database refused this.</source>
        <translation>计划数据库拒绝了此操作。</translation>
    </message>
</context>
<context>
    <name>Table</name>
    <message>
        <source>Drug</source>
        <translation>药品</translation>
    </message>
    <message>
        <source>Dose</source>
        <translation>剂量</translation>
    </message>
    <message>
        <source>Route</source>
        <translation>给药途径</translation>
    </message>
    <message>
        <source>Volume</source>
        <translation>体积</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>滴速</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Condition / note</source>
        <translation>给药条件 / 备注</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Days</source>
        <translation>天数</translation>
    </message>
    <message>
        <source>Course total</source>
        <translation>疗程总量</translation>
    </message>
    <message>
        <source>Per kg / m²</source>
        <translation>每 kg / m²</translation>
    </message>
    <message>
        <source>1 day</source>
        <translation>1 天</translation>
    </message>
    <message>
        <source>{count} days</source>
        <translation>{count} 天</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>Alert</source>
        <translation>警示</translation>
    </message>
    <message>
        <source>✓ Acknowledged: {reason}</source>
        <translation>✓ 已确认：{reason}</translation>
    </message>
    <message>
        <source>Choose a value to resolve it</source>
        <translation>选择一个剂量即可解决</translation>
    </message>
    <message>
        <source>Hard alert: the dose is refused; the nurse schedule cannot be printed</source>
        <translation>严重警示：该剂量被拒绝；护士给药执行单不能打印</translation>
    </message>
    <message>
        <source>Soft alert: acknowledge it with a reason</source>
        <translation>一般警示：须填写原因予以确认</translation>
    </message>
    <message>
        <source>Information</source>
        <translation>提示信息</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>WBC
× 10⁹/L</source>
        <translation>白细胞
× 10⁹/L</translation>
    </message>
    <message>
        <source>ANC
× 10⁹/L</source>
        <translation>中性粒
细胞
× 10⁹/L</translation>
    </message>
    <message>
        <source>CD34+
× 10⁶</source>
        <translation>CD34⁺
× 10⁶</translation>
    </message>
    <message>
        <source>MNC
× 10⁸</source>
        <translation>单个核
细胞
× 10⁸</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>计划</translation>
    </message>
    <message>
        <source>MRN</source>
        <translation>病历号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>方案</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>修改时间</translation>
    </message>
    <message>
        <source>By</source>
        <translation>修改人</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>随访时点</translation>
    </message>
    <message>
        <source>Checks</source>
        <translation>检查项目</translation>
    </message>
    <message>
        <source>not dated: {why}</source>
        <translation>未定日期：{why}</translation>
    </message>
</context>
<context>
    <name>UnitField</name>
    <message>
        <source>{field} unit</source>
        <translation>{field}单位</translation>
    </message>
    <message>
        <source>= {value} {unit}, as entered</source>
        <translation>= {value} {unit}（按原输入）</translation>
    </message>
</context>
<context>
    <name>VerifyDialog</name>
    <message>
        <source>Verify {plan}</source>
        <translation>核对{plan}</translation>
    </message>
    <message>
        <source>kg, from the chart</source>
        <translation>kg，按病历填写</translation>
    </message>
    <message>
        <source>cm, from the chart</source>
        <translation>cm，按病历填写</translation>
    </message>
    <message>
        <source>— choose the protocol —</source>
        <translation>— 请选择方案 —</translation>
    </message>
    <message>
        <source>Re-enter the measurements and protocol of {plan} from the chart, without looking at the prepared plan. txdose recomputes every dose from your entries and compares.</source>
        <translation>请按病历重新录入{plan}的测量值和方案，不要查看已制定的计划。txdose 将根据您的录入重新计算每一个剂量并进行比对。</translation>
    </message>
    <message>
        <source>&amp;Weight (kg):</source>
        <translation>体重(&amp;W)（kg）：</translation>
    </message>
    <message>
        <source>&amp;Height (cm):</source>
        <translation>身高(&amp;H)（cm）：</translation>
    </message>
    <message>
        <source>&amp;Protocol:</source>
        <translation>方案(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Arm:</source>
        <translation>分组(&amp;A)：</translation>
    </message>
    <message>
        <source>Your &amp;initials:</source>
        <translation>您的姓名缩写(&amp;I)：</translation>
    </message>
    <message>
        <source>&amp;Verify</source>
        <translation>核对(&amp;V)</translation>
    </message>
    <message>
        <source>— choose the arm —</source>
        <translation>— 请选择分组 —</translation>
    </message>
    <message>
        <source>(no arms)</source>
        <translation>（无分组）</translation>
    </message>
    <message>
        <source>choose the protocol written in the chart</source>
        <translation>请选择病历中记录的方案</translation>
    </message>
    <message>
        <source>choose the arm written in the chart</source>
        <translation>请选择病历中记录的分组</translation>
    </message>
    <message>
        <source>initials: type your initials to sign the verification</source>
        <translation>姓名缩写：请填写您的姓名缩写以签署核对</translation>
    </message>
</context>
<context>
    <name>WeightRule</name>
    <message>
        <source>actual weight</source>
        <translation>实际体重</translation>
    </message>
    <message>
        <source>ideal body weight</source>
        <translation>理想体重</translation>
    </message>
    <message>
        <source>adjusted body weight</source>
        <translation>校正体重</translation>
    </message>
    <message>
        <source>adjusted body weight when over threshold</source>
        <translation>超过阈值时用校正体重</translation>
    </message>
    <message>
        <source>lesser of actual and ideal weight</source>
        <translation>实际体重与理想体重中的较小者</translation>
    </message>
</context>
<context>
    <name>Worklist</name>
    <message>
        <source>NOT SHOWN — {problem}</source>
        <translation>不予显示 — {problem}</translation>
    </message>
    <message>
        <source>draft — awaiting verification</source>
        <translation>草稿 — 待核对</translation>
    </message>
    <message>
        <source>verified by {user}</source>
        <translation>已由 {user} 核对</translation>
    </message>
    <message>
        <source>edited as version {number}</source>
        <translation>已修改为第 {number} 版</translation>
    </message>
    <message>
        <source>arm {arm}</source>
        <translation>分组 {arm}</translation>
    </message>
    <message>
        <source>Current plans (drafts and verified)</source>
        <translation>当前计划（草稿及已核对）</translation>
    </message>
    <message>
        <source>Drafts awaiting verification</source>
        <translation>待核对的草稿</translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>已核对</translation>
    </message>
    <message>
        <source>Superseded versions</source>
        <translation>已被取代的版本</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Every version</source>
        <translation>全部版本</translation>
    </message>
</context>
<context>
    <name>WorklistModel</name>
    <message>
        <source>Patient</source>
        <translation>患者</translation>
    </message>
    <message>
        <source>MRN</source>
        <translation>病历号</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>方案</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>计划</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Prepared by</source>
        <translation>制表人</translation>
    </message>
    <message>
        <source>Prepared</source>
        <translation>制表时间</translation>
    </message>
    <message>
        <source>Drug</source>
        <translation>药品</translation>
    </message>
    <message>
        <source>Dose</source>
        <translation>剂量</translation>
    </message>
    <message>
        <source>Route</source>
        <translation>给药途径</translation>
    </message>
    <message>
        <source>Frequency · duration</source>
        <translation>频次 · 时长</translation>
    </message>
    <message>
        <source>Start / stop rule</source>
        <translation>起止条件</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>给药日</translation>
    </message>
</context>
<context>
    <name>WorklistPage</name>
    <message>
        <source>&amp;Worklist</source>
        <translation>工作列表(&amp;W)</translation>
    </message>
    <message>
        <source>The plan on screen has changes that are not saved. Open another plan anyway?</source>
        <translation>屏幕上的计划有未保存的修改。仍要打开另一个计划吗？</translation>
    </message>
</context>
<context>
    <name>WorklistPanel</name>
    <message>
        <source>MRN or name</source>
        <translation>病历号或姓名</translation>
    </message>
    <message>
        <source>find a patient by MRN or name</source>
        <translation>按病历号或姓名查找患者</translation>
    </message>
    <message>
        <source>which plans</source>
        <translation>显示哪些计划</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>administrations due today</source>
        <translation>今日应给药</translation>
    </message>
    <message>
        <source>saved plans by status</source>
        <translation>按状态列出的已保存计划</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <source>The protocols give no time of day: each dose is given at the ward&apos;s usual time for its frequency, within its start / stop rule.</source>
        <translation>方案未规定给药时刻：每剂按本病区该频次的常规时间给药，并遵守其起止条件。</translation>
    </message>
    <message>
        <source>Plans</source>
        <translation>计划</translation>
    </message>
    <message>
        <source>&amp;Find:</source>
        <translation>查找(&amp;F)：</translation>
    </message>
    <message>
        <source>S&amp;how:</source>
        <translation>显示(&amp;H)：</translation>
    </message>
    <message>
        <source>Not in today&apos;s list — the doses of these plans are not shown:</source>
        <translation>今日清单未列出 — 以下计划的剂量不予显示：</translation>
    </message>
    <message>
        <source>Today, {day} — {shown} of {total} administrations across verified plans</source>
        <translation>今日（{day}）— 已核对计划中共 {total} 次给药，显示 {shown} 次</translation>
    </message>
    <message>
        <source>Plans — {shown} shown</source>
        <translation>计划 — 显示 {shown} 个</translation>
    </message>
</context>
</TS>
