package dev.rollbackdrill.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollbackdrill.load.LoadGenerator.Sample;
import dev.rollbackdrill.timing.Ticker;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LoadGeneratorTest {

  @Test
  void everyRequestIsSettledOnceAndTheTotalsAgreeWithTheSamples() throws Exception {
    AtomicInteger n = new AtomicInteger();
    // 200, 500, an exception, and no answer at all (times out), in turn
    LoadGenerator.Sender sender = () -> switch (n.getAndIncrement() % 4) {
      case 0 -> CompletableFuture.completedFuture(LoadGenerator.Answer.of(200));
      case 1 -> CompletableFuture.supplyAsync(() -> new LoadGenerator.Answer(500, "demo-1"));
      case 2 -> CompletableFuture.failedFuture(new IllegalStateException("connection refused"));
      default -> new CompletableFuture<>();
    };
    LoadGenerator load = new LoadGenerator(sender, Ticker.system(), 200, Duration.ofMillis(50), Duration.ofSeconds(10), 40)
        .start();
    Thread.sleep(400);
    LoadGenerator.Totals totals = load.stop();

    assertThat(totals.sent()).isEqualTo(40);
    assertThat(totals.succeeded()).isEqualTo(10);
    assertThat(totals.failed()).isEqualTo(30);
    assertThat(totals.succeeded() + totals.failed()).isEqualTo(totals.sent()); // nothing in flight
    assertThat(load.samples()).hasSize(40);
    assertThat(load.samples()).filteredOn(s -> s.error() != null && s.error().startsWith("no answer within 50 ms"))
        .hasSize(10);
    assertThat(load.samples()).isSortedAccordingTo((a, b) -> Long.compare(a.startNanos(), b.startNanos()));
  }

  @Test
  void stopsByItselfAfterItsMaximumDuration() throws Exception {
    LoadGenerator load = new LoadGenerator(() -> CompletableFuture.completedFuture(LoadGenerator.Answer.of(200)), Ticker.system(), 100,
        Duration.ofSeconds(1), Duration.ofMillis(200), Long.MAX_VALUE).start();
    Thread.sleep(600);
    long sent = load.totals().sent();
    Thread.sleep(200);

    assertThat(sent).isBetween(1L, 20L).isEqualTo(load.totals().sent());
    load.stop();
  }

  @Test
  void keepsTheScheduleWhenAnswersAreSlow() throws Exception {
    // Open loop: answers that take a second do not hold back the next request.
    LoadGenerator load = new LoadGenerator(
        () -> CompletableFuture.supplyAsync(() -> LoadGenerator.Answer.of(200),
            CompletableFuture.delayedExecutor(1, java.util.concurrent.TimeUnit.SECONDS)),
        Ticker.system(), 50, Duration.ofSeconds(3), Duration.ofSeconds(10), 10).start();
    Thread.sleep(500);

    assertThat(load.totals()).isEqualTo(new LoadGenerator.Totals(10, 0, 0)); // all sent, none answered yet
    assertThat(load.stop().succeeded()).isEqualTo(10);
  }

  @Test
  void errorRateCrossesAtTheAnswerThatTippedIt() {
    LoadGenerator.ErrorRateWindow w = new LoadGenerator.ErrorRateWindow(0.05, 10_000, 10);
    for (int i = 0; i < 20; i++) {
      w.add(new Sample(i * 100, i * 100 + 5, 200, null));
    }
    w.add(new Sample(2000, 2005, 500, null)); // 1 of 21: 4.8%, not above 5%
    assertThat(w.crossed()).isNotDone();
    w.add(new Sample(2100, 2107, 503, null)); // 2 of 22: 9.1%

    assertThat(w.crossed()).isCompletedWithValue(2107L);
  }

  @Test
  void errorRateForgetsAnswersOlderThanTheWindowAndIgnoresSmallWindows() {
    LoadGenerator.ErrorRateWindow w = new LoadGenerator.ErrorRateWindow(0.05, 1_000, 10);
    w.add(new Sample(0, 1, 500, null)); // one failure alone is no rate
    assertThat(w.crossed()).isNotDone();
    for (int i = 0; i < 20; i++) {
      w.add(new Sample(2000 + i, 2001 + i, 200, null)); // the failure has left the window
    }
    assertThat(w.crossed()).isNotDone();
    assertThat(w.describe()).isEqualTo("highest error rate 0.0% (0 of 10)");
  }

  @Test
  void awaitErrorRateTimesOutNamingTheHighestRateSeen() {
    LoadGenerator load = new LoadGenerator(() -> CompletableFuture.completedFuture(LoadGenerator.Answer.of(200)), Ticker.system(), 100,
        Duration.ofSeconds(1), Duration.ofSeconds(10), 1000).start();
    try {
      assertThatThrownBy(() -> load.awaitErrorRate(0.05, Duration.ofSeconds(1), 10, Duration.ofMillis(400)))
          .isInstanceOf(TimeoutException.class)
          .hasMessageStartingWith("highest error rate 0.0% (0 of ");
    } finally {
      load.stop();
    }
  }

  @Test
  void awaitErrorRateReturnsOnceFailuresPassTheThreshold() throws Exception {
    AtomicInteger n = new AtomicInteger();
    long before = Ticker.system().nanos();
    LoadGenerator load = new LoadGenerator(
        () -> CompletableFuture.completedFuture(LoadGenerator.Answer.of(n.incrementAndGet() > 15 ? 500 : 200)), Ticker.system(), 100,
        Duration.ofSeconds(1), Duration.ofSeconds(10), 1000).start();
    try {
      long at = load.awaitErrorRate(0.05, Duration.ofSeconds(5), 10, Duration.ofSeconds(5));
      assertThat(load.samples()).filteredOn(s -> !s.ok()).isNotEmpty();
      assertThat(at).isGreaterThan(before);
    } finally {
      load.stop();
    }
  }
}
