package dev.rollbackdrill.plan;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Locale;
import java.util.Optional;

/**
 * A five-field cron schedule, {@code minute hour day-of-month month day-of-week}, read the way
 * Vixie cron (and so GitHub Actions, GitLab and Kubernetes CronJobs) reads it: {@code *}, lists,
 * ranges, steps ({@code *}{@code /15}, {@code 1-10/2}), month and day names ({@code JAN}, {@code
 * MON}), {@code 7} for Sunday, and the macros {@code @yearly}, {@code @annually}, {@code
 * @monthly}, {@code @weekly}, {@code @daily}, {@code @hourly}. When both day fields are
 * restricted a day matches either of them, as in every cron. Times are local to the zone they are
 * asked in; a local time that a daylight-saving change skips does not fire.
 */
public final class Cron {

  private static final String[] MONTHS = {
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"
  };
  private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

  /** How far {@link #next} and {@link #previous} look before deciding a schedule never fires. */
  static final int SEARCH_YEARS = 5;

  private final String text;
  private final BitSet minutes;
  private final BitSet hours;
  private final BitSet daysOfMonth;
  private final BitSet months;
  private final BitSet daysOfWeek;
  private final boolean domStar;
  private final boolean dowStar;

  private Cron(String text, String[] f) {
    this.text = text;
    this.minutes = field(f[0], "minute", 0, 59, null);
    this.hours = field(f[1], "hour", 0, 23, null);
    this.daysOfMonth = field(f[2], "day-of-month", 1, 31, null);
    this.months = field(f[3], "month", 1, 12, MONTHS);
    BitSet dow = field(f[4], "day-of-week", 0, 7, DAYS);
    if (dow.get(7)) {
      dow.set(0);
      dow.clear(7);
    }
    this.daysOfWeek = dow;
    this.domStar = f[2].startsWith("*");
    this.dowStar = f[4].startsWith("*");
  }

