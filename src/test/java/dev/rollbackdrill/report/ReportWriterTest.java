package dev.rollbackdrill.report;

import static dev.rollbackdrill.report.Drills.drill;
import static dev.rollbackdrill.report.Drills.secs;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollbackdrill.history.DrillHistory;
import dev.rollbackdrill.history.DrillRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {

  private static final Instant NOW = Instant.parse("2026-01-31T12:00:00Z");
  private static final String HOSTILE = "<script>alert('x')</script>";

  @TempDir Path dir;

  private static ReportModel model(List<DrillRecord> records) {
    return TrendReport.compute(records, List.of(), ReportOptions.defaults(NOW));
  }

  private static List<DrillRecord> someDrills() {
    return List.of(
        drill("checkout-undo", "2025-12-10T10:00:00Z").took(secs(12)).by("alice").build(),
        drill("checkout-undo", "2026-01-10T10:00:00Z").took(secs(9)).by("bob").build(),
        drill("cart-undo", "2026-01-12T10:00:00Z")
            .failed("healthy gate timed out")
            .by("bob")
            .build());
  }

  @Test
  void writesAPageASummaryAndTheModelFromOneModel() throws IOException {
    ReportModel model = model(someDrills());

    ReportWriter.Written written = ReportWriter.write(model, dir.resolve("reports"));

    assertThat(written.html()).isEqualTo(dir.resolve("reports/index.html")).isRegularFile();
    assertThat(written.markdown()).isEqualTo(dir.resolve("reports/summary.md")).isRegularFile();
    assertThat(written.json()).isEqualTo(dir.resolve("reports/model.json")).isRegularFile();
    String html = Files.readString(written.html());
    String md = Files.readString(written.markdown());
    JsonNode json = new ObjectMapper().readTree(written.json().toFile());
    String median = model.headline().median().text();
    assertThat(html).contains(median, "January 2026", "checkout-undo", "healthy gate timed out");
    assertThat(md).contains(median, "January 2026", "healthy gate timed out");
    assertThat(json.at("/headline/median/text").asText()).isEqualTo(median);
    assertThat(json.at("/headline/median/nanos").asLong())
        .isEqualTo(model.headline().median().nanos());
    assertThat(json.at("/scenarios").size()).isEqualTo(2);
    assertThat(dir.resolve("reports")).isDirectoryNotContaining("glob:**.tmp");
  }

  @Test
  void showsARefusedDrillWithItsOwnBadgeApartFromTheFailuresInEveryFormat() throws IOException {
    List<DrillRecord> records = new java.util.ArrayList<>(someDrills());
    records.add(drill("paused-undo", "2026-01-20T10:00:00Z").refused("preflight: deployment shop/paused-undo is paused")
        .build());

    ReportWriter.Written written = ReportWriter.write(model(records), dir.resolve("reports"));

    String html = Files.readString(written.html());
    String md = Files.readString(written.markdown());
    JsonNode json = new ObjectMapper().readTree(written.json().toFile());
    assertThat(html).contains("<span class=\"pill refused\">REFUSED</span>")
        .contains("<h2 id=\"refusals-title\">Refused drills</h2>")
        .contains("(1 failed or errored; 1 refused before anything changed, not drilled)")
        .contains("preflight: deployment shop/paused-undo is paused");
    assertThat(md).contains("**Refused drills** (nothing was changed; not drilled): 1")
        .contains("(1 failed or errored; 1 refused before anything changed, not drilled)");
    assertThat(json.at("/headline/failed").asInt()).isEqualTo(1);
    assertThat(json.at("/headline/refused").asInt()).isEqualTo(1);
    assertThat(json.at("/failures/total").asInt()).isEqualTo(1);
    assertThat(json.at("/refusals/total").asInt()).isEqualTo(1);
  }

  @Test
  void rendersAStandalonePageWithNothingFetchedAndNoScript() {
    String html = ReportWriter.html(model(someDrills()));

    assertThat(html).startsWith("<!DOCTYPE html>");
    assertThat(html)
        .contains(
            "<meta name=\"viewport\"",
            "@media print",
            "<svg id=\"trend-chart\"",
            "<svg id=\"trend-chart-compact\"",
            "class=\"spark\"",
            "stroke-dasharray");
    assertThat(html)
        .doesNotContainIgnoringCase("<script")
        .doesNotContainIgnoringCase("<link")
        .doesNotContainIgnoringCase("<img")
        .doesNotContain("@import")
        .doesNotContain("url(");
    // The only URL is the SVG namespace, which is a name, not something fetched.
    Matcher urls = Pattern.compile("https?://[^\"'\\s<)]+").matcher(html);
    while (urls.find()) {
      assertThat(urls.group()).isEqualTo("http://www.w3.org/2000/svg");
    }
  }

  @Test
  void escapesScenarioNamesReasonsAndPeopleInHtmlAndMarkdown() {
    ReportModel model =
        model(
            List.of(
                drill(HOSTILE, "2026-01-10T10:00:00Z").took(secs(5)).by("<b>mallory</b>").build(),
                drill("ok", "2026-01-11T10:00:00Z")
                    .failed("probe said <img src=x onerror=alert(1)> | *bold*")
                    .by("eve")
                    .build()));

    String html = ReportWriter.html(model);
    String md = ReportWriter.markdown(model);

    assertThat(html)
        .doesNotContain(HOSTILE)
        .doesNotContain("<b>mallory")
        .doesNotContain("<img src=x");
    assertThat(html)
        .contains(
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;",
            "&lt;b&gt;mallory&lt;/b&gt;",
            "probe said &lt;img src=x onerror=alert(1)&gt;");
    assertThat(md).contains("probe said \\<img src=x onerror=alert(1)\\> \\| \\*bold\\*");
  }

  @Test
  void countsOneDrillInTheSingular() {
    ReportModel model = model(List.of(drill("only", "2026-01-10T10:00:00Z").took(secs(5)).build()));

    assertThat(ReportWriter.markdown(model)).contains("over 1 drill.").contains("_1 drill of 1 scenario,")
        .doesNotContain("1 drills");
    assertThat(ReportWriter.html(model)).contains("1 drill of 1 scenario,").doesNotContain("1 drills");
  }

  @Test
  void keepsAMultiLineReasonOnOneMarkdownLine() {
    assertThat(MarkdownOutputFormat.escape("line one\r\nline two\n| cell"))
        .isEqualTo("line one line two \\| cell");
    assertThat(MarkdownOutputFormat.escape("a_b `c` [d](e) #f ~g"))
        .isEqualTo("a\\_b \\`c\\` \\[d\\](e) \\#f \\~g");
  }

  @Test
  void rendersAHelpfulPageForAnEmptyHistory() throws IOException {
    ReportModel empty = TrendReport.compute(List.of(), List.of(), ReportOptions.defaults(NOW));

    ReportWriter.Written written = ReportWriter.write(empty, dir);

    String html = Files.readString(written.html());
    assertThat(html)
        .contains(
            "No drills recorded yet", "./drill run scenarios/noop-undo.yaml", "./drill report");
    assertThat(html).doesNotContain("trend-chart");
    assertThat(Files.readString(written.markdown()))
        .contains("No drills recorded yet", "./drill run scenarios/noop-undo.yaml");
    assertThat(new ObjectMapper().readTree(written.json().toFile()).get("empty").asBoolean())
        .isTrue();
  }

  @Test
  void namesCorruptPartialAndUnknownVersionRecordsAndStillRenders() throws IOException {
    Path drills = dir.resolve("drills");
    DrillHistory history = new DrillHistory(drills);
    history.append(drill("checkout-undo", "2026-01-10T10:00:00Z").took(secs(8)).build(), Map.of());
    history.append(drill("checkout-undo", "2026-01-11T10:00:00Z").took(secs(9)).build(), Map.of());
    Path month = drills.resolve("2026/01");
    Files.writeString(
        month.resolve("truncated.json"), "{\"formatVersion\": 1, \"id\": \"abc\", \"scen");
    Files.writeString(
        month.resolve("future.json"), "{\"formatVersion\": 99, \"id\": \"from-the-future\"}");
    Files.writeString(
        month.resolve("partial.json"), "{\"formatVersion\": 1, \"id\": \"no-scenario\"}");

    DrillHistory.Loaded loaded = history.readAll();
    ReportModel model =
        TrendReport.compute(loaded.records(), loaded.warnings(), ReportOptions.defaults(NOW));
    ReportWriter.Written written = ReportWriter.write(model, dir.resolve("reports"));

    assertThat(loaded.records()).hasSize(2);
    assertThat(model.warnings()).hasSize(3);
    assertThat(model.warnings())
        .anyMatch(w -> w.contains("truncated.json") && w.contains("unreadable"));
    assertThat(model.warnings())
        .anyMatch(w -> w.contains("future.json") && w.contains("unknown format version 99"));
    assertThat(model.warnings())
        .anyMatch(w -> w.contains("partial.json") && w.contains("partial record"));
    String html = Files.readString(written.html());
    assertThat(html)
        .contains(
            "truncated.json",
            "future.json",
            "partial.json",
            "id=\"warnings\"",
            "<svg id=\"trend-chart\"",
            "3 history files were skipped as unreadable");
    assertThat(model.summary().runs()).isEqualTo(2);
  }

  @Test
  void skipsAndNamesRecordsWhoseScenarioHasNoNameAndStillRenders() throws IOException {
    Path drills = dir.resolve("drills");
    DrillHistory history = new DrillHistory(drills);
    Path good = history.append(drill("checkout-undo", "2026-01-10T10:00:00Z").took(secs(8)).build(), Map.of());
    ObjectMapper mapper = new ObjectMapper();
    Map<String, String> scenarios = Map.of(
        "empty-scenario.json", "{}",
        "null-name.json", "{\"name\": null, \"file\": \"scenarios/x.yaml\", \"procedure\": \"rollout-undo\"}",
        "blank-name.json", "{\"name\": \" \"}");
    for (Map.Entry<String, String> e : scenarios.entrySet()) {
      com.fasterxml.jackson.databind.node.ObjectNode doc =
          (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(good.toFile());
      doc.set("scenario", mapper.readTree(e.getValue()));
      Files.writeString(good.resolveSibling(e.getKey()), mapper.writeValueAsString(doc));
    }

    DrillHistory.Loaded loaded = history.readAll();
    ReportModel model = TrendReport.compute(loaded.records(), loaded.warnings(), ReportOptions.defaults(NOW));
    ReportWriter.Written written = ReportWriter.write(model, dir.resolve("reports"));

    assertThat(loaded.records()).extracting(r -> r.scenario().name()).containsExactly("checkout-undo");
    assertThat(loaded.warnings()).hasSize(3).allSatisfy(w -> assertThat(w)
        .contains("partial record (scenario.name missing); skipped"));
    assertThat(loaded.warnings()).anyMatch(w -> w.contains("empty-scenario.json"))
        .anyMatch(w -> w.contains("null-name.json")).anyMatch(w -> w.contains("blank-name.json"));
    assertThat(model.scenarios()).extracting(ReportModel.ScenarioRow::name).containsExactly("checkout-undo");
    assertThat(Files.readString(written.html())).contains("empty-scenario.json", "3 history files were skipped");
  }

  @Test
  void theSummaryShowsWhatUsersSawAndTheProceduresSideBySide() {
    ReportModel model = model(List.of(
        drill("http500-undo", "2026-01-10T10:00:00Z").target("shop", "checkout").failure("broken", "bad-config")
            .took(secs(20)).load(5170, 212).build(),
        drill("roll-forward", "2026-01-12T10:00:00Z").target("shop", "checkout").failure("broken", "bad-config")
            .procedure("roll-forward").took(secs(40)).load(5200, 430).build()));

    String md = ReportWriter.markdown(model);
    String html = ReportWriter.html(model);

    assertThat(md).contains("- http500-undo: rolled back in 20.0 s; 212 failed requests of 5170 (4.1%)")
        .contains("shop/checkout, failure bad-config (bad): rollout-undo is fastest at the median")
        .contains("| Procedure | Drills | Median | p90 | Within SLO | Failed requests | Error rate |")
        .contains("| roll-forward | 1 | 40.0 s | 40.0 s | 100% | 430 | 8.3% |")
        .contains("| rollout-undo | 1 | 20.0 s | 20.0 s | 100% | 212 | 4.1% |");
    assertThat(html).contains("<th class=\"num\">Failed requests</th><th class=\"num\">Error rate</th>")
        .contains("data-label=\"Error rate\">8.3%</td>").contains("failure <strong>bad-config (bad)</strong>");
    // On a phone the verdict and what users saw take the card's width, as one block.
    assertThat(html).contains("<td class=\"verdict full\" data-label=\"Verdict\"><span><span class=\"pill ok\">"
        + "PASSED</span><br><span class=\"small impact\">rolled back in 20.0 s; 212 failed requests");
  }

  @Test
  void replacesAnEarlierReport() throws IOException {
    ReportWriter.write(model(someDrills()), dir);
    ReportWriter.write(TrendReport.compute(List.of(), List.of(), ReportOptions.defaults(NOW)), dir);

    assertThat(Files.readString(dir.resolve("index.html"))).contains("No drills recorded yet");
  }

  @Test
  void rendersAGeneratedTenYearHistory() {
    List<DrillRecord> records = new HistoryGenerator(3).generate(10, 45, 1, NOW);

    ReportModel model = TrendReport.compute(records, List.of(), ReportOptions.defaults(NOW));
    String html = ReportWriter.html(model);

    assertThat(html)
        .contains(
            "id=\"scenario-table\"",
            "id=\"rotation-table\"",
            "id=\"failure-table\"",
            "id=\"phase-table\"",
            "STALE",
            "Procedures compared");
    assertThat(html).contains("KEY PERSON");
  }
}
