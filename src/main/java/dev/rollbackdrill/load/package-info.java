/**
 * What users saw during a drill: a steady open-loop synthetic load through the API server's proxy
 * ({@code kube.ApiServerProxy}, the only way this project reaches pods), the error-rate wait that
 * detects a bad release, and the accounting that turns samples into a record's per-phase impact.
 * Uses {@code kube}, {@code timing}, {@code scenario}'s HTTP checks and {@code history}'s impact
 * types.
 */
package dev.rollbackdrill.load;
