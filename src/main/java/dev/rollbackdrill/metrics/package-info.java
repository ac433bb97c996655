/**
 * Drill results as Prometheus metrics (issue 17): {@link dev.rollbackdrill.metrics.DrillMetrics}
 * turns history records into metric snapshots of the Prometheus Java client's model (a
 * trigger-to-healthy summary per scenario and procedure with percentiles from an HdrHistogram,
 * drills by verdict, user requests and failed ones, the last success and the last drill of each
 * scenario, its SLO) and writes them with the client's own writers, in the Prometheus text format
 * (what a Pushgateway and node-exporter's textfile collector read) or in OpenMetrics. {@link
 * dev.rollbackdrill.metrics.Pushgateway} is where a run pushes them. Uses only {@code history}.
 */
package dev.rollbackdrill.metrics;
