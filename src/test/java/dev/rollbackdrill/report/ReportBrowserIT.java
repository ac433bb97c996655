package dev.rollbackdrill.report;

import static dev.rollbackdrill.report.Drills.drill;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rollbackdrill.history.DrillHistory;
import dev.rollbackdrill.history.DrillRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders a report from a generated history written to disk, then opens it in headless Chromium
 * (Debian's {@code chromium}): the page loads without console messages, the DOM has the trend chart
 * and the tables, hostile text stays text, and screenshots are saved under {@code target/} (wide
 * and phone-sized) for a person to look at.
 */
class ReportBrowserIT {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
  private static final String HOSTILE_REASON =
      "probe said <img src=x onerror=\"console.error('injected')\">";

  @TempDir static Path work;
  private static Path page;

  @BeforeAll
  static void renderReport() throws IOException {
    if (!Files.isExecutable(CHROMIUM)) {
      if (System.getenv("CI") != null) {
        fail(CHROMIUM + " is missing; .ci/run installs Debian's chromium for this test");
      }
      assumeTrue(false, CHROMIUM + " is not installed (apt-get install chromium)");
    }
    List<DrillRecord> records = new ArrayList<>(new HistoryGenerator(11).generate(3, 12, 4, NOW));
    records.add(
        drill("checkout-bad-image", "2026-11-20T09:00:00Z")
            .failed(HOSTILE_REASON)
            .by("<b>mallory</b>")
            .build());
    // One failure recovered two ways with a synthetic load, so the page compares procedures with
    // their user impact, and what the last run's users saw shows in the scenario table.
    for (int day = 2; day <= 18; day += 8) {
      records.add(drill("payments-http500-undo", "2026-11-%02dT09:00:00Z".formatted(day))
          .target("shop", "payments").failure("broken", "bad-config").took(Drills.secs(21 + day))
          .load(5170, 150 + day).by("ben.li").build());
      records.add(drill("payments-roll-forward", "2026-11-%02dT10:00:00Z".formatted(day))
          .target("shop", "payments").failure("broken", "bad-config").procedure("roll-forward")
          .took(Drills.secs(48 + day)).load(5230, 420 + day).by("chen.wei").build());
    }
    Path drills = work.resolve("drills");
    HistoryGenerator.write(records, drills);
    Files.writeString(drills.resolve("2026/11/corrupt.json"), "{\"formatVersion\": 1, \"id\": ");
    DrillHistory.Loaded loaded = new DrillHistory(drills).readAll();
    // A plan with a scenario that never ran: a NOT RUN row.
    ReportModel model =
        TrendReport.compute(loaded.records(), loaded.warnings(), ReportOptions.defaults(NOW)
            .withStaleAfter(java.util.Map.of("payments-http500-undo", java.time.Duration.ofDays(35),
                "payments-kill-switch", java.time.Duration.ofDays(100))));
    page = ReportWriter.write(model, work.resolve("reports")).html();
  }

  @Test
  void loadsWithoutConsoleMessages() throws Exception {
    Result result =
        chromium("--enable-logging=stderr", "--v=0", "--dump-dom", page.toUri().toString());

    assertThat(consoleLines(result.stderr(), page)).isEmpty();
  }

  @Test
  void detectsConsoleMessagesOnAPageThatHasThem() throws Exception {
    // The control for the test above: proves this way of reading the console sees errors.
    Path bad = work.resolve("bad.html");
    Files.writeString(
        bad, "<!DOCTYPE html><p>x</p><script>console.error('boom'); missing();</script>");

    Result result =
        chromium("--enable-logging=stderr", "--v=0", "--dump-dom", bad.toUri().toString());

    assertThat(consoleLines(result.stderr(), bad))
        .anyMatch(l -> l.contains("boom"))
        .anyMatch(l -> l.contains("Uncaught"));
  }

  @Test
  void hasTheTrendChartAndTheTablesAndKeepsHostileTextAsText() throws Exception {
    String dom = chromium("--dump-dom", page.toUri().toString()).stdout();

    assertThat(dom)
        .contains(
            "<svg id=\"trend-chart\"",
            "<polyline class=\"line median\"",
            "class=\"slo\"",
            "class=\"spark\"");
    assertThat(dom)
        .contains(
            "id=\"months\"",
            "id=\"scenario-table\"",
            "id=\"phase-table\"",
            "id=\"rotation-table\"",
            "id=\"failure-table\"",
            "id=\"warnings\"",
            "corrupt.json",
            "class=\"stack procedure-table\"",
            "data-label=\"Error rate\"",
            "NOT RUN");
    assertThat(dom).contains("probe said &lt;img src=x").doesNotContain("<img");
    assertThat(dom).contains("&lt;b&gt;mallory&lt;/b&gt;").doesNotContain("<b>mallory");
  }

  @Test
  void savesScreenshotsOfTheWideAndThePhonePage() throws Exception {
    Path target = Path.of(System.getProperty("rollbackdrill.projectDir", ".")).resolve("target");
    Files.createDirectories(target);
    Path wide = target.resolve("report-screenshot.png");
    Path phone = target.resolve("report-screenshot-phone.png");
    Files.deleteIfExists(wide);
    Files.deleteIfExists(phone);

    chromium(
        "--hide-scrollbars",
        "--screenshot=" + wide,
        "--window-size=1200,2000",
        page.toUri().toString());
    chromium(
        "--hide-scrollbars",
        "--screenshot=" + phone,
        "--window-size=400,2000",
        page.toUri().toString());

    assertThat(wide).isRegularFile();
    assertThat(phone).isRegularFile();
    assertThat(Files.size(wide)).isGreaterThan(20_000);
    assertThat(Files.size(phone)).isGreaterThan(20_000);
    assertThat(pngWidth(wide)).isEqualTo(1200);
    assertThat(pngWidth(phone)).isEqualTo(400);
  }

  /** The width in a PNG's header: the signature, then the IHDR chunk's first four bytes. */
  private static int pngWidth(Path file) throws IOException {
    byte[] png = Files.readAllBytes(file);
    assertThat(png[1]).as(file + " is a PNG").isEqualTo((byte) 'P');
    return ((png[16] & 0xff) << 24) | ((png[17] & 0xff) << 16) | ((png[18] & 0xff) << 8) | (png[19] & 0xff);
  }

  private static List<String> consoleLines(String stderr, Path about) {
    String name = about.getFileName().toString();
    return stderr
        .lines()
        .filter(l -> l.contains(":CONSOLE") || l.contains("Uncaught"))
        .filter(l -> l.contains(name))
        .toList();
  }

  private record Result(String stdout, String stderr) {}

  private static Result chromium(String... args) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory(work, "chromium-profile");
    Path out = Files.createTempFile(work, "chromium", ".out");
    Path err = Files.createTempFile(work, "chromium", ".err");
    List<String> command =
        new ArrayList<>(
            List.of(
                CHROMIUM.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile));
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(nullFile()))
            .start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("chromium did not finish within 90 s: " + command + "\n" + Files.readString(err));
    }
    String stderr = Files.readString(err);
    assertThat(p.exitValue()).as("chromium exit code; stderr:\n%s", stderr).isZero();
    return new Result(Files.readString(out), stderr);
  }

  private static java.io.File nullFile() {
    return new java.io.File(
        System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
  }
}
