package dev.rollbackdrill.guard;

import java.util.List;
import java.util.Locale;

/**
 * Refuses kubeconfig contexts that look like production. A drill breaks things on purpose; a
 * context whose name or API server address contains a production word (as a whole token: {@code
 * prod-eu} and {@code api.prd.example} match, {@code product} does not) needs a loud explicit
 * flag.
 */
public final class ContextGuard {

  public static final List<String> DEFAULT_PATTERNS = List.of("prod", "production", "prd", "live");

  private ContextGuard() {}

  /** Null when the context may be drilled; otherwise why it looks like production. */
  public static String refusal(String context, String server, List<String> patterns) {
    for (String where : new String[] {context, server}) {
      if (where == null) {
        continue;
      }
      for (String token : where.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
        for (String p : patterns) {
          if (token.equals(p.toLowerCase(Locale.ROOT))) {
            return "context '" + context + "' (server " + server + ") looks like production (matches '" + p
                + "'); drills break things on purpose. Pass --allow-production if you really mean it";
          }
        }
      }
    }
    return null;
  }
}
