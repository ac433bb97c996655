package dev.rollbackdrill.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SideBySideTest {

  @Test
  void callsRunAtOnceAndAnswerInTheOrderAsked() throws Exception {
    // Each call waits for the other to have begun: run one after the other, neither would finish.
    CountDownLatch both = new CountDownLatch(2);
    SideBySide.Call<String> first = () -> {
      both.countDown();
      return both.await(10, TimeUnit.SECONDS) ? "first" : "alone";
    };
    SideBySide.Call<String> second = () -> {
      both.countDown();
      return both.await(10, TimeUnit.SECONDS) ? "second" : "alone";
    };

    assertThat(SideBySide.all("test", List.of(first, second))).containsExactly("first", "second");
  }

  @Test
  void theFirstFailureInOrderIsThrownAsItWas() {
    IllegalStateException boom = new IllegalStateException("boom");
    List<SideBySide.Call<String>> calls = List.of(() -> "fine", () -> {
      throw boom;
    }, () -> {
      throw new IllegalArgumentException("later");
    });

    assertThatThrownBy(() -> SideBySide.all("test", calls)).isSameAs(boom);
  }

  @Test
  void aCheckedFailureIsTheCauseOfAnExecutionException() {
    IOException io = new IOException("disk");
    List<SideBySide.Call<String>> calls = List.of(() -> {
      throw io;
    }, () -> "fine");

    assertThatThrownBy(() -> SideBySide.all("test", calls)).isInstanceOf(ExecutionException.class).hasCause(io);
    assertThatThrownBy(() -> SideBySide.allUnchecked("test", calls)).isInstanceOf(IllegalStateException.class).hasCause(io);
  }

  @Test
  void aStartedReadAnswersWhenJoined() {
    assertThat(SideBySide.start("test", () -> "v1.20.2").join()).isEqualTo("v1.20.2");
  }
}
