package dev.sluice.operator.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pure rules of notifications: links, retries, the sent record, event identity, the trigger map. */
class SmallRulesTest {
  @Test
  void commitLinksForTheUsualRemotes() {
    String c = "abc123";
    assertThat(CommitLinks.of("https://github.com/acme/deploy.git", c)).isEqualTo("https://github.com/acme/deploy/commit/abc123");
    assertThat(CommitLinks.of("git@github.com:acme/deploy.git", c)).isEqualTo("https://github.com/acme/deploy/commit/abc123");
    assertThat(CommitLinks.of("ssh://git@gitlab.example.com:2222/acme/deploy.git", c))
        .isEqualTo("https://gitlab.example.com/acme/deploy/-/commit/abc123");
    assertThat(CommitLinks.of("https://user:token@git.example.com/acme/deploy", c))
        .isEqualTo("https://git.example.com/acme/deploy/commit/abc123");
    assertThat(CommitLinks.of("file:///tmp/repo", c)).isNull();
    assertThat(CommitLinks.of("/tmp/repo.git", c)).isNull();
    assertThat(CommitLinks.of("https://github.com/acme/deploy", null)).isNull();
  }

  @Test
  void retriesDoubleUpToTheMaximumAndHonourRetryAfter() {
    var policy = RetryPolicy.of(Map.of("retryMax", "4", "retryWaitMin", "200ms", "retryWaitMax", "1s"));
    assertThat(policy.retryMax()).isEqualTo(4);
    assertThat(policy.waitBefore(1, null)).isEqualTo(Duration.ofMillis(200));
    assertThat(policy.waitBefore(2, null)).isEqualTo(Duration.ofMillis(400));
    assertThat(policy.waitBefore(4, null)).isEqualTo(Duration.ofSeconds(1));
    assertThat(policy.waitBefore(2, Duration.ofSeconds(7))).isEqualTo(Duration.ofSeconds(7));
    assertThat(policy.waitBefore(2, Duration.ofHours(1))).isEqualTo(Duration.ofMinutes(5));
    assertThat(RetryPolicy.of(Map.of("retryMax", "1000")).retryMax()).isEqualTo(10);
    assertThat(RetryPolicy.of(Map.of("retryMax", "x"))).isEqualTo(RetryPolicy.DEFAULT);
  }

  @Test
  void theSentRecordKeepsTheNewestEntries() {
    Map<String, String> data = new LinkedHashMap<>();
    Instant t = Instant.parse("2026-12-05T00:00:00Z");
    for (int i = 0; i < SentRecord.MAX_ENTRIES + 5; i++) {
      data = SentRecord.with(data, "k" + i, t.plusSeconds(i));
    }
    assertThat(data).hasSize(SentRecord.MAX_ENTRIES).doesNotContainKey("k0").doesNotContainKey("k4").containsKey("k5")
        .containsKey("k" + (SentRecord.MAX_ENTRIES + 4));
    assertThat(SentRecord.key("e", "slack:ops", "t")).matches("[0-9a-f]{32}").isNotEqualTo(SentRecord.key("e", "slack:dev", "t"));
  }

  @Test
  void outboxEntriesAreNeverPrunedWithTheSentOnes() {
    Instant t = Instant.parse("2026-12-05T00:00:00Z");
    var pending = PendingEvent.of("shop", "checkout", "uid-1",
        new NotificationEvent(Triggers.ROLLOUT_ABORTED, "RolloutAborted", "x".repeat(5000), "id-1"), t);
    Map<String, String> data = new LinkedHashMap<>();
    data.put(SentRecord.pendingKey("id-1"), pending.toJson());
    for (int i = 0; i < SentRecord.MAX_ENTRIES + 5; i++) {
      data = SentRecord.with(data, "k" + i, t.plusSeconds(i));
    }
    assertThat(data).hasSize(SentRecord.MAX_ENTRIES + 1).containsKey("pending.id-1").doesNotContainKey("k4");
    var read = PendingEvent.fromJson(data.get("pending.id-1")).orElseThrow();
    assertThat(read).isEqualTo(pending);
    assertThat(read.message()).hasSize(PendingEvent.MAX_MESSAGE);
    assertThat(read.event().identity()).isEqualTo("id-1");
    assertThat(read.recorded()).isEqualTo(t);
    assertThat(PendingEvent.fromJson("{\"name\": \"checkout\"}")).isEmpty();
    assertThat(PendingEvent.fromJson("not json")).isEmpty();
  }

  @Test
  void theSameEventHasTheSameIdentityAndARetryANewOne() {
    var rollout = Samples.revertedRollout();
    var first = NotificationEvent.of(rollout, Triggers.ROLLOUT_ABORTED, "RolloutAborted", "m");
    assertThat(NotificationEvent.of(rollout, Triggers.ROLLOUT_ABORTED, "RolloutAborted", "m")).isEqualTo(first);
    rollout.getStatus().canary.attempt = 1;
    assertThat(NotificationEvent.of(rollout, Triggers.ROLLOUT_ABORTED, "RolloutAborted", "m").identity()).isNotEqualTo(first.identity());
  }

  @Test
  void eventReasonsMapToArgosTriggerNames() {
    assertThat(Triggers.ofReason("RolloutAborted")).contains("on-rollout-aborted");
    assertThat(Triggers.ofReason("StepCompleted")).contains("on-rollout-step-completed");
    assertThat(Triggers.ofReason("AnalysisRunFailed")).contains("on-analysis-run-failed");
    assertThat(Triggers.ofReason("GitRevertPushed")).contains("on-git-revert-pushed");
    assertThat(Triggers.ofReason("GitRevertFailed")).contains("on-git-revert-failed");
    assertThat(Triggers.ofReason("ReleaseRejected")).contains("on-release-rejected");
    assertThat(Triggers.ofReason("NotificationFailed")).isEmpty();
  }
}
