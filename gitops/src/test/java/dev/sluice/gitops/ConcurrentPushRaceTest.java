package dev.sluice.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gitops.GitRevertOutcome.Phase;
import dev.sluice.gitops.testing.GitFixture;
import dev.sluice.gitops.testing.GitHttpServer;
import dev.sluice.gitops.testing.RacingPusher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Ten writers push to the branch while the revert is pushed: it lands once, and nobody's commit is lost. */
@Tag("git")
class ConcurrentPushRaceTest {

  static final int PUSHERS = 10;
  static final int COMMITS_PER_PUSHER = 5;

  @TempDir
  Path tmp;

  @Test
  @Timeout(value = 240, unit = TimeUnit.SECONDS)
  void revertLandsExactlyOnceAndEveryOtherCommitSurvives() throws Exception {
    try (GitFixture remote = GitFixture.create(tmp.resolve("repos/gitops.git"));
        GitHttpServer server = GitHttpServer.start(tmp.resolve("repos"), "sluice", "race-pass")) {
      remote.commit("2.0", Map.of("apps/checkout/rollout.yaml", Manifests.rollout(GitReverterTest.STABLE)));
      RevCommit release = remote.commit("3.0",
          Map.of("apps/checkout/rollout.yaml", Manifests.rollout(GitReverterTest.BAD)));
      String url = server.url("gitops.git");
      var credentials = new UsernamePasswordCredentialsProvider("sluice", "race-pass");

      List<RacingPusher> pushers = new ArrayList<>();
      for (int i = 0; i < PUSHERS; i++) {
        pushers.add(new RacingPusher("pusher" + i, url, credentials, tmp.resolve("pushers/" + i)));
      }
      AtomicInteger landedAfterRevertStarted = new AtomicInteger();
      AtomicBoolean revertStarted = new AtomicBoolean();
      CountDownLatch someLanded = new CountDownLatch(PUSHERS / 2);
      ExecutorService pool = Executors.newFixedThreadPool(PUSHERS);
      try {
        List<Future<?>> running = new ArrayList<>();
        for (RacingPusher pusher : pushers) {
          running.add(pool.submit(() -> {
            for (int n = 0; n < COMMITS_PER_PUSHER; n++) {
              pusher.pushOne(200);
              someLanded.countDown();
              if (revertStarted.get()) {
                landedAfterRevertStarted.incrementAndGet();
              }
              Thread.sleep(ThreadLocalRandom.current().nextLong(0, 100)); // think time, as CI jobs have
            }
            return null;
          }));
        }
        assertThat(someLanded.await(120, TimeUnit.SECONDS)).isTrue();
        GitReverter reverter = new GitReverter(GitRevertSettings.DEFAULTS.withWorkDir(tmp.resolve("work"))
            .withMaxPushAttempts(30).withBackoff(Duration.ofMillis(20), Duration.ofSeconds(1))
            .withDeadline(Duration.ofSeconds(150)));
        revertStarted.set(true);
        GitRevertOutcome outcome = reverter.revert(GitRevertRequest.builder().repoURL(url).path("apps/checkout")
            .credentials(GitCredentials.usernamePassword("sluice", "race-pass")).rollout("shop", "checkout")
            .badRevision("7d9f8c6b5").changes(List.of(GitReverterTest.IMAGE)).analysis("run-1", "errors", "0.3")
            .build());
        for (Future<?> future : running) {
          future.get(180, TimeUnit.SECONDS);
        }

        assertThat(outcome.phase()).as(outcome.message()).isEqualTo(Phase.Pushed);
        List<RevCommit> history = remote.log();
        assertThat(history).filteredOn(c -> c.getFullMessage().contains("Sluice-Revision: 7d9f8c6b5"))
            .extracting(RevCommit::name).containsExactly(outcome.commit());
        List<ObjectId> allPushed = pushers.stream().flatMap(p -> p.pushed().stream()).toList();
        assertThat(allPushed).hasSize(PUSHERS * COMMITS_PER_PUSHER);
        assertThat(history).extracting(RevCommit::getId).containsAll(allPushed);
        assertThat(history).hasSize(2 + allPushed.size() + 1);
        for (int i = 0; i < PUSHERS; i++) {
          for (int n = 1; n <= COMMITS_PER_PUSHER; n++) {
            assertThat(remote.read("pusher" + i + "/" + n + ".txt")).isEqualTo("pusher" + i + "/" + n + ".txt\n");
          }
        }
        assertThat(remote.read("apps/checkout/rollout.yaml")).isEqualTo(Manifests.rollout(GitReverterTest.STABLE));
        RevCommit revert = remote.parse(ObjectId.fromString(outcome.commit()));
        assertThat(revert.getParentCount()).isEqualTo(1);
        assertThat(revert.getParent(0)).as("pushers landed commits before the revert").isNotEqualTo(release);
        System.out.printf("race: %d pusher commits (%d while the revert ran, %d after it), %d pusher rejections,"
            + " revert pushed at attempt %d%n", allPushed.size(), landedAfterRevertStarted.get(),
            history.indexOf(revert), pushers.stream().mapToInt(RacingPusher::rejections).sum(), outcome.attempts());
      } finally {
        pool.shutdownNow();
        pushers.forEach(RacingPusher::close);
      }
    }
  }
}
