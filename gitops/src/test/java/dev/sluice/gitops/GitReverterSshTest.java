package dev.sluice.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gitops.GitRevertOutcome.Phase;
import dev.sluice.gitops.GitRevertOutcome.Reason;
import dev.sluice.gitops.testing.GitFixture;
import dev.sluice.gitops.testing.GitSshServer;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Over SSH (JGit's Apache MINA SSHD transport) with host keys verified against the given known_hosts. */
@Tag("git")
class GitReverterSshTest {

  @TempDir
  Path tmp;
  GitFixture remote;
  GitSshServer server;
  KeyPair clientKey;

  @BeforeEach
  void setUp() throws Exception {
    remote = GitFixture.create(tmp.resolve("repos/gitops.git"));
    remote.commit("2.0", Map.of("apps/checkout/rollout.yaml", Manifests.rollout(GitReverterTest.STABLE)));
    remote.commit("3.0", Map.of("apps/checkout/rollout.yaml", Manifests.rollout(GitReverterTest.BAD)));
    clientKey = GitSshServer.newKeyPair();
    server = GitSshServer.start(tmp.resolve("repos"), clientKey.getPublic());
  }

  @AfterEach
  void tearDown() {
    server.close();
    remote.close();
  }

  GitRevertOutcome revert(GitCredentials credentials) {
    return new GitReverter(GitRevertSettings.DEFAULTS.withWorkDir(tmp.resolve("work"))
        .withTransportTimeout(Duration.ofSeconds(20)))
        .revert(GitRevertRequest.builder().repoURL(server.url("gitops.git")).path("apps/checkout")
            .credentials(credentials).rollout("shop", "checkout").badRevision("7d9f8c6b5")
            .changes(List.of(GitReverterTest.IMAGE)).build());
  }

  @Test
  void revertsOverSshWithAKnownHostKey() {
    String key = GitSshServer.openSshPrivateKey(clientKey);

    GitRevertOutcome outcome = revert(GitCredentials.ssh(key, null, server.knownHostsLine()));

    assertThat(outcome.phase()).as(outcome.message()).isEqualTo(Phase.Pushed);
    assertThat(remote.head().name()).isEqualTo(outcome.commit());
    assertThat(remote.read("apps/checkout/rollout.yaml")).isEqualTo(Manifests.rollout(GitReverterTest.STABLE));
  }

  @Test
  void revertsWithAnEd25519Key() throws Exception {
    KeyPair ed25519 = org.apache.sshd.common.config.keys.KeyUtils.generateKeyPair("ssh-ed25519", 256);
    server.close();
    server = GitSshServer.start(tmp.resolve("repos"), ed25519.getPublic());

    GitRevertOutcome outcome = revert(GitCredentials.ssh(GitSshServer.openSshPrivateKey(ed25519), null,
        server.knownHostsLine()));

    assertThat(outcome.phase()).as(outcome.message()).isEqualTo(Phase.Pushed);
    assertThat(server.successfulAuthentications()).isPositive();
  }

  @Test
  void unknownHostKeyIsRefusedBeforeAuthenticating() throws Exception {
    ObjectId before = remote.head();
    String someoneElse = server.knownHostsLine(GitSshServer.newKeyPair().getPublic());

    GitRevertOutcome outcome = revert(GitCredentials.ssh(GitSshServer.openSshPrivateKey(clientKey), null, someoneElse));

    assertThat(outcome.phase()).isEqualTo(Phase.Failed);
    assertThat(outcome.reason()).as(outcome.message()).isEqualTo(Reason.AuthenticationFailed);
    assertThat(server.successfulAuthentications()).isZero();
    assertThat(remote.head()).isEqualTo(before);
  }

  @Test
  void hostMissingFromKnownHostsIsRefused() {
    GitRevertOutcome outcome = revert(GitCredentials.ssh(GitSshServer.openSshPrivateKey(clientKey), null,
        "[otherhost]:22 " + server.knownHostsLine().split(" ", 2)[1]));

    assertThat(outcome.reason()).as(outcome.message()).isEqualTo(Reason.AuthenticationFailed);
    assertThat(server.successfulAuthentications()).isZero();
  }

  @Test
  void wrongClientKeyFailsWithoutLeakingIt() throws Exception {
    String wrongKey = GitSshServer.openSshPrivateKey(GitSshServer.newKeyPair());

    GitRevertOutcome outcome = revert(GitCredentials.ssh(wrongKey, null, server.knownHostsLine()));

    assertThat(outcome.reason()).as(outcome.message()).isEqualTo(Reason.AuthenticationFailed);
    wrongKey.lines().filter(l -> l.length() > 20 && !l.startsWith("-----"))
        .forEach(line -> assertThat(outcome.message()).doesNotContain(line));
  }
}
