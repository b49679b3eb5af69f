package dev.sluice.operator.gitrevert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.gitops.GitCredentials;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretCredentialsTest {
  static Secret secret(String... keyValues) {
    Map<String, String> data = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      data.put(keyValues[i], Base64.getEncoder().encodeToString(keyValues[i + 1].getBytes(StandardCharsets.UTF_8)));
    }
    return new SecretBuilder().withNewMetadata().withName("git").endMetadata().withData(data).build();
  }

  @Test
  void usernameAndPasswordOrToken() throws Exception {
    assertThat(SecretCredentials.from(secret("username", "bot", "password", "s3cret")))
        .isEqualTo(GitCredentials.usernamePassword("bot", "s3cret"));
    assertThat(SecretCredentials.from(secret("token", "t0ken")))
        .isEqualTo(GitCredentials.usernamePassword(null, "t0ken"));
  }

  @Test
  void sshNeedsKnownHosts() throws Exception {
    assertThat(SecretCredentials.from(secret("sshPrivateKey", "KEY", "knownHosts", "git.example ssh-ed25519 AAAA")))
        .isEqualTo(GitCredentials.ssh("KEY", null, "git.example ssh-ed25519 AAAA"));
    assertThatThrownBy(() -> SecretCredentials.from(secret("sshPrivateKey", "PRIVATE-KEY-MATERIAL")))
        .hasMessageContaining("knownHosts").hasMessageNotContaining("PRIVATE-KEY-MATERIAL");
  }

  @Test
  void aSecretWithoutUsableKeysIsExplainedWithoutItsValues() {
    assertThatThrownBy(() -> SecretCredentials.from(secret("user", "bot", "pass", "hunter2")))
        .isInstanceOf(SecretCredentials.Unusable.class)
        .hasMessageContaining("\"git\"").hasMessageContaining("password").hasMessageNotContaining("hunter2");
  }
}
