package dev.rollbackdrill.plan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Drill records for tests, written as the JSON documents {@code drill run} appends (only the
 * fields a plan reads), so they go through the same reader as real history.
 */
public final class Records {

  private Records() {}

  /** Writes a record of {@code scenario} started at {@code startedAt} on {@code provider} into {@code drills}. */
  public static Path write(Path drills, String scenario, String startedAt, String provider, String verdict) {
    Instant t = Instant.parse(startedAt);
    String id = startedAt.replaceAll("[-:]", "").replace(".000", "") + "-" + scenario + "-i1";
    Path file = drills.resolve(t.toString().substring(0, 4)).resolve(t.toString().substring(5, 7)).resolve(id + ".json");
    String json = """
        {"formatVersion":1,"id":"%s","scenario":{"name":"%s","file":"scenarios/%s.yaml"},
         "cluster":{"provider":"%s","name":"%s"},"executedBy":"alice","startedAt":"%s","endedAt":"%s",
         "iteration":1,"phaseNanos":{},"triggerToHealthyNanos":1000000000,"sloNanos":30000000000,
         "verdict":"%s","reason":"test"}
        """.formatted(id, scenario, scenario, provider, provider.replaceFirst("^[a-z-]+:", ""), startedAt, startedAt,
        verdict);
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, json);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
