package dev.sluice.operator.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigParserTest {
  /** examples/notifications: its ConfigMap parses, with the Secret, without a problem; each subscription has its service. */
  @Test
  @SuppressWarnings("unchecked")
  void theExampleIsAWorkingConfiguration() throws Exception {
    var yaml = new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());
    Map<String, Map<String, Object>> byKind = new java.util.HashMap<>();
    try (var parser = yaml.getFactory().createParser(
        dev.sluice.testing.RepoPaths.resolve("examples/notifications/notifications.yaml").toFile())) {
      yaml.readValues(parser, Map.class).readAll().forEach(o -> byKind.put(String.valueOf(o.get("kind")), o));
    }
    var config = ConfigParser.parse(Catalog.under((Map<String, String>) byKind.get("ConfigMap").get("data")),
        (Map<String, String>) byKind.get("Secret").get("stringData"));
    assertThat(config.problems()).isEmpty();
    assertThat(config.services()).containsKeys("slack", "oncall", "deploy-log", "github");
    var metadata = (Map<String, Object>) byKind.get("Rollout").get("metadata");
    for (String trigger : Triggers.all()) {
      Subscriptions.of(trigger, (Map<String, String>) metadata.get("annotations"), (Map<String, String>) metadata.get("labels"),
          config).forEach(d -> assertThat(config.services()).as(trigger).containsKey(d.service()));
    }
    assertThat(Subscriptions.of(Triggers.GIT_REVERT_PUSHED, (Map<String, String>) metadata.get("annotations"),
        (Map<String, String>) metadata.get("labels"), config)).extracting(Subscriptions.Destination::service)
        .contains("github", "oncall", "deploy-log");

    // Its trigger condition: the payments Rollout aborted by its analysis also gets payments-page; without the
    // failed analysis, or without labels, only the ready-made message (and no error).
    var rollout = new com.fasterxml.jackson.databind.ObjectMapper().convertValue(byKind.get("Rollout"),
        dev.sluice.api.v1alpha1.Rollout.class);
    rollout.setStatus(Samples.revertedRollout().getStatus());
    var event = NotificationEvent.of(rollout, Triggers.ROLLOUT_ABORTED, "RolloutAborted", "aborted");
    Trigger aborted = config.triggers().get(Triggers.ROLLOUT_ABORTED);
    assertThat(aborted.run(NotificationData.of(rollout, List.of(Samples.failedRun()), event, config.context())))
        .isEqualTo(new Trigger.Outcome(List.of("rollout-aborted", "payments-page"), List.of()));
    assertThat(aborted.run(NotificationData.of(rollout, List.of(), event, config.context())))
        .isEqualTo(new Trigger.Outcome(List.of("rollout-aborted"), List.of()));
    rollout.getMetadata().setLabels(null);
    assertThat(aborted.run(NotificationData.of(rollout, List.of(Samples.failedRun()), event, config.context())))
        .isEqualTo(new Trigger.Outcome(List.of("rollout-aborted"), List.of()));
  }

  @Test
  void readsArgosLayoutAndResolvesSecretReferences() {
    var config = ConfigParser.parse(Map.of(
        "service.slack", "token: $slack-token\nusername: sluice\n",
        "service.webhook.receiver", "url: http://hooks.local/in\nheaders:\n- name: Authorization\n  value: Bearer $hook-token\n",
        "template.my", "message: hello {rollout.metadata.name}\nemail:\n  subject: hi\n",
        "trigger.on-rollout-aborted", "- send: [my]\n- send: [my, other]\n",
        "defaultTriggers", "- on-rollout-aborted\n",
        "defaultTriggers.slack", "[on-rollout-completed]",
        "subscriptions", "- recipients: [slack:ops, email:oncall@example.com]\n  triggers: [on-rollout-aborted]\n  selector: team=payments\n",
        "context", "argoUrl: https://sluice.example.com\n"),
        Map.of("slack-token", "xoxb-1", "hook-token", "s3cret"));

    assertThat(config.problems()).isEmpty();
    assertThat(config.services().get("slack").type()).isEqualTo("slack");
    assertThat(config.services().get("slack").string("token")).isEqualTo("xoxb-1");
    var hook = config.services().get("receiver");
    assertThat(hook.type()).isEqualTo("webhook");
    assertThat(hook.settings().get("headers")).isEqualTo(List.of(Map.of("name", "Authorization", "value", "Bearer s3cret")));
    assertThat(config.templates().get("my").get("message")).isEqualTo("hello {rollout.metadata.name}");
    assertThat(config.triggers().get("on-rollout-aborted").templates()).containsExactly("my", "other");
    assertThat(config.defaultTriggersFor("webhook")).containsExactly("on-rollout-aborted");
    assertThat(config.defaultTriggersFor("slack")).containsExactly("on-rollout-completed");
    assertThat(config.subscriptions()).singleElement().satisfies(s -> {
      assertThat(s.recipients()).containsExactly("slack:ops", "email:oncall@example.com");
      assertThat(s.selector()).containsEntry("team", "payments");
    });
    assertThat(config.context()).containsEntry("argoUrl", "https://sluice.example.com");
  }

  @Test
  void aBadKeyIsNamedAndTheRestStillWorks() {
    var config = ConfigParser.parse(Map.of(
        "service.slack", "token: $missing-key\n",
        "template.broken", "message: [unclosed\n",
        "trigger.on-x", "- send: [t]\n- when: rollout.spec.replicas >\n  send: [t]\n",
        "whatever", "x",
        "service.webhook.ok", "url: http://ok.local/\n"),
        Map.of("other", "v3ry-s3cret"));

    assertThat(config.services()).containsOnlyKeys("ok");
    assertThat(config.problems()).hasSize(4)
        .anySatisfy(p -> assertThat(p).startsWith("service.slack: ").contains("$missing-key is not a key"))
        .anySatisfy(p -> assertThat(p).startsWith("template.broken: not valid YAML"))
        .anySatisfy(p -> assertThat(p).startsWith("trigger.on-x: condition 2: when: not Argo Rollouts' expression language"))
        .anySatisfy(p -> assertThat(p).startsWith("whatever: unknown key"));
    assertThat(String.join("\n", config.problems())).doesNotContain("v3ry-s3cret");
  }

  @Test
  void aHugeValueIsRefused() {
    var config = ConfigParser.parse(Map.of("template.big", "message: " + "x".repeat(ConfigParser.MAX_VALUE_CHARS + 1)), Map.of());
    assertThat(config.templates()).isEmpty();
    assertThat(config.problems()).singleElement().asString().contains("longer than");
  }

  @Test
  void theCatalogHasATriggerAndTemplateForEveryTrigger() {
    var config = ConfigParser.parse(Catalog.entries(), Map.of());
    assertThat(config.problems()).isEmpty();
    for (String trigger : Triggers.all()) {
      assertThat(config.triggers()).containsKey(trigger);
      config.triggers().get(trigger).templates().forEach(t -> assertThat(config.templates()).containsKey(t));
    }
  }

  @Test
  void theConfigMapReplacesACatalogEntry() {
    var config = ConfigParser.parse(Catalog.under(Map.of("template.rollout-aborted", "message: mine\n")), Map.of());
    assertThat(config.templates().get("rollout-aborted")).isEqualTo(Map.of("message", "mine"));
    assertThat(config.templates()).containsKey("git-revert-pushed");
  }
}
