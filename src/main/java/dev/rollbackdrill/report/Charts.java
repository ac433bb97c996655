package dev.rollbackdrill.report;

import dev.rollbackdrill.report.ReportModel.Band;
import dev.rollbackdrill.report.ReportModel.Chart;
import dev.rollbackdrill.report.ReportModel.Dot;
import dev.rollbackdrill.report.ReportModel.Series;
import dev.rollbackdrill.report.ReportModel.SloLine;
import dev.rollbackdrill.report.ReportModel.Sparkline;
import dev.rollbackdrill.report.ReportModel.Tick;
import java.time.Month;
import java.time.YearMonth;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** SVG geometry for the trend chart and the sparklines, so templates only copy numbers. */
final class Charts {

  /** The chart's box in SVG units, and how many x labels fit. */
  record Frame(
      int width, int height, double left, double right, double top, double bottom, int maxXTicks) {}

  /** For screens and print: wide, small text relative to the box. */
  static final Frame WIDE = new Frame(720, 300, 70, 704, 14, 266, 12);

  /** For phones: drawn at about its own size, so its text stays readable. */
  static final Frame NARROW = new Frame(360, 230, 44, 350, 12, 200, 6);

  static final int SPARK_WIDTH = 120;
  static final int SPARK_HEIGHT = 28;
  private static final double SPARK_PAD = 3;

  /** Candidate y-axis steps: round durations people read at a glance. */
  private static final long[] STEPS = {
    100_000_000L,
    200_000_000L,
    500_000_000L,
    1_000_000_000L,
    2_000_000_000L,
    5_000_000_000L,
    10_000_000_000L,
    15_000_000_000L,
    30_000_000_000L,
    60_000_000_000L,
    120_000_000_000L,
    300_000_000_000L,
    600_000_000_000L,
    900_000_000_000L,
    1_800_000_000_000L,
    3_600_000_000_000L,
    7_200_000_000_000L
  };

  private Charts() {}

  /** One value per month (null for a gap) of one line. */
  record Line(String name, String cssClass, List<Long> values) {}

  /**
   * The monthly trend: lines over months, a dashed SLO line. The y axis covers the median, the p90
   * and the SLO with room to spare (up to 1.6 times for the max line); a month's max above that is
   * drawn at the top edge, and the note says so, rather than flattening the lines a reader came
   * for.
   */
  static Chart trend(
      Frame frame, List<YearMonth> months, Line median, Line p90, Line max, Long slo) {
    double x0 = frame.left();
    double x1 = frame.right();
    double y0 = frame.top();
    double y1 = frame.bottom();
    int n = months.size();
    long data = Math.max(maxOf(p90.values()), maxOf(median.values()));
    // The SLO sets the scale only when it is near the data; far above, it would flatten the lines.
    boolean sloOnScale = slo != null && (data == 0 || slo <= data * 2);
    long reference = Math.max(data, sloOnScale ? slo : 0);
    if (reference == 0) {
      reference = maxOf(max.values());
    }
    // Some room above the p90 for the max line, but never so much that the median goes flat.
    long wanted =
        Math.max(
            (long) Math.max(reference * 1.15, Math.min(maxOf(max.values()), reference * 1.6)), 1);
    long step = step(wanted);
    long top = Math.max(ceilTo(wanted, step), step);

    double slot = n <= 1 ? x1 - x0 : (x1 - x0) / (n - 1);
    List<Double> xs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      xs.add(n == 1 ? (x0 + x1) / 2 : x0 + i * slot);
    }