  /**
   * The schedule written as {@code text}.
   *
   * @throws IllegalArgumentException naming the field that is wrong and why
   */
  public static Cron parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty schedule; write e.g. \"0 6 1 * *\" (06:00 on the 1st of every month)");
    }
    String t = text.trim();
    String expanded = switch (t.toLowerCase(Locale.ROOT)) {
      case "@yearly", "@annually" -> "0 0 1 1 *";
      case "@monthly" -> "0 0 1 * *";
      case "@weekly" -> "0 0 * * 0";
      case "@daily", "@midnight" -> "0 0 * * *";
      case "@hourly" -> "0 * * * *";
      default -> {
        if (t.startsWith("@")) {
          throw new IllegalArgumentException("unknown macro '" + t
              + "'; expected one of @yearly, @annually, @monthly, @weekly, @daily, @hourly");
        }
        yield t;
      }
    };
    String[] f = expanded.split("\\s+");
    if (f.length != 5) {
      throw new IllegalArgumentException("expected 5 fields (minute hour day-of-month month day-of-week), got "
          + f.length + " in '" + t + "'");
    }
    return new Cron(t, f);
  }

  private static BitSet field(String text, String name, int min, int max, String[] names) {
    BitSet set = new BitSet(max + 1);
    for (String part : text.split(",", -1)) {
      if (part.isEmpty()) {
        throw new IllegalArgumentException(name + " '" + text + "' has an empty list element");
      }
      String range = part;
      int step = 1;
      int slash = part.indexOf('/');
      if (slash >= 0) {
        range = part.substring(0, slash);
        step = number(part.substring(slash + 1), name, names, 1, max, "step");
        if (step < 1) {
          throw new IllegalArgumentException(name + " step must be at least 1 in '" + part + "'");
        }
      }
      int lo;
      int hi;
      if (range.equals("*")) {
        lo = min;
        hi = max;
      } else if (range.contains("-")) {
        String[] ends = range.split("-", -1);
        if (ends.length != 2) {
          throw new IllegalArgumentException(name + " '" + part + "' is not a range like 1-5");
        }
        lo = number(ends[0], name, names, min, max, null);
        hi = number(ends[1], name, names, min, max, null);
        if (hi < lo) {
          throw new IllegalArgumentException(name + " range '" + range + "' goes backwards");
        }
      } else {
        lo = number(range, name, names, min, max, null);
        // "5/10" means from 5 to the end in steps of 10, as in Vixie cron.
        hi = slash >= 0 ? max : lo;
      }
      for (int v = lo; v <= hi; v += step) {
        set.set(v);
      }
    }
    return set;
  }

  private static int number(String s, String name, String[] names, int min, int max, String what) {
    if (names != null && what == null) {
      for (int i = 0; i < names.length; i++) {
        if (names[i].equalsIgnoreCase(s)) {
          return names == MONTHS ? i + 1 : i;
        }
      }
    }
    if (!s.matches("\\d{1,4}")) {
      throw new IllegalArgumentException(name + (what == null ? "" : " " + what) + " '" + s + "' is not a number"
          + (names != null && what == null ? " or a name (" + names[0] + ", " + names[1] + ", ...)" : ""));
    }
    int v = Integer.parseInt(s);
    if (what == null && (v < min || v > max)) {
      throw new IllegalArgumentException(name + " " + v + " is out of range " + min + "-" + max);
    }
    return v;
  }

  private boolean matchesDay(LocalDateTime t) {
    boolean dom = daysOfMonth.get(t.getDayOfMonth());
    boolean dow = daysOfWeek.get(t.getDayOfWeek().getValue() % 7);
    return domStar || dowStar ? dom && dow : dom || dow;
  }

  /** The first time strictly after {@code after} that the schedule fires; empty if it never does. */
  public Optional<ZonedDateTime> next(ZonedDateTime after) {
    ZoneId zone = after.getZone();
    LocalDateTime t = after.toLocalDateTime().truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    LocalDateTime limit = t.plusYears(SEARCH_YEARS);
    while (t.isBefore(limit)) {
      if (!months.get(t.getMonthValue())) {
        t = t.withDayOfMonth(1).toLocalDate().atStartOfDay().plusMonths(1);
      } else if (!matchesDay(t)) {
        t = t.toLocalDate().atStartOfDay().plusDays(1);
      } else if (!hours.get(t.getHour())) {
        t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
      } else if (!minutes.get(t.getMinute())) {
        t = t.plusMinutes(1);
      } else {
        Optional<ZonedDateTime> z = exists(t, zone);
        if (z.isPresent() && z.get().isAfter(after)) {
          return z;
        }
        t = t.plusMinutes(1);
      }
    }
    return Optional.empty();
  }

  /** The last time at or before {@code atOrBefore} that the schedule fired; empty if it never did. */
  public Optional<ZonedDateTime> previous(ZonedDateTime atOrBefore) {
    ZoneId zone = atOrBefore.getZone();
    LocalDateTime t = atOrBefore.toLocalDateTime().truncatedTo(ChronoUnit.MINUTES);
    LocalDateTime limit = t.minusYears(SEARCH_YEARS);
    while (t.isAfter(limit)) {
      if (!months.get(t.getMonthValue())) {
        t = t.withDayOfMonth(1).toLocalDate().atStartOfDay().minusMinutes(1);
      } else if (!matchesDay(t)) {
        t = t.toLocalDate().atStartOfDay().minusMinutes(1);
      } else if (!hours.get(t.getHour())) {
        t = t.truncatedTo(ChronoUnit.HOURS).minusMinutes(1);
      } else if (!minutes.get(t.getMinute())) {
        t = t.minusMinutes(1);
      } else {
        Optional<ZonedDateTime> z = exists(t, zone);
        if (z.isPresent() && !z.get().isAfter(atOrBefore)) {
          return z;
        }
        t = t.minusMinutes(1);
      }
    }
    return Optional.empty();
  }

  /** The local time in {@code zone}, unless a daylight-saving change skips it. */
  private static Optional<ZonedDateTime> exists(LocalDateTime t, ZoneId zone) {
    ZonedDateTime z = ZonedDateTime.ofLocal(t, zone, null);
    return z.toLocalDateTime().equals(t) ? Optional.of(z) : Optional.empty();
  }

  /** The schedule as written. */
  @Override
  public String toString() {
    return text;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cron c && c.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }
}
