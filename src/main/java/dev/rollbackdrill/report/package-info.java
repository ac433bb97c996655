/**
 * The trend report: {@link dev.rollbackdrill.report.TrendReport} computes a complete {@link
 * dev.rollbackdrill.report.ReportModel} from history records first (percentiles from merged
 * HdrHistograms, text, chart coordinates), and {@link dev.rollbackdrill.report.ReportWriter} only
 * lays it out with FreeMarker as HTML and Markdown, and as JSON with Jackson; templates do no
 * arithmetic. Uses only {@code history}.
 */
package dev.rollbackdrill.report;
