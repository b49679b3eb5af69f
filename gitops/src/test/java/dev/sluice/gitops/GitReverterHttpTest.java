package dev.sluice.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gitops.GitRevertOutcome.Phase;
import dev.sluice.gitops.GitRevertOutcome.Reason;
import dev.sluice.gitops.testing.GitFixture;
import dev.sluice.gitops.testing.GitHttpServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against C Git's smart-HTTP backend with basic authentication, on a loopback port. */
@Tag("git")
class GitReverterHttpTest {

  static final String PASSWORD = "s3cr3t-t0ken-value";
  static final ValueChange IMAGE = GitReverterTest.IMAGE;

  @TempDir
  Path tmp;
  GitFixture remote;
  GitHttpServer server;

  @BeforeEach
  void setUp() {
    remote = GitFixture.create(tmp.resolve("repos/gitops.git"));
    remote.commit("2.0", Map.of("apps/checkout/rollout.yaml", Manifests.rollout(GitReverterTest.STABLE)));
    remote.commit("3.0", Map.of("apps/checkout/rollout.yaml", Manifests.rollout(GitReverterTest.BAD)));
    server = GitHttpServer.start(tmp.resolve("repos"), "sluice", PASSWORD);
  }

  @AfterEach
  void tearDown() {
    server.close();
    remote.close();
  }

  GitRevertRequest request(String url, GitCredentials credentials) {
    return GitRevertRequest.builder().repoURL(url).path("apps/checkout").credentials(credentials)
        .rollout("shop", "checkout").badRevision("7d9f8c6b5").changes(List.of(IMAGE))
        .analysis("checkout-7d9f8c6b5-1", "error-rate", "0.12").build();
  }

  GitReverter reverter() {
    return new GitReverter(GitRevertSettings.DEFAULTS.withWorkDir(tmp.resolve("work"))
        .withTransportTimeout(Duration.ofSeconds(20)));
  }

  @Test
  void revertsOverAuthenticatedSmartHttp() {
    GitRevertOutcome outcome = reverter().revert(
        request(server.url("gitops.git"), GitCredentials.usernamePassword("sluice", PASSWORD)));

    assertThat(outcome.phase()).as(outcome.message()).isEqualTo(Phase.Pushed);
    assertThat(outcome.reason()).isEqualTo(Reason.RevertedCommit);
    assertThat(remote.head().name()).isEqualTo(outcome.commit());
    assertThat(remote.read("apps/checkout/rollout.yaml")).isEqualTo(Manifests.rollout(GitReverterTest.STABLE));
    assertThat(server.unauthorizedRequests()).as("the server did ask for credentials").isPositive();
    assertThat(outcome.message()).doesNotContain(PASSWORD);
  }

  @Test
  void wrongPasswordFailsClearlyWithoutLeakingIt() {
    ObjectId before = remote.head();
    String wrong = "wr0ng-pa55word-value";

    GitRevertOutcome outcome = reverter().revert(
        request(server.url("gitops.git"), GitCredentials.usernamePassword("sluice", wrong)));

    assertThat(outcome.phase()).isEqualTo(Phase.Failed);
    assertThat(outcome.reason()).isEqualTo(Reason.AuthenticationFailed);
    assertThat(outcome.message()).startsWith("authentication to " + server.url("gitops.git") + " failed")
        .doesNotContain(wrong).doesNotContain(PASSWORD);
    assertThat(outcome.attempts()).isZero();
    assertThat(remote.head()).isEqualTo(before);
    assertThat(server.servedRequests()).isZero();
  }

  @Test
  void passwordInTheUrlIsNeverShown() {
    String wrong = "inl1ne-pa55word";
    String url = server.url("gitops.git").replace("http://", "http://sluice:" + wrong + "@");

    GitRevertOutcome outcome = reverter().revert(request(url, GitCredentials.anonymous()));

    assertThat(outcome.phase()).isEqualTo(Phase.Failed);
    assertThat(outcome.reason()).isEqualTo(Reason.AuthenticationFailed);
    assertThat(outcome.message()).doesNotContain(wrong).doesNotContain("sluice:");
  }

  @Test
  void unreachableServerIsATransportErrorWithinTheTimeout() {
    String url = server.url("gitops.git");
    server.close();

    GitRevertOutcome outcome = reverter().revert(request(url, GitCredentials.usernamePassword("sluice", PASSWORD)));

    assertThat(outcome.phase()).isEqualTo(Phase.Failed);
    assertThat(outcome.reason()).as(outcome.message()).isEqualTo(Reason.TransportError);
    assertThat(outcome.message()).doesNotContain(PASSWORD);
  }

  /**
   * The server accepts the push but answers after the client stopped waiting (a slow pre-receive hook): the push
   * is recorded as what Git holds, Pushed, with exactly one revert commit.
   */
  @Test
  void aPushWhoseAnswerIsLostButLandedIsRecordedAsPushed() throws Exception {
    Path hook = remote.directory().resolve("hooks/pre-receive");
    java.nio.file.Files.createDirectories(hook.getParent());
    java.nio.file.Files.writeString(hook, "#!/bin/sh\ncat >/dev/null\nsleep 13\nexit 0\n");
    hook.toFile().setExecutable(true);
    ObjectId release = remote.head();
    GitReverter reverter = new GitReverter(GitRevertSettings.DEFAULTS.withWorkDir(tmp.resolve("work"))
        .withTransportTimeout(Duration.ofSeconds(1)).withBackoff(Duration.ofMillis(100), Duration.ofMillis(200)));

    GitRevertOutcome outcome = reverter.revert(request(server.url("gitops.git"),
        GitCredentials.usernamePassword("sluice", PASSWORD)));

    assertThat(outcome.phase()).as(outcome.message()).isEqualTo(Phase.Pushed);
    assertThat(outcome.message()).contains("no answer").contains("transport timeout 1s").doesNotContain("Read timed out after");
    Thread.sleep(15_000); // any later push still held by the hook ends now
    assertThat(remote.head().name()).isEqualTo(outcome.commit());
    assertThat(remote.parse(remote.head()).getParent(0).getId()).as("exactly one revert commit").isEqualTo(release);
    assertThat(remote.read("apps/checkout/rollout.yaml")).isEqualTo(Manifests.rollout(GitReverterTest.STABLE));
  }
}
