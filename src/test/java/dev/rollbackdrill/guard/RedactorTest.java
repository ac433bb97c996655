package dev.rollbackdrill.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What counts as a secret, and how it is masked. */
class RedactorTest {

  @Test
  void environmentVariablesWhoseNamesLookSecretAreSecrets() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("GITHUB_TOKEN", "ghp_abcdef123456");
    env.put("DB_PASSWORD", "hunter2-longer");
    env.put("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG");
    env.put("api_key", "k-0123456789");
    env.put("GOOGLE_APPLICATION_CREDENTIALS", "/secrets/sa.json");
    env.put("PATH", "/usr/local/bin:/usr/bin");
    env.put("HOME", "/root");
    env.put("KUBECONFIG", "/root/.kube/config");

    assertThat(Redactor.secretEnvironmentValues(env)).containsExactly("ghp_abcdef123456", "hunter2-longer",
        "wJalrXUtnFEMI/K7MDENG", "k-0123456789", "/secrets/sa.json");
  }

  @Test
  void everyOccurrenceIsMaskedLongestFirstAndShortValuesAreLeftAlone() {
    Redactor r = Redactor.of(List.of("ghp_abcdef123456", "abcdef", "on", "ghp_abcdef123456-suffix"));

    assertThat(r.redact("token ghp_abcdef123456-suffix and ghp_abcdef123456, abcdef; flag on"))
        .isEqualTo("token *** and ***, ***; flag on");
    assertThat(r.redact(null)).isNull();
  }
}
