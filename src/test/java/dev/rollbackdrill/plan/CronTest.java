package dev.rollbackdrill.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CronTest {

  private static ZonedDateTime utc(String local) {
    return java.time.LocalDateTime.parse(local).atZone(ZoneOffset.UTC);
  }

  @ParameterizedTest(name = "{0} after {1} is {2}")
  @CsvSource(delimiter = '|', value = {
    "0 6 1 * *      | 2026-11-22T00:35 | 2026-12-01T06:00",
    "0 6 1 * *      | 2026-12-01T06:00 | 2027-01-01T06:00",
    "0 6 1 */3 *    | 2026-11-22T00:00 | 2027-01-01T06:00",
    "*/15 * * * *   | 2026-11-22T10:07 | 2026-11-22T10:15",
    "0 9 * * MON-FRI| 2026-11-21T12:00 | 2026-11-23T09:00",
    "0 0 * * 7      | 2026-11-22T00:00 | 2026-11-29T00:00",
    "30 2 1 JAN,jul *| 2026-02-01T00:00 | 2026-07-01T02:30",
    "0 0 29 2 *     | 2026-03-01T00:00 | 2028-02-29T00:00",
    "@monthly       | 2026-11-22T00:00 | 2026-12-01T00:00",
    "@weekly        | 2026-11-22T00:00 | 2026-11-29T00:00",
  })
  void nextIsTheFirstFiringStrictlyAfter(String cron, String after, String expected) {
    assertThat(Cron.parse(cron).next(utc(after))).contains(utc(expected));
  }

  @ParameterizedTest(name = "{0} at or before {1} is {2}")
  @CsvSource(delimiter = '|', value = {
    "0 6 1 * *      | 2026-11-22T00:35 | 2026-11-01T06:00",
    "0 6 1 * *      | 2026-12-01T06:00 | 2026-12-01T06:00",
    "0 6 1 */3 *    | 2026-11-22T00:00 | 2026-10-01T06:00",
    "*/15 * * * *   | 2026-11-22T10:07 | 2026-11-22T10:00",
    "0 9 * * MON-FRI| 2026-11-22T12:00 | 2026-11-20T09:00",
    "0 0 29 2 *     | 2027-03-01T00:00 | 2024-02-29T00:00",
  })
  void previousIsTheLastFiringAtOrBefore(String cron, String at, String expected) {
    assertThat(Cron.parse(cron).previous(utc(at))).contains(utc(expected));
  }

  @Test
  void bothDayFieldsRestrictedMeansEither() {
    // The 13th, or any Friday: cron's long-standing OR rule. 2026-12-13 is a Sunday.
    Cron c = Cron.parse("0 0 13 * FRI");
    assertThat(c.next(utc("2026-12-11T00:00"))).contains(utc("2026-12-13T00:00"));
    assertThat(c.next(utc("2026-12-13T00:00"))).contains(utc("2026-12-18T00:00"));
  }

  @Test
  void aDateThatNeverExistsNeverFires() {
    assertThat(Cron.parse("0 0 30 2 *").next(utc("2026-01-01T00:00"))).isEmpty();
    assertThat(Cron.parse("0 0 31 4 *").previous(utc("2026-01-01T00:00"))).isEmpty();
  }

  @Test
  void timesAreLocalToTheZoneAndATimeSkippedByDaylightSavingDoesNotFire() {
    ZoneId berlin = ZoneId.of("Europe/Berlin");
    Cron c = Cron.parse("30 2 * * *");
    // 2026-03-29 02:30 does not exist in Berlin (clocks go from 02:00 to 03:00).
    ZonedDateTime before = ZonedDateTime.of(2026, 3, 28, 12, 0, 0, 0, berlin);
    assertThat(c.next(before)).contains(ZonedDateTime.of(2026, 3, 30, 2, 30, 0, 0, berlin));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', value = {
    "0 6 1 *        | expected 5 fields (minute hour day-of-month month day-of-week), got 4 in '0 6 1 *'",
    "0 24 1 * *     | hour 24 is out of range 0-23",
    "60 6 1 * *     | minute 60 is out of range 0-59",
    "0 6 0 * *      | day-of-month 0 is out of range 1-31",
    "0 6 1 13 *     | month 13 is out of range 1-12",
    "0 6 1 FOO *    | month 'FOO' is not a number or a name (JAN, FEB, ...)",
    "0 6 1 * 8      | day-of-week 8 is out of range 0-7",
    "0 6 5-1 * *    | day-of-month range '5-1' goes backwards",
    "*/0 6 1 * *    | minute step must be at least 1 in '*/0'",
    "0 6 1,,2 * *   | day-of-month '1,,2' has an empty list element",
    "@fortnightly   | unknown macro '@fortnightly'; expected one of @yearly, @annually, @monthly, @weekly, @daily, @hourly",
  })
  void badSchedulesSayWhichFieldIsWrong(String cron, String message) {
    assertThatThrownBy(() -> Cron.parse(cron)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }

  @Test
  void keepsTheTextAsWritten() {
    assertThat(Cron.parse(" 0 6 1 */3 * ")).hasToString("0 6 1 */3 *");
  }
}
