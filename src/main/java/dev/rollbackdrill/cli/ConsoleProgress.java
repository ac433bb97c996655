package dev.rollbackdrill.cli;

import dev.rollbackdrill.engine.DrillTestEngine;
import dev.rollbackdrill.scenario.Durations;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Shows a drill run as it happens (each phase with its duration and what was seen) and collects
 * each drill's outcome for the summary table. Fed by the engine's report entries, from the drill's
 * thread and, for a drill stopped by SIGTERM or Ctrl-C, from its shutdown hook's (which must see
 * the record's line printed and flushed before the JVM exits): hence one lock for everything.
 */
final class ConsoleProgress implements TestExecutionListener {

  /** One finished drill, for the summary table and the exit code. */
  record Row(String drill, String verdict, Long triggerToHealthyNanos, long sloNanos, String reason, String record) {}

  private final PrintWriter out;
  private final List<Row> rows = new ArrayList<>();
  private final List<String> engineFailures = new ArrayList<>();
  /** The tests that reported a drill record, by unique id: two drills may share a display name. */
  private final Set<String> recorded = new HashSet<>();
  /** Display names of the scenarios (containers) started so far, by unique id. */
  private final Map<String, String> scenarios = new HashMap<>();

  ConsoleProgress(PrintWriter out) {
    this.out = out;
  }

  synchronized List<Row> rows() {
    return List.copyOf(rows);
  }

  synchronized List<String> engineFailures() {
    return List.copyOf(engineFailures);
  }

  /**
   * What a drill is called in progress and the summary: its scenario's name, and which iteration
   * when there are several (an iteration's own display name is only "iteration 2 of 3").
   */
  String label(TestIdentifier id) {
    return id.getParentId().map(scenarios::get)
        .filter(scenario -> !scenario.equals(id.getDisplayName()))
        .map(scenario -> scenario + " (" + id.getDisplayName() + ")")
        .orElse(id.getDisplayName());
  }

  @Override
  public synchronized void executionStarted(TestIdentifier id) {
    if (id.isContainer()) {
      scenarios.put(id.getUniqueId(), id.getDisplayName());
    }
    if (id.isTest()) {
      out.println();
      out.println("==> " + label(id) + id.getSource().map(s -> "  (" + describe(s) + ")").orElse(""));
      out.flush();
    }
  }

  private static String describe(org.junit.platform.engine.TestSource s) {
    return s instanceof org.junit.platform.engine.support.descriptor.FileSource f ? f.getFile().getPath() : s.toString();
  }

  @Override
  public synchronized void reportingEntryPublished(TestIdentifier id, ReportEntry entry) {
    Map<String, String> e = entry.getKeyValuePairs();
    if (e.containsKey(DrillTestEngine.ENTRY_PHASE)) {
      long nanos = Long.parseLong(e.get("nanos"));
      String detail = e.getOrDefault("detail", "-");
      out.printf("    %-18s %9s  %s%n", e.get(DrillTestEngine.ENTRY_PHASE),
          Durations.format(Duration.ofNanos(nanos)), "-".equals(detail) ? "" : detail);
    } else if (e.containsKey(DrillTestEngine.ENTRY_NOTE)) {
      out.println((id.isTest() ? "    " : "") + e.get(DrillTestEngine.ENTRY_NOTE));
    } else if (e.containsKey(DrillTestEngine.ENTRY_RECORD)) {
      String t = e.get("triggerToHealthyNanos");
      recorded.add(id.getUniqueId());
      rows.add(new Row(label(id), e.get("verdict"), "-".equals(t) ? null : Long.parseLong(t),
          Long.parseLong(e.get("sloNanos")), e.get("reason"), e.get(DrillTestEngine.ENTRY_RECORD)));
      if (!"-".equals(e.get(DrillTestEngine.ENTRY_RECORD))) {
        out.println("    record: " + e.get(DrillTestEngine.ENTRY_RECORD));
      }
    }
    out.flush();
  }

  @Override
  public synchronized void executionFinished(TestIdentifier id, TestExecutionResult result) {
    if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
      return;
    }
    String why = result.getThrowable().map(Throwable::getMessage).orElse(result.getStatus().toString());
    if (id.getParentId().isEmpty()) {
      engineFailures.add(why);
      out.println("drill: " + why);
    } else if (id.isTest() && !recorded.contains(id.getUniqueId())) {
      // A test that failed without a drill record: an invalid scenario or a harness crash.
      rows.add(new Row(label(id), "ERROR", null, 0, why, "-"));
      out.println("    ERROR: " + why);
    }
    out.flush();
  }
}
