package dev.sluice.operator.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.operator.notifications.Subscriptions.Destination;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubscriptionsTest {
  private final NotificationsConfig config = ConfigParser.parse(Map.of(
      "defaultTriggers", "[on-rollout-aborted, on-git-revert-pushed]",
      "subscriptions", "- recipients: [slack:payments-alerts]\n  triggers: [on-rollout-aborted]\n  selector: team=payments\n"),
      Map.of());

  @Test
  void anAnnotationSubscribesOneTriggerToAServiceWithRecipients() {
    var annotations = Map.of(
        "notifications.sluice.dev/subscribe.on-rollout-aborted.slack", "ops;dev-team",
        "notifications.sluice.dev/subscribe.on-rollout-completed.email", "a@example.com",
        "notifications.sluice.dev/subscribe.on-rollout-aborted.receiver", "");

    assertThat(Subscriptions.of("on-rollout-aborted", annotations, Map.of(), config)).containsExactlyInAnyOrder(
        new Destination("slack", "ops"), new Destination("slack", "dev-team"), new Destination("receiver", ""));
    assertThat(Subscriptions.of("on-rollout-completed", annotations, Map.of(), config))
        .containsExactly(new Destination("email", "a@example.com"));
    assertThat(Subscriptions.of("on-rollout-paused", annotations, Map.of(), config)).isEmpty();
  }

  @Test
  void anAnnotationWithoutTriggerTakesTheDefaultTriggers() {
    var annotations = Map.of("notifications.sluice.dev/subscribe.email", "oncall@example.com");
    assertThat(Subscriptions.of("on-git-revert-pushed", annotations, Map.of(), config))
        .containsExactly(new Destination("email", "oncall@example.com"));
    assertThat(Subscriptions.of("on-rollout-step-completed", annotations, Map.of(), config)).isEmpty();
  }

  @Test
  void argosAnnotationPrefixIsReadToo() {
    var annotations = Map.of("notifications.argoproj.io/subscribe.on-rollout-aborted.slack", "ops");
    assertThat(Subscriptions.of("on-rollout-aborted", annotations, Map.of(), config)).containsExactly(new Destination("slack", "ops"));
  }

  @Test
  void aConfigMapSubscriptionReachesTheRolloutsItsSelectorMatches() {
    assertThat(Subscriptions.of("on-rollout-aborted", Map.of(), Map.of("team", "payments"), config))
        .containsExactly(new Destination("slack", "payments-alerts"));
    assertThat(Subscriptions.of("on-rollout-aborted", Map.of(), Map.of("team", "search"), config)).isEmpty();
  }
}
