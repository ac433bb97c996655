package dev.rollbackdrill.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollbackdrill.history.DrillRecord;
import dev.rollbackdrill.scenario.Chaos;
import dev.rollbackdrill.scenario.ChaosKind;
import dev.rollbackdrill.timing.Phase;
import dev.rollbackdrill.timing.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** When injections begin, repeat and end, with fake injections: the order and the record, not the timing. */
class ChaosScheduleTest {

  private static final Ticker TICKER = System::nanoTime;

  /** Logs what the schedule asks of it. */
  private static final class Fake implements Injection {
    final Chaos spec;
    final List<String> calls = new CopyOnWriteArrayList<>();
    final boolean refuses;

    Fake(Chaos spec, boolean refuses) {
      this.spec = spec;
      this.refuses = refuses;
    }

    @Override
    public String begin() throws ChaosException {
      calls.add("begin");
      if (refuses) {
        throw new ChaosException(spec.kind().yamlName() + ": refused");
      }
      return spec.kind().yamlName() + " began";
    }

    @Override
    public String again() {
      calls.add("again");
      return null;
    }

    @Override
    public String end() {
      calls.add("end");
      return "";
    }

    @Override
    public String did() {
      return "did " + calls.stream().filter("again"::equals).count() + " more";
    }

    @Override
    public Chaos spec() {
      return spec;
    }
  }

