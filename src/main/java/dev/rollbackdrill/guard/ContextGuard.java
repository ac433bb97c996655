package dev.rollbackdrill.guard;

import dev.rollbackdrill.cluster.ClusterProvider;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * Refuses clusters that look like production. A drill breaks things on purpose; a cluster whose
 * names or API server address (a kubeconfig context's name, its cluster entry and server; an
 * in-cluster name and host) contain a production word needs a loud explicit override ({@code
 * --allow-production}, or the engine's {@code rollbackdrill.allowProduction}). Words match as
 * whole tokens: {@code prod-eu} and {@code api.prd.example} match {@code prod} and {@code prd},
 * {@code product} does not. Extra patterns come from configuration ({@code --production-pattern},
 * {@code rollbackdrill.productionPatterns}); a pattern of several words ({@code eu-main}) matches
 * those tokens in a row, whatever separates them.
 */
public final class ContextGuard {

  public static final List<String> DEFAULT_PATTERNS = List.of("prod", "production", "prd", "live");

  private ContextGuard() {}

  /** The default patterns and {@code extra} ones, blank entries dropped. */
  public static List<String> patterns(List<String> extra) {
    LinkedHashSet<String> all = new LinkedHashSet<>(DEFAULT_PATTERNS);
    for (String p : extra) {
      if (p != null && !tokens(p).isEmpty()) {
        all.add(p.trim());
      }
    }
    return List.copyOf(all);
  }

  /**
   * Null when {@code provider}'s cluster may be drilled; otherwise why it looks like production.
   * Reads only what the provider knows before connecting, so nothing reaches a refused cluster.
   */
  public static String refusal(ClusterProvider provider, List<String> patterns) {
    return refusal(provider.id(), provider.identifiers(), patterns);
  }

  private static String refusal(String id, List<String> names, List<String> patterns) {
    for (String name : names) {
      if (name == null) {
        continue;
      }
      List<String> have = tokens(name);
      for (String p : patterns) {
        List<String> want = tokens(p);
        if (!want.isEmpty() && java.util.Collections.indexOfSubList(have, want) >= 0) {
          return "cluster " + id + " looks like production: '" + name + "' matches '" + p.trim()
              + "'; drills break things on purpose. Pass --allow-production (engine: rollbackdrill.allowProduction=true)"
              + " if you really mean it";
        }
      }
    }
    return null;
  }

  private static List<String> tokens(String s) {
    List<String> t = new ArrayList<>();
    for (String x : s.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
      if (!x.isEmpty()) {
        t.add(x);
      }
    }
    return t;
  }
}
