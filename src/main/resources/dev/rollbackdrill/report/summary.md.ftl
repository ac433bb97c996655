<#ftl output_format="Markdown">
<#-- Lays out a ReportModel as Markdown for a chat message or a pull request. No arithmetic. -->
<#if report.empty>
### ${report.title}

${report.emptyHint}
<#else>
<#assign s = report.summary>
<#assign h = report.headline>
### Rollback drill report, ${h.month}

<#if h.monthNote??>
_${h.monthNote}_

</#if>
- **Median trigger-to-healthy ${h.median.text}**, p90 ${h.p90.text}, over ${h.runs} drill<#if h.runs != 1>s</#if><#if h.failed gt 0 || h.refused gt 0> (<#if h.failed gt 0>${h.failed} failed or errored</#if><#if h.failed gt 0 && h.refused gt 0>; </#if><#if h.refused gt 0>${h.refused} refused before anything changed, not drilled</#if>)</#if>.<#if h.forwardOnly gt 0> ${h.forwardOnly} more ended forward-only (a migration blocked the rollback of the code), counted apart.</#if> ${h.change.text}
- **Within SLO: ${h.withinSlo.text}.** ${h.withinSloText}
- **DORA band: ${h.dora.label}.** ${h.dora.text}
<#if report.attention?has_content>

**Needs attention**

<#list report.attention as a>
- ${a}
</#list>
</#if>

| Month | Drills | Median | p90 | Max | Within SLO |
|:--|--:|--:|--:|--:|--:|
<#list report.trend.recent as m>
| ${m.label} | ${m.runs} | ${m.median.text} | ${m.p90.text} | ${m.max.text} | ${m.withinSlo.text} |
</#list>
<#assign impacts = report.scenarios?filter(r -> r.lastImpact?has_content)>
<#if impacts?has_content>

**What users saw** in each scenario's last run

<#list impacts as r>
- ${r.name}: ${r.lastImpact}
</#list>
</#if>
<#assign databases = report.scenarios?filter(r -> r.database?has_content)>
<#if databases?has_content>

**Database migrations**: does the rollback survive the release's migration?

<#list databases as r>
- ${r.name}: ${r.database}
</#list>
</#if>
<#list report.procedures as cmp>
<#if cmp?is_first>

**Procedures compared** for the same failure on the same target
</#if>

${cmp.target}, failure ${cmp.failure}: ${cmp.verdict}

| Procedure | Drills | Median | p90 | Within SLO | Failed requests | Error rate |
|:--|--:|--:|--:|--:|--:|--:|
<#list cmp.rows as row>
| ${row.procedure} | ${row.runs} | ${row.median.text} | ${row.p90.text} | ${row.withinSlo.text} | ${row.failedPerDrill} | ${row.errorRateText} |
</#list>
</#list>
<#list report.canaries as c>
<#if c?is_first>

**Canaries**: live to decision (median, slowest) and the users' requests the canary served
</#if>

${c.scenario}: ${c.procedure}, ${c.share} of the traffic

| Month | Drills | Live to decision | Slowest | Served by the canary | Failed requests |
|:--|--:|--:|--:|--:|--:|
<#list c.months as m>
| ${m.month} | ${m.runs} | ${m.detectMedian.text} | ${m.detectMax.text} | ${m.exposed} | ${m.failed} |
</#list>
</#list>
<#list report.chaos as c>
<#if c?is_first>

**Chaos during the rollback**: each procedure's trigger-to-healthy calm and under chaos
</#if>

<#list c.conditions as row>
- ${row.line}
</#list>

| Condition | Drills | Failed | Median | p90 | Ratio |
|:--|--:|--:|--:|--:|--:|
| calm | ${c.calmRuns} | ${c.calmFailed} | ${c.calmMedian.text} | ${c.calmP90.text} |  |
<#list c.conditions as row>
| ${row.spec} | ${row.runs} | ${row.failed} | ${row.median.text} | ${row.p90.text} | ${row.ratioText} |
</#list>
</#list>
<#if report.failures.shown?has_content>

**Latest failed drills**: ${report.failures.total} over the ${report.failures.scope}

<#list report.failures.shown[0..*5] as f>
- ${f.when} ${f.scenario}: ${f.verdict}, ${f.reason}
</#list>
</#if>
<#if report.refusals.shown?has_content>

**Refused drills** (nothing was changed; not drilled): ${report.refusals.total} over the ${report.refusals.scope}

<#list report.refusals.shown[0..*5] as f>
- ${f.when} ${f.scenario}: ${f.verdict}, ${f.reason}
</#list>
</#if>
<#if report.warnings?has_content>

${report.warnings?size} history file(s) skipped as unreadable; see index.html.
</#if>

_${s.runsText} drill<#if s.runs != 1>s</#if> of ${s.scenarios} scenario<#if s.scenarios != 1>s</#if>, ${s.period}; months in ${report.zone}; generated ${report.generatedAt}. Full report: index.html._
</#if>
