package dev.rollbackdrill.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({
    "250ms, PT0.25S",
    "30s, PT30S",
    "2m, PT2M",
    "1m30s, PT1M30S",
    "1h, PT1H",
    "1.5s, PT1.5S",
    "1h2m3s4ms, PT1H2M3.004S",
    "0s, PT0S"
  })
  void parsesUnitsFromHoursDownToMilliseconds(String text, Duration expected) {
    assertThat(Durations.parse(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"s", "1x", "30 s", "1s1m", "1m1m", "-5s", "1.s", "1e3s", "PT30S", "1m30"})
  void rejectsAnythingElseShowingValidExamples(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "invalid duration '" + text + "'; write e.g. \"250ms\", \"30s\", \"2m\" or \"1m30s\"");
  }

  @Test
  void rejectsABareNumberSuggestingSeconds() {
    assertThatThrownBy(() -> Durations.parse("30"))
        .hasMessage("'30' has no unit; write e.g. \"30s\"");
    assertThatThrownBy(() -> Durations.parse("")).hasMessage("empty duration; write e.g. \"30s\"");
  }

  @Test
  void rejectsADurationTooLargeToRepresent() {
    assertThatThrownBy(() -> Durations.parse("99999999999h"))
        .hasMessage("duration '99999999999h' is too large");
  }

  @ParameterizedTest
  @CsvSource({
    "PT0S, 0ms",
    "PT0.25S, 250ms",
    "PT1S, 1s",
    "PT1.5S, 1.5s",
    "PT1.234S, 1.234s",
    "PT30S, 30s",
    "PT2M, 2m00s",
    "PT2M5S, 2m05s",
    "PT1H2M3.5S, 1h02m03.5s",
    "PT-1.5S, -1.5s"
  })
  void formatsCompactlyToTheMillisecond(Duration d, String expected) {
    assertThat(Durations.format(d)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 999, 1_000, 59_999, 60_000, 3_599_999, 3_600_000, 90_061_001})
  void readsBackWhatItFormats(long millis) {
    Duration d = Duration.ofMillis(millis);

    assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
  }
}
