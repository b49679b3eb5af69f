package dev.sluice.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.sluice.gitops.GitRevertOutcome.Phase;
import dev.sluice.gitops.GitRevertOutcome.Reason;
import dev.sluice.gitops.testing.GitFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bounded work: hostile YAML in the repository, a job that never ends, a work directory that cannot be written. */
class RevertLimitsTest {

  static final String STABLE = GitReverterTest.STABLE;
  static final String BAD = GitReverterTest.BAD;

  @TempDir
  Path tmp;
  GitFixture remote;

  @BeforeEach
  void setUp() {
    remote = GitFixture.create(tmp.resolve("remote.git"));
  }

  @AfterEach
  void tearDown() {
    remote.close();
  }

  GitRevertSettings settings() {
    return GitRevertSettings.DEFAULTS.withWorkDir(tmp.resolve("work")).withBackoff(Duration.ofMillis(5), Duration.ofMillis(20));
  }

  GitRevertRequest request() {
    return GitRevertRequest.builder().repoURL(remote.fileUrl()).path("apps/checkout").rollout("shop", "checkout")
        .badRevision("7d9f8c6b5").stableRevision("5c4b3a2f1").changes(List.of(GitReverterTest.IMAGE))
        .author(new CommitAuthor("Sluice Bot", "sluice@example.com")).build();
  }

  /** 16 levels of 3 aliases (48, under SnakeYAML's limit of 50): a few hundred bytes that expand to 3^16 nodes. */
  static String aliasBomb(String extra) {
    StringBuilder yaml = new StringBuilder("a0: &a0 [x, y, z]\n");
    for (int level = 1; level <= 16; level++) {
      String previous = "*a" + (level - 1);
      yaml.append('a').append(level).append(": &a").append(level).append(" [").append(previous).append(", ")
          .append(previous).append(", ").append(previous).append("]\n");
    }
    return yaml.append(extra).toString();
  }

  @Test
  void nestedAliasesEndQuicklyWithAClearReasonAndChangeNothing() {
    String bomb = aliasBomb("image: " + BAD + "\n");
    assertThat(bomb.length()).isLessThan(600);
    remote.commit("2.0", Map.of("apps/checkout/rollout.yaml", Manifests.rollout(STABLE)));
    RevCommit head = remote.commit("3.0", Map.of("apps/checkout/rollout.yaml", Manifests.rollout(BAD),
        "apps/checkout/values.yaml", bomb));

    GitRevertOutcome outcome = assertTimeoutPreemptively(Duration.ofSeconds(20),
        () -> new GitReverter(settings()).revert(request()));

    assertThat(outcome.reason()).as(outcome.message()).isEqualTo(Reason.NotIdentified);
    assertThat(outcome.message()).contains("apps/checkout/values.yaml mentions " + BAD)
        .contains("its aliases expand to more than");
    assertThat(remote.head()).isEqualTo(head);
  }

  @Test
  void nestedAliasesThatDoNotMentionTheReleaseDoNotStopTheRevert() {
    remote.commit("2.0", Map.of("apps/checkout/rollout.yaml", Manifests.rollout(STABLE),
        "apps/checkout/values.yaml", aliasBomb("")));
    remote.commit("3.0", Map.of("apps/checkout/rollout.yaml", Manifests.rollout(BAD)));

    GitRevertOutcome outcome = assertTimeoutPreemptively(Duration.ofSeconds(20),
        () -> new GitReverter(settings()).revert(request()));

    assertThat(outcome.phase()).as(outcome.message()).isEqualTo(Phase.Pushed);
    assertThat(remote.read("apps/checkout/rollout.yaml")).isEqualTo(Manifests.rollout(STABLE));
  }

  @Test
  void aSelfReferencingAliasIsCutNotFollowed() {
    ManifestFile file = ManifestFile.read("apps/checkout/loop.yaml", "loop: &l [*l, x]\n".getBytes());
    assertThat(file.documents()).isEmpty();
    assertThat(file.parseError()).isNotNull();
  }

  @Test
  void aJobPastItsDeadlineEndsFailedAndNeverPushesAfterwards() throws Exception {
    remote.commit("2.0", Map.of("apps/checkout/rollout.yaml", Manifests.rollout(STABLE)));
    ObjectId head = remote.commit("3.0", Map.of("apps/checkout/rollout.yaml", Manifests.rollout(BAD)));
    GitReverter stuck = new GitReverter(settings().withDeadline(Duration.ofSeconds(2)), attempt -> Thread.sleep(6_000));

    long started = System.nanoTime();
    GitRevertOutcome outcome = stuck.revert(request());
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(outcome.phase()).isEqualTo(Phase.Failed);
    assertThat(outcome.reason()).isEqualTo(Reason.DeadlineExceeded);
    assertThat(outcome.message()).contains("2s deadline").contains("nothing was pushed");
    assertThat(took).isLessThan(Duration.ofSeconds(5));
    Thread.sleep(6_000); // the abandoned work wakes up: it must not push
    assertThat(remote.head()).isEqualTo(head);
  }

  @Test
  void aWorkDirectoryThatCannotBeWrittenIsNamedAndRetried() throws IOException {
    remote.commit("2.0", Map.of("apps/checkout/rollout.yaml", Manifests.rollout(STABLE)));
    ObjectId head = remote.commit("3.0", Map.of("apps/checkout/rollout.yaml", Manifests.rollout(BAD)));
    Path notADirectory = Files.writeString(tmp.resolve("work-is-a-file"), "x");

    GitRevertOutcome outcome = new GitReverter(settings().withWorkDir(notADirectory)).revert(request());

    assertThat(outcome.reason()).as(outcome.message()).isEqualTo(Reason.LocalStorageError);
    assertThat(outcome.message()).contains("work directory " + notADirectory).contains("tried 3 times")
        .doesNotContain("cannot reach");
    assertThat(remote.head()).isEqualTo(head);
  }

  @Test
  void aFullDiskIsALocalCauseNotAnUnreachableRemote() {
    Exception full = new TransportException("http://git.example/r.git: cannot write pack",
        new IOException("No space left on device"));
    assertThat(Failures.classify(full)).isEqualTo(Reason.LocalStorageError);
    assertThat(Failures.classify(new TransportException("http://git.example/r.git: Connection refused")))
        .isEqualTo(Reason.TransportError);
  }

  @Test
  void aTimeoutNamesTheConfiguredTimeoutAndTheRealWait() {
    assertThat(PushTimeouts.describe("http://git.example/r.git: Read timed out after 150,000 ms", Duration.ofSeconds(15),
        Duration.ofMillis(150_020)))
        .isEqualTo("http://git.example/r.git: read timed out (transport timeout 15s; no answer after 2m30s)");
    assertThat(PushTimeouts.describe("Read timed out after 15,000 ms", Duration.ofSeconds(15), null))
        .isEqualTo("read timed out (transport timeout 15s)");
  }
}
