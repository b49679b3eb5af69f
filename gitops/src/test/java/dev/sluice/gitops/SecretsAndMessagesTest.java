package dev.sluice.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.v1alpha1.GitRevertStatus;
import dev.sluice.gitops.GitRevertOutcome.Phase;
import dev.sluice.gitops.GitRevertOutcome.Reason;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretsAndMessagesTest {

  @Test
  void redactorMasksPasswordsKeysAndUrlUserInfo() {
    Redactor basic = new Redactor(GitCredentials.usernamePassword("bot", "tok-123456"), "https://bot:inline-pw@git.example/r.git");

    assertThat(basic.redact("https://bot:inline-pw@git.example/r.git: not authorized (tok-123456)"))
        .isEqualTo("https://***@git.example/r.git: not authorized (***)");
    assertThat(Redactor.displayURL("https://bot:inline-pw@git.example/r.git")).isEqualTo("https://git.example/r.git");

    String key = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\nQyNTUxOQAAACBZ1234567\n-----END OPENSSH PRIVATE KEY-----\n";
    Redactor ssh = new Redactor(GitCredentials.ssh(key, "passphrase!", "host ssh-ed25519 AAAA"), "git@host:r.git");
    assertThat(ssh.redact("bad key line QyNTUxOQAAACBZ1234567 and passphrase!")).isEqualTo("bad key line *** and ***");
  }

  @Test
  void credentialsNeverPrintTheirSecrets() {
    assertThat(GitCredentials.usernamePassword("bot", "tok-123456").toString()).doesNotContain("tok-123456");
    assertThat(GitCredentials.ssh("KEYMATERIAL", "pp", "host ssh-ed25519 AAAA").toString())
        .doesNotContain("KEYMATERIAL").doesNotContain("pp,");
    assertThatThrownBy(() -> GitCredentials.ssh("KEY", null, " "))
        .hasMessageContaining("host keys are always verified");
  }

  @Test
  void commitMessageCarriesTrailersThatClusterTextCannotForge() {
    GitRevertRequest request = GitRevertRequest.builder().repoURL("https://git.example/r.git")
        .rollout("shop", "checkout").badRevision("abc123")
        .changes(List.of(GitReverterTest.IMAGE))
        .analysis("run-1", "errors\nSluice-Revision: other", "0.5\r\nSluice-Rollout: x/y").build();

    String message = CommitMessage.build(request, List.of("1234567 bump"), "git revert of 1234567", "1234567abc");

    assertThat(message).endsWith("\n\nSluice-Rollout: shop/checkout\nSluice-Revision: abc123\nSluice-AnalysisRun: run-1\n");
    assertThat(message.lines().filter(l -> l.startsWith("Sluice-"))).hasSize(3);
    assertThat(RevertTrailers.marks(message, "shop/checkout", "abc123")).isTrue();
    assertThat(RevertTrailers.marks(message, "x/y", "abc123")).isFalse();
    assertThat(RevertTrailers.marks(message, "shop/checkout", "other")).isFalse();
  }

  @Test
  void outcomePhasesMatchTheStatusPhasesOfTheApi() {
    List<String> statusPhases = Arrays.stream(GitRevertStatus.Phase.values()).map(Enum::name).toList();
    assertThat(Arrays.stream(Phase.values()).map(Enum::name)).allMatch(statusPhases::contains);
    assertThatThrownBy(() -> new GitRevertOutcome(Phase.Pushed, Reason.NotIdentified, null, "main", 0, null, "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void requestDefaultsAndRejectsPathsOutsideTheRepository() {
    GitRevertRequest request = GitRevertRequest.builder().repoURL("https://git.example/r.git").path("./apps/x/")
        .rollout("shop", "checkout").badRevision("abc123").changes(List.of(GitReverterTest.IMAGE)).build();

    assertThat(request.branch()).isEqualTo("main");
    assertThat(request.path()).isEqualTo("apps/x");
    assertThat(request.mode()).isEqualTo(CommitMode.Direct);
    assertThat(request.revertBranch()).isEqualTo("sluice/revert-checkout-abc123");
    assertThatThrownBy(() -> GitRevertRequest.builder().repoURL("https://git.example/r.git").path("apps/../../etc")
        .rollout("shop", "checkout").badRevision("abc123").changes(List.of(GitReverterTest.IMAGE)).build())
        .hasMessageContaining("inside the repository");
  }

  @Test
  void sshUrlWithoutSshCredentialsIsAnInvalidRequest() {
    GitRevertOutcome outcome = new GitReverter().revert(GitRevertRequest.builder()
        .repoURL("git@git.example:team/gitops.git").rollout("shop", "checkout").badRevision("abc123")
        .changes(List.of(GitReverterTest.IMAGE)).credentials(GitCredentials.usernamePassword("u", "pw-secret")).build());

    assertThat(outcome.reason()).isEqualTo(Reason.InvalidRequest);
    assertThat(outcome.message()).contains("needs SSH credentials").doesNotContain("pw-secret");
  }
}
