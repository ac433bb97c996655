<#ftl output_format="HTML" strip_whitespace=true>
<#-- Lays out a ReportModel. Every value is computed in Java; this file only places it. -->
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<meta name="generator" content="rollback-drill">
<title>${report.title}</title>
<style>
:root {
  --ink: #1f2933; --muted: #52606d; --faint: #7b8794; --line: #d9e2ec; --bg: #f5f7fa; --card: #fff;
  --ok: #18794e; --ok-bg: #e3f5ea; --warn: #9a5b00; --warn-bg: #fff3d6; --bad: #b42318; --bad-bg: #fdecea;
  --median: #1d4ed8; --p90: #d97706; --max: #9aa5b1; --slo: #b42318; --gap: #eef2f6;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--ink);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "DejaVu Sans", Arial, sans-serif; }
main { max-width: 1080px; margin: 0 auto; padding: 24px 20px 40px; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0 0 4px; }
h2 { font-size: 1.15rem; margin: 0 0 4px; }
.meta, .scope { color: var(--muted); font-size: .88rem; margin: 0; }
.scope { margin-bottom: 12px; }
section { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 16px 20px; margin-top: 18px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(220px, 1fr)); gap: 12px; margin-top: 12px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
.card .label { font-size: .78rem; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); font-weight: 600; }
.card .value { font-size: 2rem; font-weight: 700; line-height: 1.2; margin: 2px 0; font-variant-numeric: tabular-nums; }
.card .sub { font-size: .85rem; color: var(--muted); }
.faster { color: var(--ok); } .slower { color: var(--bad); }
.band-elite, .band-high { color: var(--ok); } .band-medium { color: var(--warn); } .band-low { color: var(--bad); }
.note { font-size: .85rem; color: var(--muted); margin: 8px 0 0; }
.attention { border-left: 4px solid var(--warn); background: var(--warn-bg); border-radius: 6px; padding: 8px 14px; margin-top: 14px; }
.attention h2 { font-size: 1rem; }
.attention ul, .warnings ul { margin: 4px 0 0; padding-left: 20px; }
.attention li { margin: 2px 0; }
.chaos-lines { margin: 4px 0 8px; padding-left: 20px; }
.chart { margin-top: 8px; }
.chart.narrow { display: none; }
.chart svg { display: block; width: 100%; height: auto; }
svg text { font-family: inherit; }
.grid line { stroke: #e4e7eb; stroke-width: 1; }
.axis line { stroke: #9aa5b1; stroke-width: 1; }
.ticks text { font-size: 12px; fill: var(--muted); }
.gap { fill: var(--gap); }
.line { fill: none; stroke-width: 2.5; stroke-linejoin: round; stroke-linecap: round; }
.line.median { stroke: var(--median); } .line.p90 { stroke: var(--p90); } .line.max { stroke: var(--max); stroke-width: 1.5; }
.dot.median { fill: var(--median); } .dot.p90 { fill: var(--p90); } .dot.max { fill: var(--max); }
.slo { stroke: var(--slo); stroke-width: 1.5; stroke-dasharray: 6 4; }
.slo-label { font-size: 12px; fill: var(--slo); font-weight: 600; paint-order: stroke; stroke: #fff; stroke-width: 4px; stroke-linejoin: round; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 18px; list-style: none; padding: 0; margin: 8px 0 0; font-size: .85rem; color: var(--muted); }
.key { display: inline-block; width: 20px; height: 0; border-top: 3px solid; vertical-align: middle; margin-right: 6px; }
.key.median { border-color: var(--median); } .key.p90 { border-color: var(--p90); } .key.max { border-color: var(--max); }
.key.slo { border-top: 2px dashed var(--slo); } .key.gap { height: 12px; border: 0; background: var(--gap); outline: 1px solid var(--line); }
.table-wrap { overflow-x: auto; }
table { width: 100%; border-collapse: collapse; font-size: .9rem; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 7px 8px; border-bottom: 1px solid var(--line); vertical-align: middle; }
th { font-size: .75rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); font-weight: 600; white-space: nowrap; }
tbody tr:last-child td { border-bottom: 0; }
.num { text-align: right; white-space: nowrap; }
.name { font-weight: 600; overflow-wrap: break-word; }
.when, .proc, .nowrap { white-space: nowrap; }
.small { font-size: .8rem; color: var(--muted); font-weight: 400; }
.muted { color: var(--faint); }
.pill { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: .72rem; font-weight: 700; letter-spacing: .02em; white-space: nowrap; }
.pill.ok { background: var(--ok-bg); color: var(--ok); }
.pill.warn, .pill.stale { background: var(--warn-bg); color: var(--warn); }
.pill.bad { background: var(--bad-bg); color: var(--bad); }
.pill.none { background: var(--bg); color: var(--muted); outline: 1px solid var(--line); }
.pill.refused { background: var(--bg); color: var(--ink); outline: 1px dashed var(--muted); }
tr.attn td:first-child { box-shadow: inset 3px 0 0 var(--warn); }
.spark { display: block; }
.spark polyline { fill: none; stroke: var(--median); stroke-width: 1.5; stroke-linejoin: round; }
.spark circle { fill: var(--median); }
.spark .last { fill: var(--ink); }
.bar { background: #e4e7eb; height: 10px; border-radius: 5px; overflow: hidden; min-width: 90px; }
.bar span { display: block; height: 100%; background: var(--median); }
.reason { overflow-wrap: break-word; }
.warnings li { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .8rem; overflow-wrap: anywhere; }
.empty { text-align: center; padding: 40px 20px; }
.empty code { display: inline-block; background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: 6px 10px; margin: 4px; }
footer { color: var(--muted); font-size: .8rem; margin-top: 20px; }
footer p { margin: 4px 0; }

/* Phones: tables become one card per row, each cell labelled. */
@media (max-width: 680px) {
  body { font-size: 15px; }
  main { padding: 14px 10px 28px; }
  section { padding: 12px 12px; border-radius: 8px; }
  h1 { font-size: 1.3rem; }
  .cards { grid-template-columns: 1fr 1fr; gap: 8px; }
  .card { padding: 10px; }
  .card .value { font-size: 1.45rem; }
  .chart.wide { display: none; }
  .chart.narrow { display: block; }
  .chart.narrow .line { stroke-width: 2; }
  .chart.narrow .line.max { stroke-width: 1.2; }
  table.compact { font-size: .8rem; }
  table.compact th, table.compact td { padding: 5px 4px; }
  table.compact th { font-size: .66rem; letter-spacing: 0; }
  table.compact td.name { white-space: nowrap; }
  .wide-only { display: none; }
  table.stack thead { display: none; }
  table.stack, table.stack tbody { display: block; width: 100%; }
  table.stack tr { display: grid; grid-template-columns: 1fr 1fr; column-gap: 14px; padding: 8px 0; border-bottom: 1px solid var(--line); }
  table.stack tbody tr:last-child { border-bottom: 0; }
  table.stack td { display: flex; justify-content: space-between; align-items: center; gap: 8px; border: 0; padding: 2px 0; text-align: right; min-width: 0; }
  table.stack td::before { content: attr(data-label); color: var(--muted); font-size: .8rem; text-align: left; flex: none; }
  table.stack td.name, table.stack td.full { grid-column: 1 / -1; }
  table.stack td.name { display: block; text-align: left; font-size: 1rem; }
  table.stack td.name::before { content: none; }
  table.stack td.reason { display: block; text-align: left; grid-column: 1 / -1; }
  /* A verdict with what users saw takes the row's width, its text under the pill, not squeezed. */
  table.stack td.verdict.full > span { text-align: right; }
  table.stack td.reason::before { display: block; }
  table.stack td.when br { display: none; }
  table.stack td.bar-cell .bar { flex: 1; }
  table.stack td.when .small { margin-left: 6px; }
  tr.attn td:first-child { box-shadow: none; }
  table.stack tr.attn { box-shadow: inset 3px 0 0 var(--warn); padding-left: 10px; }
}
@media (max-width: 380px) {
  .cards { grid-template-columns: 1fr; }
}
@media print {
  @page { margin: 14mm 12mm; }
  body { background: #fff; font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  section { border: 0; border-radius: 0; padding: 0; margin-top: 16pt; }
  .card { border-color: #bbb; }
  .cards { grid-template-columns: repeat(4, 1fr); }
  .chart.wide { display: block !important; }
  .chart.narrow { display: none !important; }
  .card, .chart, .attention, tr, .legend { break-inside: avoid; page-break-inside: avoid; }
  h2 { break-after: avoid; page-break-after: avoid; }
  .table-wrap { overflow: visible; }
  .pill { border: 1px solid currentColor; background: none !important; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
</style>
</head>
<body>
<main>
<header>
  <h1>${report.title}</h1>
<#if report.empty>
  <p class="meta">Generated ${report.generatedAt}</p>
</header>
<section class="empty" id="empty">
  <h2>Nothing to report yet</h2>
  <p>${report.emptyHint}</p>
  <p><code>./drill run scenarios/noop-undo.yaml</code><code>./drill report</code></p>
</section>
<#if report.warnings?has_content>
<@warnings/>
</#if>
<#else>
<#assign s = report.summary>
<#assign h = report.headline>
  <p class="meta">Generated ${report.generatedAt} · ${s.runsText} drill<#if s.runs != 1>s</#if> of ${s.scenarios} scenario<#if s.scenarios != 1>s</#if>, ${s.period} · months are calendar months in ${report.zone}</p>
</header>

<section id="headline" aria-labelledby="headline-title">
  <h2 id="headline-title">${h.month}</h2>
  <p class="scope">Trigger-to-healthy: from issuing the rollback until the workload is healthy again, across ${h.runs} drill<#if h.runs != 1>s</#if><#if h.failed gt 0 || h.refused gt 0> (<#if h.failed gt 0>${h.failed} failed or errored</#if><#if h.failed gt 0 && h.refused gt 0>; </#if><#if h.refused gt 0>${h.refused} refused before anything changed, not drilled</#if>)</#if>.<#if h.forwardOnly gt 0> ${h.forwardOnly} more ended forward-only: a database migration blocked the rollback of the code; they are counted apart and have no time.</#if></p>
<#if h.monthNote??>
  <p class="note">${h.monthNote}</p>
</#if>
  <div class="cards">
    <div class="card">
      <div class="label">Median</div>
      <div class="value">${h.median.text}</div>
      <div class="sub ${h.change.direction}">${h.change.text}</div>
    </div>
    <div class="card">
      <div class="label">p90</div>
      <div class="value">${h.p90.text}</div>
      <div class="sub">9 in 10 drills were at least this fast.</div>
    </div>
    <div class="card">
      <div class="label">Within SLO</div>
      <div class="value">${h.withinSlo.text}</div>
      <div class="sub">${h.withinSloText}</div>
    </div>
    <div class="card">
      <div class="label">DORA band</div>
      <div class="value band-${h.dora.band}">${h.dora.label}</div>
      <div class="sub">${h.dora.text}</div>
    </div>
  </div>
<#if report.attention?has_content>
  <div class="attention" role="note">
    <h2>Needs attention</h2>
    <ul>
<#list report.attention as a>
      <li>${a}</li>
</#list>
    </ul>
  </div>
</#if>
</section>

<#assign c = report.trend.chart>
<section id="trend" aria-labelledby="trend-title">
  <h2 id="trend-title">Monthly trend</h2>
  <p class="scope">Median, p90 and max trigger-to-healthy per month. ${s.sloNote}</p>
  <div class="chart wide"><@chart c "trend-chart"/></div>
  <div class="chart narrow"><@chart report.trend.compactChart "trend-chart-compact"/></div>
  <ul class="legend">
    <li><span class="key median"></span>median</li>
    <li><span class="key p90"></span>p90</li>
    <li><span class="key max"></span>max</li>
<#if c.slo.shown>
    <li><span class="key slo"></span>${c.slo.label}</li>
</#if>
<#if c.gaps?has_content>
    <li><span class="key gap"></span>no drill reached healthy</li>
</#if>
  </ul>
<#if c.note?has_content>
  <p class="note">${c.note}</p>
</#if>
  <div class="table-wrap">
  <p class="small" style="margin:12px 0 0">Recent months, newest first</p>
  <table id="months" class="compact">
    <thead><tr><th>Month</th><th class="num">Drills</th><th class="num wide-only">Failed</th><th class="num">Median</th><th class="num">p90</th><th class="num wide-only">Max</th><th class="num">Within SLO</th></tr></thead>
    <tbody>
<#list report.trend.recent as m>
      <tr<#if m.gap> class="muted"</#if>>
        <td class="name">${m.label}</td>
        <td class="num" data-label="Drills">${m.runs}</td>
        <td class="num wide-only" data-label="Failed">${m.failed}</td>
        <td class="num" data-label="Median">${m.median.text}</td>
        <td class="num" data-label="p90">${m.p90.text}</td>
        <td class="num wide-only" data-label="Max">${m.max.text}</td>
        <td class="num" data-label="Within SLO">${m.withinSlo.text}</td>
      </tr>
</#list>
    </tbody>
  </table>
  </div>
</section>

<section id="scenarios" aria-labelledby="scenarios-title">
  <h2 id="scenarios-title">Scenarios</h2>
  <p class="scope">Median and p90 over the ${s.window}; the sparkline is each month's median. ${s.staleRule} Scenarios needing attention come first.</p>
  <div class="table-wrap">
  <table id="scenario-table" class="stack">
    <thead><tr><th>Scenario</th><th>Last run</th><th>Verdict</th><th class="num">Drills</th><th class="num">Median</th><th class="num">p90</th><th>Months</th><th>Procedure</th></tr></thead>
    <tbody>
<#list report.scenarios as r>
      <tr<#if r.stale || r.tone == "bad"> class="attn"</#if>>
        <td class="name">${r.name}<#if r.stale> <span class="pill stale" title="${r.staleText}">STALE</span></#if></td>
        <td class="when full" data-label="Last run"><span>${r.lastRun}<br><span class="small">${r.lastRunAgo}</span></span></td>
        <td class="verdict<#if r.lastImpact?has_content || r.database?has_content> full</#if>" data-label="Verdict"><span><span class="pill ${r.tone}">${r.lastVerdict}</span><#if r.lastImpact?has_content><br><span class="small impact">${r.lastImpact}</span></#if><#if r.database?has_content><br><span class="small database">database: ${r.database}</span></#if></span></td>
        <td class="num" data-label="Drills">${r.runs}</td>
        <td class="num" data-label="Median">${r.median.text}</td>
        <td class="num" data-label="p90">${r.p90.text}</td>
        <td class="full" data-label="Months">
          <svg class="spark" viewBox="0 0 ${r.sparkline.width} ${r.sparkline.height}" width="${r.sparkline.width}" height="${r.sparkline.height}" role="img" aria-label="${r.sparkline.description}" xmlns="http://www.w3.org/2000/svg">
            <title>${r.sparkline.description}</title>
<#list r.sparkline.segments as points>
            <polyline points="${points}"/>
</#list>
<#list r.sparkline.dots as d>
            <circle cx="${d.x}" cy="${d.y}" r="1.8"/>
</#list>
<#if r.sparkline.last??>
            <circle class="last" cx="${r.sparkline.last.x}" cy="${r.sparkline.last.y}" r="2.4"/>
</#if>
          </svg>
        </td>
        <td class="proc" data-label="Procedure"><#if r.procedures?has_content>${r.procedures?join(", ")}<#else>—</#if></td>
      </tr>
</#list>
    </tbody>
  </table>
  </div>
</section>

<#assign p = report.phases>
<section id="phases" aria-labelledby="phases-title">
  <h2 id="phases-title">Where the time goes</h2>
  <p class="scope">Each phase of a drill over the ${p.scope}, ${p.runs} drill<#if p.runs != 1>s</#if>. Share is the phase's part of the time summed over these four phases.</p>
  <div class="table-wrap">
  <table id="phase-table" class="stack">
    <thead><tr><th>Phase</th><th class="num">Median</th><th class="num">p90</th><th class="num">Share</th><th style="width:35%">&nbsp;</th></tr></thead>
    <tbody>
<#list p.rows as row>
      <tr>
        <td class="name">${row.label}<br><span class="small">${row.meaning}</span></td>
        <td class="num" data-label="Median">${row.median.text}</td>
        <td class="num" data-label="p90">${row.p90.text}</td>
        <td class="num" data-label="Share">${row.share}</td>
        <td class="bar-cell" data-label="">
          <div class="bar" role="img" aria-label="${row.label}: ${row.share}"><span style="width:${row.barPercent}%"></span></div>
        </td>
      </tr>
</#list>
    </tbody>
  </table>
  </div>
</section>

<#if report.procedures?has_content>
<section id="procedures" aria-labelledby="procedures-title">
  <h2 id="procedures-title">Procedures compared</h2>
  <p class="scope">The same failure on the same target, recovered with more than one procedure (rolling back against rolling forward, say), over the ${s.window}. Failed requests: the median a drill, from the synthetic load; error rate: failed of all its requests.</p>
<#list report.procedures as cmp>
  <h3 class="small comparison-title" style="margin:12px 0 2px"><strong>${cmp.target}</strong>, failure <strong>${cmp.failure}</strong>: ${cmp.verdict}</h3>
  <div class="table-wrap">
  <table class="stack procedure-table">
    <thead><tr><th>Procedure</th><th class="num">Drills</th><th class="num">Median</th><th class="num">p90</th><th class="num">Within SLO</th><th class="num">Failed requests</th><th class="num">Error rate</th><th>Last run</th></tr></thead>
    <tbody>
<#list cmp.rows as row>
      <tr>
        <td class="name">${row.procedure}</td>
        <td class="num" data-label="Drills">${row.runs}</td>
        <td class="num" data-label="Median">${row.median.text}</td>
        <td class="num" data-label="p90">${row.p90.text}</td>
        <td class="num" data-label="Within SLO">${row.withinSlo.text}</td>
        <td class="num" data-label="Failed requests">${row.failedPerDrill}</td>
        <td class="num" data-label="Error rate">${row.errorRateText}</td>
        <td class="when full" data-label="Last run">${row.lastRun}</td>
      </tr>
</#list>
    </tbody>
  </table>
  </div>
</#list>
</section>
</#if>

<#if report.canaries?has_content>
<section id="canaries" aria-labelledby="canaries-title">
  <h2 id="canaries-title">Canaries</h2>
  <p class="scope">Canary drills over the ${s.window}, month by month: the time from the canary going live to the decision (the drill's analysis, or the team's automation rolling it back), and of the users' requests while it was live, how many the canary served and how many failed.</p>
<#list report.canaries as c>
  <h3 class="small comparison-title" style="margin:12px 0 2px"><strong>${c.scenario}</strong>: ${c.procedure}, ${c.share} of the traffic</h3>
  <div class="table-wrap">
  <table class="stack canary-table">
    <thead><tr><th>Month</th><th class="num">Drills</th><th class="num">Live to decision</th><th class="num">Slowest</th><th class="num">Served by the canary</th><th class="num">Failed requests</th></tr></thead>
    <tbody>
<#list c.months as m>
      <tr>
        <td class="name">${m.month}</td>
        <td class="num" data-label="Drills">${m.runs}</td>
        <td class="num" data-label="Live to decision">${m.detectMedian.text}</td>
        <td class="num" data-label="Slowest">${m.detectMax.text}</td>
        <td class="num" data-label="Served by the canary">${m.exposed}</td>
        <td class="num" data-label="Failed requests">${m.failed}</td>
      </tr>
</#list>
    </tbody>
  </table>
  </div>
</#list>
</section>
</#if>

<#if report.chaos?has_content>
<section id="chaos" aria-labelledby="chaos-title">
  <h2 id="chaos-title">Chaos during the rollback</h2>
  <p class="scope">Each procedure drilled under chaos over the ${s.window}: its trigger-to-healthy time calm (its drills without chaos) and under each chaos condition, side by side. Ratio: the condition's median against the calm median. A failed drill counts in the times when it got healthy; errored and refused drills are left out.</p>
<#list report.chaos as c>
  <h3 class="small comparison-title" style="margin:12px 0 2px"><strong>${c.procedure}</strong></h3>
  <ul class="chaos-lines">
<#list c.conditions as row>
    <li>${row.line}</li>
</#list>
  </ul>
  <div class="table-wrap">
  <table class="stack chaos-table">
    <thead><tr><th>Condition</th><th class="num">Drills</th><th class="num">Failed</th><th class="num">Median</th><th class="num">p90</th><th class="num">Ratio</th><th>Latest drill's chaos</th></tr></thead>
    <tbody>
      <tr>
        <td class="name">calm</td>
        <td class="num" data-label="Drills">${c.calmRuns}</td>
        <td class="num" data-label="Failed">${c.calmFailed}</td>
        <td class="num" data-label="Median">${c.calmMedian.text}</td>
        <td class="num" data-label="p90">${c.calmP90.text}</td>
        <td class="num" data-label="Ratio"></td>
        <td class="reason" data-label="Latest drill's chaos"></td>
      </tr>
<#list c.conditions as row>
      <tr>
        <td class="name">${row.kinds}<br><span class="small">${row.spec}</span></td>
        <td class="num" data-label="Drills">${row.runs}</td>
        <td class="num" data-label="Failed">${row.failed}</td>
        <td class="num" data-label="Median">${row.median.text}</td>
        <td class="num" data-label="p90">${row.p90.text}</td>
        <td class="num" data-label="Ratio">${row.ratioText}</td>
        <td class="reason" data-label="Latest drill's chaos">${row.example}</td>
      </tr>
</#list>
    </tbody>
  </table>
  </div>
</#list>
</section>
</#if>

<#assign rot = report.rotation>
<section id="rotation" aria-labelledby="rotation-title">
  <h2 id="rotation-title">Who ran the drills</h2>
  <p class="scope">Distinct people per quarter over the ${rot.scope}. The drills exist so that more than one person can roll back.</p>
<#if rot.warnings?has_content>
  <div class="attention" role="note">
    <ul>
<#list rot.warnings as w>
      <li>${w}</li>
</#list>
    </ul>
  </div>
</#if>
  <div class="table-wrap">
  <table id="rotation-table" class="stack">
    <thead><tr><th>Quarter</th><th class="num">Drills</th><th class="num">People</th><th>Top</th><th>Everyone</th></tr></thead>
    <tbody>
<#list rot.quarters as q>
      <tr<#if q.keyPersonRisk> class="attn"</#if>>
        <td class="name nowrap">${q.quarter}</td>
        <td class="num" data-label="Drills">${q.runs}</td>
        <td class="num" data-label="People">${q.people}</td>
        <td class="full" data-label="Top"><span>${q.topPerson} <span class="small">${q.topShare.text}</span><#if q.keyPersonRisk> <span class="pill warn">KEY PERSON</span></#if></span></td>
        <td data-label="Everyone" class="small full"><#list q.byPerson as who>${who.name} (${who.runs})<#sep>, </#list></td>
      </tr>
</#list>
    </tbody>
  </table>
  </div>
</section>

<#assign f = report.failures>
<section id="failures" aria-labelledby="failures-title">
  <h2 id="failures-title">Failed drills</h2>
  <p class="scope">${f.total} failed or errored over the ${f.scope}, newest first.<#if f.omitted gt 0> The ${f.shown?size} most recent are listed, ${f.omitted} earlier ones are not.</#if> ERROR means the harness failed and says nothing about the rollback.</p>
<#if f.shown?has_content>
  <div class="table-wrap">
  <table id="failure-table" class="stack">
    <thead><tr><th>When</th><th>Scenario</th><th>Verdict</th><th>By</th><th>Reason</th></tr></thead>
    <tbody>
<#list f.shown as row>
      <tr>
        <td class="name when">${row.when}</td>
        <td class="full" data-label="Scenario">${row.scenario}</td>
        <td data-label="Verdict"><span class="pill bad">${row.verdict}</span></td>
        <td data-label="By">${row.executedBy}</td>
        <td class="reason" data-label="Reason">${row.reason}</td>
      </tr>
</#list>
    </tbody>
  </table>
  </div>
<#else>
  <p>None. Every drill completed.</p>
</#if>
</section>

<#assign rf = report.refusals>
<#if rf.total gt 0>
<section id="refusals" aria-labelledby="refusals-title">
  <h2 id="refusals-title">Refused drills</h2>
  <p class="scope">${rf.total} refused in preflight over the ${rf.scope}, newest first: nothing was changed and the rollback was not drilled, so they are not failures, and they keep no scenario fresh.<#if rf.omitted gt 0> The ${rf.shown?size} most recent are listed, ${rf.omitted} earlier ones are not.</#if></p>
  <div class="table-wrap">
  <table id="refusal-table" class="stack">
    <thead><tr><th>When</th><th>Scenario</th><th>Verdict</th><th>By</th><th>Reason</th></tr></thead>
    <tbody>
<#list rf.shown as row>
      <tr>
        <td class="name when">${row.when}</td>
        <td class="full" data-label="Scenario">${row.scenario}</td>
        <td data-label="Verdict"><span class="pill refused">${row.verdict}</span></td>
        <td data-label="By">${row.executedBy}</td>
        <td class="reason" data-label="Reason">${row.reason}</td>
      </tr>
</#list>
    </tbody>
  </table>
  </div>
</section>
</#if>

<#if report.warnings?has_content>
<@warnings/>
</#if>
<footer>
  <p>Percentiles come from HdrHistograms holding every run of each month, scenario or phase (never averages of percentiles). Drills that never became healthy count as SLO misses and have no time; harness errors and refused drills are left out of times and SLO shares. A drill times the rollback itself: a real incident adds the time to notice and decide.</p>
  <p>Also in this folder: summary.md (for a chat or pull request) and model.json (these figures as data).</p>
</footer>
</#if>

</main>
</body>
</html>
<#macro chart c id>
    <svg id="${id}" viewBox="0 0 ${c.width} ${c.height}" role="img" aria-labelledby="${id}-title ${id}-desc" xmlns="http://www.w3.org/2000/svg">
      <title id="${id}-title">Monthly trigger-to-healthy</title>
      <desc id="${id}-desc">${c.description}</desc>
      <g class="gaps">
<#list c.gaps as g>
        <rect class="gap" x="${g.x}" y="${g.y}" width="${g.width}" height="${g.height}"><title>${g.title}</title></rect>
</#list>
      </g>
      <g class="grid">
<#list c.yTicks as t>
        <line x1="${c.plotLeft}" x2="${c.plotRight}" y1="${t.position}" y2="${t.position}"/>
</#list>
      </g>
      <g class="ticks">
<#list c.yTicks as t>
        <text x="${c.yLabelX}" y="${t.position}" text-anchor="end" dominant-baseline="middle">${t.label}</text>
</#list>
<#list c.xTicks as t>
        <text x="${t.position}" y="${c.xLabelY}" text-anchor="middle">${t.label}</text>
</#list>
      </g>
      <g class="axis">
        <line x1="${c.plotLeft}" x2="${c.plotRight}" y1="${c.plotBottom}" y2="${c.plotBottom}"/>
      </g>
<#if c.slo.shown>
      <line class="slo" x1="${c.slo.x1}" x2="${c.slo.x2}" y1="${c.slo.y}" y2="${c.slo.y}"/>
</#if>
<#list c.series as line>
      <g class="series ${line.cssClass}">
<#list line.segments as points>
        <polyline class="line ${line.cssClass}" points="${points}"/>
</#list>
<#list line.dots as d>
        <circle class="dot ${line.cssClass}" cx="${d.x}" cy="${d.y}" r="3"><title>${d.title}</title></circle>
</#list>
      </g>
</#list>
<#if c.slo.shown>
      <text class="slo-label" x="${c.slo.labelX}" y="${c.slo.labelY}" text-anchor="start">${c.slo.label}</text>
</#if>
    </svg>
</#macro>
<#macro warnings>
<section id="warnings" class="warnings" aria-labelledby="warnings-title">
  <h2 id="warnings-title">Warnings</h2>
  <p class="scope">History files that could not be used; the report was made without them.</p>
  <ul>
<#list report.warnings as w>
    <li>${w}</li>
</#list>
  </ul>
</section>
</#macro>
