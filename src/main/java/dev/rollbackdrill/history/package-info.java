/**
 * The drill history, the product's data format: {@link dev.rollbackdrill.history.DrillRecord}, one
 * JSON document per run (fields are only ever added), and {@link
 * dev.rollbackdrill.history.DrillHistory}, the {@code drills/} folder that appends records with
 * their HdrHistogram logs and reads them back with one Jackson reader, skipping and naming what it
 * cannot read. Depends on no other package of this project, so reports and plans read it alone.
 */
package dev.rollbackdrill.history;