  private static Chaos chaos(ChaosKind kind, Phase during, Duration lasts, Duration every) {
    return new Chaos(kind, during, Duration.ZERO, lasts, 1, null, false, every);
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(until);
      Thread.sleep(10);
    }
  }

  @Test
  void anInjectionBeginsInItsPhaseRepeatsAndEndsWhenItHasLasted() throws Exception {
    Fake kill = new Fake(chaos(ChaosKind.POD_KILL, Phase.HEALTHY, Duration.ofMillis(300), Duration.ofMillis(50)), false);
    List<String> said = new CopyOnWriteArrayList<>();
    ChaosSchedule schedule = new ChaosSchedule(List.of(kill), TICKER, said::add);

    schedule.phaseBegan(Phase.DEPLOY, TICKER.nanos());
    schedule.phaseBegan(Phase.TRIGGER, TICKER.nanos());
    Thread.sleep(100);
    assertThat(kill.calls).as("not its phase").isEmpty();
    schedule.phaseBegan(Phase.HEALTHY, TICKER.nanos());
    await(() -> kill.calls.contains("end"));

    assertThat(kill.calls.get(0)).isEqualTo("begin");
    assertThat(kill.calls).contains("again").endsWith("end");
    assertThat(said).contains("chaos pod-kill began").anyMatch(l -> l.startsWith("chaos pod-kill ended: did "));
    ChaosSchedule.Ended ended = schedule.endAll();
    assertThat(kill.calls.stream().filter("end"::equals)).as("ended once").hasSize(1);
    assertThat(ended.problem()).isNull();
    DrillRecord.ChaosRun run = ended.runs().get(0);
    assertThat(run.kind()).isEqualTo("pod-kill");
    assertThat(run.during()).isEqualTo("healthy");
    assertThat(run.beganNanos()).isPositive();
    assertThat(run.lastedNanos()).isGreaterThanOrEqualTo(Duration.ofMillis(300).toNanos());
  }

  @Test
  void theVerifyPhaseAndTheTeardownEndWhatIsStillRunning() throws Exception {
    Fake quota = new Fake(chaos(ChaosKind.QUOTA_SQUEEZE, Phase.TRIGGER, null, null), false);
    Fake never = new Fake(chaos(ChaosKind.CPU_PRESSURE, Phase.HEALTHY, null, null), false);
    ChaosSchedule schedule = new ChaosSchedule(List.of(quota, never), TICKER, l -> { });

    schedule.phaseBegan(Phase.TRIGGER, TICKER.nanos());
    await(() -> quota.calls.contains("begin"));
    schedule.phaseBegan(Phase.VERIFY, TICKER.nanos());
    await(() -> quota.calls.contains("end"));
    List<DrillRecord.ChaosRun> runs = schedule.endAll().runs();

    assertThat(never.calls).as("its phase never came, but it is ended all the same").containsExactly("end");
    assertThat(runs.get(1).did()).isEqualTo("never began");
    assertThat(runs.get(1).beganNanos()).isNull();
  }

  @Test
  void anInjectionThatCannotBeginFailsTheDrillNamingIt() throws Exception {
    Fake refused = new Fake(chaos(ChaosKind.QUOTA_SQUEEZE, Phase.TRIGGER, null, null), true);
    ChaosSchedule schedule = new ChaosSchedule(List.of(refused), TICKER, l -> { });

    schedule.phaseBegan(Phase.TRIGGER, TICKER.nanos());
    await(() -> schedule.failure() != null);

    assertThat(schedule.failure()).isEqualTo("chaos quota-squeeze: refused");
    assertThat(schedule.endAll().runs().get(0).did()).isEqualTo("not injected: quota-squeeze: refused");
  }

  @Test
  void withoutChaosNothingRuns() {
    ChaosSchedule none = ChaosSchedule.of(List.of(), null, TICKER, l -> { });
    none.phaseBegan(Phase.DEPLOY, 0);

    assertThat(none.endAll().runs()).isEmpty();
    assertThat(none.failure()).isNull();
  }

  /** A target on a cluster whose provider has {@code faults} (or none); nothing else is asked of it here. */
  private static ChaosTarget target(java.util.Optional<dev.rollbackdrill.cluster.ClusterFaults> faults) {
    return new ChaosTarget() {
      @Override
      public io.fabric8.kubernetes.client.KubernetesClient client() {
        throw new UnsupportedOperationException();
      }

      @Override
      public String namespace() {
        return "drill-demo";
      }

      @Override
      public String drillId() {
        return "d1";
      }

      @Override
      public String container() {
        return "demo";
      }

      @Override
      public List<io.fabric8.kubernetes.api.model.Pod> livePods(boolean candidate) {
        return List.of();
      }

      @Override
      public io.fabric8.kubernetes.api.model.apps.Deployment deployment() {
        throw new UnsupportedOperationException();
      }

      @Override
      public java.util.Optional<dev.rollbackdrill.cluster.ClusterFaults> faults() {
        return faults;
      }
    };
  }

  @Test
  void faultsBelowTheApiAreRefusedBeforeAnythingOnAClusterWhoseProviderCannotCauseThem() {
    Chaos api = chaos(ChaosKind.API_UNAVAILABLE, Phase.TRIGGER, Duration.ofSeconds(5), null);
    Chaos kill = chaos(ChaosKind.CONTAINER_KILL, Phase.HEALTHY, null, null);
    Chaos quota = chaos(ChaosKind.QUOTA_SQUEEZE, Phase.TRIGGER, null, null);

    assertThat(ChaosSchedule.of(List.of(quota, api), target(java.util.Optional.empty()), TICKER, s -> {}).unavailable())
        .isEqualTo("chaos api-unavailable: this cluster's provider cannot stop its API server; the local cluster can"
            + " (--cluster local)");
    assertThat(ChaosSchedule.of(List.of(kill), target(java.util.Optional.empty()), TICKER, s -> {}).unavailable())
        .startsWith("chaos container-kill: this cluster's provider cannot kill a container below the API");
    assertThat(ChaosSchedule.of(List.of(quota), target(java.util.Optional.empty()), TICKER, s -> {}).unavailable())
        .as("an injection made through the API needs no provider").isNull();
    dev.rollbackdrill.cluster.ClusterFaults local = new dev.rollbackdrill.cluster.ClusterFaults() {
      @Override
      public void killContainer(String containerId) {}

      @Override
      public void stopApiServer() {}

      @Override
      public void startApiServer() {}
    };
    assertThat(ChaosSchedule.of(List.of(kill, api), target(java.util.Optional.of(local)), TICKER, s -> {}).unavailable())
        .isNull();
  }
}
