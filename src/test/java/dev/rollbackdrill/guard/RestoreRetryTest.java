package dev.rollbackdrill.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollbackdrill.procedure.KnownGoodRestore;
import dev.rollbackdrill.procedure.ProcedureException;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A restore retries through an outage and gives up only when its budget is spent. */
class RestoreRetryTest {

  private final AtomicLong now = new AtomicLong();
  private final List<Long> slept = new ArrayList<>();
  private final List<String> told = new ArrayList<>();

  private String run(Duration budget, RestoreRetry.Attempt<String> attempt) throws Exception {
    return RestoreRetry.run(now::get, budget, millis -> {
      slept.add(millis);
      now.addAndGet(Duration.ofMillis(millis).toNanos());
    }, told::add, attempt);
  }

  @Test
  void retriesApiAndProcedureErrorsUntilTheAttemptGoesThrough() throws Exception {
    AtomicInteger calls = new AtomicInteger();

    String result = run(Duration.ofSeconds(30), () -> switch (calls.incrementAndGet()) {
      case 1, 2 -> throw new KubernetesClientException("Failed to connect: Connection refused");
      case 3 -> throw new ProcedureException("switching service/demo back to color=blue was not accepted: HTTP 409", "");
      default -> "done";
    });

    assertThat(result).isEqualTo("done");
    assertThat(calls).hasValue(4);
    assertThat(slept).containsExactly(500L, 1000L, 1500L);
    assertThat(told).hasSize(3).first().asString()
        .isEqualTo("restore attempt 1 failed (Failed to connect: Connection refused); retrying");
    assertThat(told.get(2)).contains("was not accepted: HTTP 409");
  }

  @Test
  void givesUpWithTheLastErrorOnceTheBudgetIsSpent() {
    AtomicInteger calls = new AtomicInteger();

    assertThatThrownBy(() -> run(Duration.ofSeconds(10), () -> {
      calls.incrementAndGet();
      throw new KubernetesClientException("still down");
    })).isInstanceOf(KubernetesClientException.class).hasMessage("still down");
    // 0.5 + 1 + 1.5 + 2 + 2.5 + 3 = 10.5 s of backoff: the seventh attempt is past the budget.
    assertThat(calls).hasValue(7);
    assertThat(RestoreRetry.backoffMillis(30)).isEqualTo(5_000);
  }

  @Test
  void anObjectThatIsGoneIsNotRetried() {
    AtomicInteger calls = new AtomicInteger();

    assertThatThrownBy(() -> run(Duration.ofSeconds(10), () -> {
      calls.incrementAndGet();
      throw new KnownGoodRestore.Gone("service ns/demo not found");
    })).isInstanceOf(KnownGoodRestore.Gone.class).hasMessage("service ns/demo not found");
    assertThat(calls).hasValue(1);
    assertThat(slept).isEmpty();
  }
}
