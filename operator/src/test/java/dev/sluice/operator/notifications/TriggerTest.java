package dev.sluice.operator.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A trigger's conditions as Argo Rollouts runs them when the trigger's Event is recorded: each condition sends its
 * templates when its {@code when} is true for what templates see, or always when it has no {@code when}; one that
 * cannot be evaluated sends nothing and says why.
 */
class TriggerTest {
  private static final String TRIGGER = """
      - send: [always]
      - when: rollout.metadata.labels.team == 'payments'
        send: [payments, always]
      - when: rollout.status.abort and event.reason == 'RolloutAborted'
        oncePer: rollout.status.currentPodHash
        send: [aborted]
      - when: revert.commit startsWith '3f2c'
        send: [reverted]
      """;

  private static Trigger parse(String trigger) {
    NotificationsConfig config = ConfigParser.parse(Map.of("trigger.on-rollout-aborted", trigger), Map.of());
    assertThat(config.problems()).isEmpty();
    return config.triggers().get(Triggers.ROLLOUT_ABORTED);
  }

  private static Map<String, Object> seen(Map<String, String> labels) {
    var rollout = Samples.revertedRollout();
    rollout.getMetadata().setLabels(labels);
    var event = NotificationEvent.of(rollout, Triggers.ROLLOUT_ABORTED, "RolloutAborted", "aborted");
    return NotificationData.of(rollout, List.of(Samples.failedRun()), event, Map.of());
  }

  @Test
  void eachConditionSendsWhenItsWhenIsTrueAndOneWithoutWhenAlways() {
    Trigger trigger = parse(TRIGGER);

    Trigger.Outcome payments = trigger.run(seen(Map.of("team", "payments")));
    assertThat(payments.errors()).isEmpty();
    assertThat(payments.templates()).containsExactly("always", "payments", "aborted", "reverted");

    Trigger.Outcome search = trigger.run(seen(Map.of("team", "search")));
    assertThat(search.errors()).isEmpty();
    assertThat(search.templates()).containsExactly("always", "aborted", "reverted");

    // A label the Rollout lacks is nil: not 'payments', not an error, as in Argo.
    Trigger.Outcome unlabelled = trigger.run(seen(Map.of("app", "checkout")));
    assertThat(unlabelled.errors()).isEmpty();
    assertThat(unlabelled.templates()).containsExactly("always", "aborted", "reverted");
  }

  @Test
  void noLabelsAtAllIsAnErrorAsInArgoUnlessTheWhenAsksFirst() {
    // The Rollout has no labels map: expr-lang cannot read team from nil, and Argo sends nothing.
    Trigger.Outcome unguarded = parse(TRIGGER).run(seen(null));
    assertThat(unguarded.templates()).containsExactly("always", "aborted", "reverted");
    assertThat(unguarded.errors()).singleElement().asString().contains("cannot read 'team' from nil");

    Trigger guarded = parse("""
        - when: rollout.metadata.labels != nil and rollout.metadata.labels.team == 'payments'
          send: [payments]
        """);
    assertThat(guarded.run(seen(null))).isEqualTo(new Trigger.Outcome(List.of(), List.of()));
    assertThat(guarded.run(seen(Map.of("team", "payments"))).templates()).containsExactly("payments");
  }

  @Test
  void aConditionThatCannotBeEvaluatedSendsNothingAndSaysWhy() {
    Trigger trigger = parse("""
        - when: rollout.spec.strategy.canary.steps == nil
          send: [broken]
        - when: rollout.metadata.name > 3
          send: [typed]
        - when: rollout.metadata.name == 'checkout'
          send: [fine]
        """);

    Trigger.Outcome outcome = trigger.run(seen(Map.of()));

    assertThat(outcome.templates()).containsExactly("fine");
    assertThat(outcome.errors()).hasSize(2);
    assertThat(outcome.errors().get(0)).startsWith("condition 1 (when: rollout.spec.strategy.canary.steps == nil) could not be"
        + " evaluated: cannot read 'canary' from nil").endsWith("it sends nothing");
    assertThat(outcome.errors().get(1)).startsWith("condition 2 (when: rollout.metadata.name > 3) could not be evaluated");
  }

  @Test
  void aWhenThatDoesNotParseRefusesTheTriggerByName() {
    NotificationsConfig config = ConfigParser.parse(Map.of(
        "trigger.on-rollout-aborted", "- when: rollout.status.phase == 'Degraded\n  send: [t]\n",
        "trigger.on-rollout-paused", "- when: app.status.sync.status == 'Unknown'\n  send: [t]\n",
        "trigger.on-rollout-completed", "- send: [t]\n"), Map.of());

    assertThat(config.triggers()).containsOnlyKeys(Triggers.ROLLOUT_COMPLETED);
    assertThat(config.problemWith("trigger.on-rollout-aborted")).get().asString()
        .startsWith("trigger.on-rollout-aborted: condition 1: when: not Argo Rollouts' expression language");
    assertThat(config.problemWith("trigger.on-rollout-paused")).get().asString().contains("unknown name app");
  }
}