    List<Series> series = new ArrayList<>();
    int clipped = 0;
    for (Line line : List.of(max, p90, median)) {
      List<Double> ys = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        Long v = line.values().get(i);
        if (v != null && v > top) {
          clipped += line == max ? 1 : 0;
        }
        ys.add(v == null ? null : y(Math.min(v, top), top, y0, y1));
      }
      series.add(series(line, months, xs, ys, n <= frame.maxXTicks() * 2));
    }

    List<Band> gaps = new ArrayList<>();
    double bandWidth = n <= 1 ? (x1 - x0) : Math.max(slot, 1.5);
    for (int i = 0; i < n; i++) {
      if (median.values().get(i) == null) {
        gaps.add(
            new Band(
                round(Math.max(x0, xs.get(i) - bandWidth / 2)),
                y0,
                round(
                    Math.min(x1, xs.get(i) + bandWidth / 2)
                        - Math.max(x0, xs.get(i) - bandWidth / 2)),
                y1 - y0,
                Formats.monthShort(months.get(i)) + ": no drill reached healthy"));
      }
    }

    String sloLabel = slo == null ? "" : "SLO " + Formats.axis(slo);
    double sloY = slo == null || slo > top ? y0 : y(slo, top, y0, y1);
    SloLine sloLine =
        new SloLine(slo != null && slo <= top, sloY, x0, x1, x0 + 6, round(sloY - 6), sloLabel);
    String sloNote =
        slo != null && slo > top
            ? "The "
                + sloLabel
                + " line is far above every month's p90, so the chart is scaled to the data. "
            : "";

    List<Tick> yTicks = new ArrayList<>();
    for (long v = 0; v <= top; v += step) {
      yTicks.add(new Tick(y(v, top, y0, y1), Formats.axis(v)));
    }

    String note =
        sloNote
            + (clipped == 0
            ? ""
            : clipped
                + (clipped == 1 ? " month's max is" : " months' max are")
                + " above "
                + Formats.axis(top)
                + " and drawn at the top edge; the table and model.json have the values.");
    String description =
        "Monthly trigger-to-healthy time, "
            + Formats.monthShort(months.get(0))
            + " to "
            + Formats.monthShort(months.get(n - 1))
            + ": median, p90 and max per month"
            + (sloLine.shown() ? ", with the SLO as a dashed line." : ".");
    note = note.strip();
    return new Chart(
        frame.width(),
        frame.height(),
        x0,
        y0,
        x1,
        y1,
        series,
        gaps,
        sloLine,
        yTicks,
        x0 - 7,
        xTicks(months, xs, frame.maxXTicks()),
        y1 + 19,
        description,
        note);
  }

  /** A sparkline of one scenario's monthly medians, scaled to its own maximum. */
  static Sparkline sparkline(List<YearMonth> months, List<Long> values) {
    int n = values.size();
    long top = Math.max(maxOf(values), 1);
    double left = SPARK_PAD;
    double right = SPARK_WIDTH - SPARK_PAD;
    double slot = n <= 1 ? 0 : (right - left) / (n - 1);
    List<Double> xs = new ArrayList<>(n);
    List<Double> ys = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      xs.add(n == 1 ? SPARK_WIDTH / 2.0 : left + i * slot);
      Long v = values.get(i);
      ys.add(v == null ? null : y(v, top, SPARK_PAD, SPARK_HEIGHT - SPARK_PAD));
    }
    Series s = series(new Line("median", "spark", values), months, xs, ys, false);
    Dot last = null;
    Long first = null;
    Long lastValue = null;
    for (int i = 0; i < n; i++) {
      if (values.get(i) != null) {
        first = first == null ? values.get(i) : first;
        lastValue = values.get(i);
        last = new Dot(round(xs.get(i)), ys.get(i), dotTitle("median", months.get(i), lastValue));
      }
    }
    String description =
        first == null
            ? "No runs reached healthy in these months."
            : "Monthly median from "
                + Formats.duration(first)
                + " to "
                + Formats.duration(lastValue)
                + " over "
                + Formats.monthShort(months.get(0))
                + " to "
                + Formats.monthShort(months.get(n - 1))
                + ".";
    return new Sparkline(SPARK_WIDTH, SPARK_HEIGHT, s.segments(), s.dots(), last, description);
  }

  private static Series series(
      Line line, List<YearMonth> months, List<Double> xs, List<Double> ys, boolean everyDot) {
    List<String> segments = new ArrayList<>();
    List<Dot> dots = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int pointsInCurrent = 0;
    int startOfCurrent = -1;
    for (int i = 0; i <= ys.size(); i++) {
      Double yv = i < ys.size() ? ys.get(i) : null;
      if (yv != null) {
        if (pointsInCurrent == 0) {
          startOfCurrent = i;
        } else {
          current.append(' ');
        }
        current.append(coord(xs.get(i))).append(',').append(coord(yv));
        pointsInCurrent++;
        if (everyDot) {
          dots.add(
              new Dot(
                  round(xs.get(i)),
                  yv,
                  dotTitle(line.name(), months.get(i), line.values().get(i))));
        }
        continue;
      }
      if (pointsInCurrent == 1 && !everyDot) {
        dots.add(
            new Dot(
                round(xs.get(startOfCurrent)),
                ys.get(startOfCurrent),
                dotTitle(
                    line.name(), months.get(startOfCurrent), line.values().get(startOfCurrent))));
      } else if (pointsInCurrent > 1) {
        segments.add(current.toString());
      }
      current.setLength(0);
      pointsInCurrent = 0;
    }
    return new Series(line.name(), line.cssClass(), segments, dots);
  }

  private static String dotTitle(String name, YearMonth month, Long value) {
    return Formats.monthShort(month) + " " + name + ": " + Formats.duration(value);
  }

  private static List<Tick> xTicks(List<YearMonth> months, List<Double> xs, int maxTicks) {
    int n = months.size();
    // Month labels ("Jan 2025", "Apr") are wider than year labels: fewer of them fit.
    int monthLabels = Math.max(3, maxTicks * 2 / 3);
    for (int every : new int[] {1, 2, 3, 6}) {
      if ((n + every - 1) / every <= monthLabels) {
        List<Tick> ticks = new ArrayList<>();
        boolean first = true;
        for (int i = 0; i < n; i++) {
          YearMonth m = months.get(i);
          if (every > 1 && (m.getMonthValue() - 1) % every != 0) {
            continue;
          }
          String label = m.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
          if (first || m.getMonth() == Month.JANUARY) {
            label += " " + m.getYear();
          }
          first = false;
          ticks.add(new Tick(round(xs.get(i)), label));
        }
        return ticks;
      }
    }
    int years = n / 12 + 1;
    int every = Math.max(1, (years + maxTicks - 1) / maxTicks);
    List<Tick> ticks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      YearMonth m = months.get(i);
      if (m.getMonth() == Month.JANUARY && m.getYear() % every == 0) {
        ticks.add(new Tick(round(xs.get(i)), Integer.toString(m.getYear())));
      }
    }
    return ticks;
  }

  private static long step(long top) {
    for (long s : STEPS) {
      if (top / s < 5 || (top / s == 5 && top % s == 0)) {
        return s;
      }
    }
    long last = STEPS[STEPS.length - 1];
    return ceilTo(top / 5, last);
  }

  private static long ceilTo(long v, long step) {
    return ((v + step - 1) / step) * step;
  }

  private static long maxOf(List<Long> values) {
    long max = 0;
    for (Long v : values) {
      if (v != null) {
        max = Math.max(max, v);
      }
    }
    return max;
  }

  private static double y(long v, long top, double yTop, double yBottom) {
    return round(yBottom - (double) v / top * (yBottom - yTop));
  }

  static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }

  private static String coord(double v) {
    double r = round(v);
    return r == Math.rint(r) ? Long.toString((long) r) : Double.toString(r);
  }
}
