package dev.rollbackdrill.cli;

import dev.rollbackdrill.engine.ClusterRefusedException;
import dev.rollbackdrill.engine.ResultEntries;
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
  record Row(String drill, String verdict, Long triggerToHealthyNanos, long sloNanos, String reason, String record,
      Long requests, Long failedRequests) {

    /** A row without load counts. */
    Row(String drill, String verdict, Long triggerToHealthyNanos, long sloNanos, String reason, String record) {
      this(drill, verdict, triggerToHealthyNanos, sloNanos, reason, record, null, null);
    }
  }

  private final PrintWriter out;
  private final List<Row> rows = new ArrayList<>();
  private final List<String> engineFailures = new ArrayList<>();
  /** The tests that reported a drill record, by unique id: two drills may share a display name. */
  private final Set<String> recorded = new HashSet<>();
  /** Display names of the scenarios (containers) started so far, by unique id. */
  private final Map<String, String> scenarios = new HashMap<>();
  private String clusterRefusal;

  ConsoleProgress(PrintWriter out) {
    this.out = out;
  }

  synchronized List<Row> rows() {
    return List.copyOf(rows);
  }

  synchronized List<String> engineFailures() {
    return List.copyOf(engineFailures);
  }

  /** Why the engine refused the cluster before connecting to it (it looks like production); null when it did not. */
  synchronized String clusterRefusal() {
    return clusterRefusal;
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
    ResultEntries.Entry e = ResultEntries.read(entry).orElse(null);
    if (e instanceof ResultEntries.Phase p) {
      out.printf("    %-18s %9s  %s%n", p.phase(), Durations.format(Duration.ofNanos(p.nanos())),
          p.detail() == null ? "" : p.detail());
    } else if (e instanceof ResultEntries.Note n) {
      out.println((id.isTest() ? "    " : "") + n.message());
    } else if (e instanceof ResultEntries.Recorded r) {
      recorded.add(id.getUniqueId());
      rows.add(new Row(label(id), r.verdict().name(), r.triggerToHealthyNanos(), r.sloNanos(),
          r.reason() == null ? "-" : r.reason(), r.file() == null ? "-" : r.file().toString(), r.requests(), r.failedRequests()));
      if (r.file() != null) {
        out.println("    record: " + r.file());
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
    if (id.getParentId().isEmpty() && result.getThrowable().orElse(null) instanceof ClusterRefusedException refused) {
      clusterRefusal = refused.reason(); // the command says so, as the bad input it is
    } else if (id.getParentId().isEmpty()) {
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
