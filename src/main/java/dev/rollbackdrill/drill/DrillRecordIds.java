package dev.rollbackdrill.drill;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Record ids: sortable by time, readable, unique per run. */
final class DrillRecordIds {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private DrillRecordIds() {}

  static String id(Instant startedAt, String scenario, int iteration, String unique) {
    return STAMP.format(startedAt) + "-" + scenario + "-i" + iteration + "-" + unique;
  }
}
