package dev.rollbackdrill.scenario;

import dev.rollbackdrill.canary.CanaryCriteria;
import dev.rollbackdrill.yaml.YamlReader;
import dev.rollbackdrill.yaml.YamlReader.Field;
import dev.rollbackdrill.yaml.YamlReader.Section;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads the {@code canary-analysis} fields of a scenario's {@code detect:} section ({@link
 * CanaryRule}) with the scenario's reader: the endpoints and port sampled, the sampling rate, and
 * the criteria, each with its default; the window ({@code detect.over}) must hold at least {@code
 * minSamples} samples per track at that rate, or the analysis could only ever be inconclusive.
 */
final class CanaryRuleReader {

  static final List<String> KEYS =
      List.of("endpoints", "port", "rate", "latencyRatio", "quantile", "alpha", "errorMargin", "minSamples", "requestTimeout");
  private static final Pattern NUMBER = Pattern.compile("[0-9]+(\\.[0-9]+)?");
  private static final String ONLY = "only allowed when detect.type is canary-analysis";

  private final YamlReader yaml;
  private final ScenarioReader scenario;

  CanaryRuleReader(YamlReader yaml, ScenarioReader scenario) {
    this.yaml = yaml;
    this.scenario = scenario;
  }

  /** The detect section's keys and this reader's. */
  static List<String> withKeys(List<String> detectKeys) {
    List<String> all = new ArrayList<>(detectKeys);
    all.addAll(KEYS);
    return List.copyOf(all);
  }

  /**
   * The rule, when {@code canary}; with {@code allowed} false every canary field is refused. {@code
   * over} is the window the scenario gave ({@code overField} where), null when it gave none.
   */
  CanaryRule read(Section s, boolean allowed, boolean canary, Field overField, Duration over) {
    List<String> endpoints = endpoints(s.pick("endpoints", allowed, canary ? "required when detect.type is canary-analysis"
        : null, ONLY));
    Integer port = yaml.integer(s.pick("port", allowed, canary ? "required when detect.type is canary-analysis" : null,
        ONLY), 1, 65535);
    Double rate = scenario.rate(s.pick("rate", allowed, null, ONLY));
    Double ratio = number(s.pick("latencyRatio", allowed, null, ONLY), 1, 1000, "more than 1 and at most 1000");
    Double quantile = quantile(s.pick("quantile", allowed, null, ONLY));
    Double alpha = number(s.pick("alpha", allowed, null, ONLY), 0, 0.5, "more than 0 and less than 0.5");
    Double margin = scenario.percent(s.pick("errorMargin", allowed, null, ONLY));
    Field minField = s.pick("minSamples", allowed, null, ONLY);
    Integer min = yaml.integer(minField, 5, 1_000_000);
    Duration timeout = scenario.duration(s.pick("requestTimeout", allowed, null, ONLY));
    if (!canary) {
      return null;
    }
    CanaryCriteria d = CanaryCriteria.DEFAULTS;
    CanaryCriteria criteria = new CanaryCriteria(ratio == null ? d.latencyRatio() : ratio,
        quantile == null ? d.quantile() : quantile, alpha == null ? d.alpha() : alpha,
        margin == null ? d.errorRateMargin() : margin, min == null ? d.minSamples() : min);
    double perSecond = rate == null ? CanaryRule.DEFAULT_RATE : rate;
    if (over != null) {
      long samples = (long) Math.floor(perSecond * over.toNanos() / 1e9);
      if (samples < criteria.minSamples()) {
        yaml.problem(overField, String.format(Locale.ROOT, "a %s window at %s per track holds %d samples per track,"
            + " fewer than minSamples %d: the analysis could only be inconclusive; make detect.over longer or"
            + " detect.rate higher", Durations.format(over), rateText(perSecond), samples, criteria.minSamples()));
      }
    }
    return new CanaryRule(endpoints == null ? List.of() : endpoints, port == null ? 0 : port, perSecond,
        timeout == null ? Duration.ofSeconds(2) : timeout, criteria);
  }

  private List<String> endpoints(Field f) {
    List<Field> items = yaml.list(f, "a list of paths such as [/, /checkout]");
    if (items == null) {
      return null;
    }
    if (items.isEmpty()) {
      yaml.problem(f, "must name at least one path");
    }
    List<String> paths = new ArrayList<>();
    for (Field item : items) {
      String p = yaml.text(item);
      if (p != null && !p.startsWith("/")) {
        yaml.problem(item, "must start with '/', got '" + YamlReader.clip(p) + "'");
      } else if (p != null && paths.contains(p)) {
        yaml.problem(item, "'" + YamlReader.clip(p) + "' is listed twice");
      } else if (p != null) {
        paths.add(p);
      }
    }
    return paths;
  }

  /** {@code p50}, {@code p99.9}: a quantile strictly between 0 and 1. */
  private Double quantile(Field f) {
    String text = scenario.scalarText(f, "a quantile such as \"p50\" or \"p99\"");
    if (text == null) {
      return null;
    }
    Double q = Quantities.quantile(text);
    if (q == null) {
      yaml.problem(f, "expected a quantile such as \"p50\" or \"p99\" (p1 to p99.9...), got '" + YamlReader.clip(text) + "'");
      return null;
    }
    return q;
  }

  private Double number(Field f, double above, double atMost, String rule) {
    if (f == null) {
      return null;
    }
    String text = f.node() instanceof ScalarNode n && (Tag.INT.equals(n.getTag()) || Tag.FLOAT.equals(n.getTag()))
        && NUMBER.matcher(n.getValue()).matches() ? n.getValue() : null;
    if (text == null) {
      yaml.problem(f, "expected a number such as 2 or 0.01, got " + YamlReader.describe(f.node()));
      return null;
    }
    double v = Double.parseDouble(text);
    if (!(v > above && (atMost == 0.5 ? v < atMost : v <= atMost))) {
      yaml.problem(f, "must be " + rule + ", got " + YamlReader.clip(text));
      return null;
    }
    return v;
  }

  private static String rateText(double perSecond) {
    return java.math.BigDecimal.valueOf(perSecond).stripTrailingZeros().toPlainString() + "/s";
  }
}
