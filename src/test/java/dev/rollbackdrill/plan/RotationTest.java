package dev.rollbackdrill.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RotationTest {

  private final Rotation rotation = new Rotation(YearMonth.of(2026, 12), List.of("alice", "bob", "carol"),
      Map.of(YearMonth.of(2027, 1), "dave"));

  @Test
  void theRosterTakesTurnsMonthByMonthFromStart() {
    assertThat(rotation.executorFor(YearMonth.of(2026, 12))).isEqualTo("alice");
    assertThat(rotation.executorFor(YearMonth.of(2027, 2))).isEqualTo("carol");
    assertThat(rotation.executorFor(YearMonth.of(2027, 3))).isEqualTo("alice");
    assertThat(rotation.executorFor(YearMonth.of(2028, 12))).isEqualTo("alice");
  }

  @Test
  void anOverrideReplacesOneMonthWithoutShiftingTheOthers() {
    assertThat(rotation.executorFor(YearMonth.of(2027, 1))).isEqualTo("dave");
    assertThat(rotation.executorFor(YearMonth.of(2027, 2))).isEqualTo("carol");
  }

  @Test
  void monthsBeforeTheStartContinueTheRotationBackwards() {
    assertThat(rotation.executorFor(YearMonth.of(2026, 11))).isEqualTo("carol");
    assertThat(rotation.executorFor(YearMonth.of(2026, 10))).isEqualTo("bob");
  }

  @Test
  void anEmptyRosterIsRefused() {
    assertThatThrownBy(() -> new Rotation(YearMonth.of(2026, 12), List.of(), Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
