package dev.rollbackdrill.report;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.Locale;

/** Human-readable text for the numbers in the model, so that templates never format. */
final class Formats {

  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

  private Formats() {}

  /** "850 ms", "1.84 s", "12.3 s", "2 m 05 s", "1 h 02 m", "3 d 04 h". */
  static String duration(long nanos) {
    if (nanos < 0) {
      return "-" + duration(-nanos);
    }
    if (nanos < 1_000_000) {
      return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
    }
    // Round first, then pick the unit, so 999.7 ms reads "1.00 s" rather than "1000 ms".
    long ms = Math.round(nanos / 1e6);
    if (ms < 1000) {
      return ms + " ms";
    }
    long centis = Math.round(nanos / 1e7);
    if (centis < 1000) {
      return String.format(Locale.ROOT, "%d.%02d s", centis / 100, centis % 100);
    }
    long decis = Math.round(nanos / 1e8);
    if (decis < 600) {
      return String.format(Locale.ROOT, "%d.%d s", decis / 10, decis % 10);
    }
    long secs = Math.round(nanos / 1e9);
    if (secs < 3600) {
      return String.format(Locale.ROOT, "%d m %02d s", secs / 60, secs % 60);
    }
    long mins = Math.round(nanos / 6e10);
    if (mins < 24 * 60) {
      return String.format(Locale.ROOT, "%d h %02d m", mins / 60, mins % 60);
    }
    long hours = Math.round(nanos / 3.6e12);
    return String.format(Locale.ROOT, "%d d %02d h", hours / 24, hours % 24);
  }

  /** Axis labels: round values, no trailing zero units ("30 s", "1 m", "1 m 30 s", "2 h"). */
  static String axis(long nanos) {
    if (nanos == 0) {
      return "0";
    }
    if (nanos < 1_000_000_000L) {
      return Math.round(nanos / 1e6) + " ms";
    }
    if (nanos < 60_000_000_000L) {
      double s = nanos / 1e9;
      return s == Math.rint(s) ? (long) s + " s" : String.format(Locale.ROOT, "%.1f s", s);
    }
    long secs = Math.round(nanos / 1e9);
    if (secs < 3600) {
      return secs % 60 == 0 ? secs / 60 + " m" : secs / 60 + " m " + secs % 60 + " s";
    }
    long mins = secs / 60;
    return mins % 60 == 0 ? mins / 60 + " h" : mins / 60 + " h " + mins % 60 + " m";
  }

  /**
   * A share as a whole percentage that never rounds a miss away: 199 of 200 reads "99%", not
   * "100%", and 1 of 300 reads "<1%", not "0%".
   */
  static String percent(long part, long whole) {
    if (whole <= 0) {
      return "—";
    }
    long p = Math.round(part * 100.0 / whole);
    if (p == 100 && part < whole) {
      return "99%";
    }
    if (p == 0 && part > 0) {
      return "<1%";
    }
    return p + "%";
  }

  /**
   * A share with one decimal, for error rates where a whole percent hides the difference ("4.1%"),
   * that never rounds a miss away either: 1 of 10,000 reads "<0.1%", 9,999 of 10,000 "99.9%".
   */
  static String percentOneDecimal(long part, long whole) {
    if (whole <= 0) {
      return "—";
    }
    long permille = Math.round(part * 1000.0 / whole);
    if (permille == 1000 && part < whole) {
      return "99.9%";
    }
    if (permille == 0 && part > 0) {
      return "<0.1%";
    }
    return permille / 10 + "." + permille % 10 + "%";
  }

  /** "UTC" rather than "Z"; region ids as they are ("Europe/Berlin"). */
  static String zone(ZoneId zone) {
    ZoneId z = zone.normalized();
    return z instanceof java.time.ZoneOffset o && o.getTotalSeconds() == 0 ? "UTC" : zone.getId();
  }

  static String dateTime(Instant instant, ZoneId zone) {
    return DATE_TIME.format(instant.atZone(zone));
  }

  /** "January 2026". */
  static String monthLong(YearMonth month) {
    return month.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " " + month.getYear();
  }

  /** "Jan 2026". */
  static String monthShort(YearMonth month) {
    return month.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH) + " " + month.getYear();
  }

  /** "today", "yesterday", "12 days ago", "3 months ago", "2 years ago". */
  static String ago(Instant then, Instant now) {
    Duration d = Duration.between(then, now);
    if (d.isNegative()) {
      return "in the future";
    }
    long days = d.toDays();
    if (days == 0) {
      return "today";
    }
    if (days == 1) {
      return "yesterday";
    }
    if (days < 60) {
      return days + " days ago";
    }
    if (days < 730) {
      return days / 30 + " months ago";
    }
    return days / 365 + " years ago";
  }

  /** "35 days", "12 hours", "90 minutes", or the ISO form for anything odder. */
  static String period(Duration d) {
    if (!d.isZero() && d.toSeconds() % 86_400 == 0 && d.getNano() == 0) {
      long n = d.toDays();
      return n + (n == 1 ? " day" : " days");
    }
    if (!d.isZero() && d.toSeconds() % 3_600 == 0 && d.getNano() == 0) {
      long n = d.toHours();
      return n + (n == 1 ? " hour" : " hours");
    }
    if (!d.isZero() && d.toSeconds() % 60 == 0 && d.getNano() == 0) {
      long n = d.toMinutes();
      return n + (n == 1 ? " minute" : " minutes");
    }
    return d.toString();
  }

  /** "1 drill", "2 drills": a count with its noun, plural by adding "s". */
  static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
