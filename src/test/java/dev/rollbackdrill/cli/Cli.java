package dev.rollbackdrill.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import picocli.CommandLine;

/**
 * Runs the command line in-process and keeps what it printed, and the command line itself, whose
 * subcommands still hold what they were last given.
 */
record Cli(int exit, String out, String err, CommandLine commandLine) {

  static Cli run(String... args) {
    return run(Clock.systemUTC(), args);
  }

  /** With the commands' "now" pinned to {@code now}. */
  static Cli at(String now, String... args) {
    return run(Clock.fixed(Instant.parse(now), ZoneOffset.UTC), args);
  }

  static Cli run(Clock clock, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), clock);
    int exit = cl.execute(args);
    return new Cli(exit, out.toString(), err.toString(), cl);
  }

  /** What {@code drill SUBCOMMAND} was last given, parsed: run directly or handed over to. */
  CommandLine.ParseResult given(String subcommand) {
    return commandLine.getSubcommands().get(subcommand).getParseResult();
  }
}
