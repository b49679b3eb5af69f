package dev.sluice.operator.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateRendererTest {
  private final TemplateRenderer renderer = new TemplateRenderer();
  private final NotificationsConfig catalog = ConfigParser.parse(Catalog.entries(), Map.of());

  private Map<String, Object> data(String trigger, String reason, String message) {
    var rollout = Samples.revertedRollout();
    var data = NotificationData.of(rollout, List.of(Samples.failedRun()), NotificationEvent.of(rollout, trigger, reason, message),
        Map.of("env", "prod"));
    data.put("recipient", "ops");
    return data;
  }

  @Test
  void theAbortTemplateNamesTheFailedMetricAndItsValues() throws Exception {
    var rendered = renderer.render("rollout-aborted", catalog.templates().get("rollout-aborted"),
        data(Triggers.ROLLOUT_ABORTED, "RolloutAborted", "analysis checkout-6d4f9b7c8-2 Failed: metric error-rate failed"));

    assertThat(String.valueOf(rendered.get("message")))
        .startsWith("Rollout shop/checkout has been aborted: analysis checkout-6d4f9b7c8-2 Failed")
        .contains("Metric error-rate of checkout-6d4f9b7c8-2 was Failed with value 0.4375 (values: 0.02, 0.31, 0.4375).");
    assertThat(((Map<?, ?>) rendered.get("email")).get("subject")).isEqualTo("Rollout checkout has been aborted");
  }

  @Test
  void theRevertTemplateNamesTheCommitAndItsLink() throws Exception {
    var rendered = renderer.render("git-revert-pushed", catalog.templates().get("git-revert-pushed"),
        data(Triggers.GIT_REVERT_PUSHED, "GitRevertPushed", "revision 6d4f9b7c8 reverted by commit " + Samples.COMMIT + " on main"));

    assertThat(String.valueOf(rendered.get("message"))).contains("commit " + Samples.COMMIT + " on main")
        .contains("(https://github.com/acme/deploy/commit/" + Samples.COMMIT + ")");
    // Slack's attachments are JSON once rendered, whatever the message holds.
    String attachments = String.valueOf(((Map<?, ?>) rendered.get("slack")).get("attachments"));
    assertThat(new ObjectMapper().readTree(attachments).get(0).get("title_link").asText())
        .isEqualTo("https://github.com/acme/deploy/commit/" + Samples.COMMIT);
  }

  @Test
  void aGithubPartDefaultsToTheGitOpsRepositoryAndTheReleaseCommitAndReadsAnnotations() throws Exception {
    var data = data(Triggers.GIT_REVERT_PUSHED, "GitRevertPushed", "reverted");
    var rendered = renderer.render("t", dev.sluice.operator.notifications.services.GitHubService.withDefaults(
        Map.of("message", "m", "github", Map.of("status", Map.of("state", "failure")))), data);
    var github = (Map<?, ?>) rendered.get("github");
    assertThat(github.get("repoURLPath")).isEqualTo("git@github.com:acme/deploy.git");
    assertThat(github.get("revisionPath")).isEqualTo(Samples.RELEASE_COMMIT);
    assertThat(github.get("status")).isEqualTo(Map.of("state", "failure"));

    var rollout = Samples.revertedRollout();
    rollout.getMetadata().setAnnotations(Map.of("ci.example.com/commit", "abc1234"));
    var fromCi = NotificationData.of(rollout, List.of(), NotificationEvent.of(rollout, Triggers.ROLLOUT_COMPLETED,
        "RolloutCompleted", "done"), Map.of());
    var explicit = renderer.render("t", dev.sluice.operator.notifications.services.GitHubService.withDefaults(Map.of("github",
        Map.of("revisionPath", "{rollout.metadata.annotations.get('ci.example.com/commit')}"))), fromCi);
    assertThat(((Map<?, ?>) explicit.get("github")).get("revisionPath")).isEqualTo("abc1234");
  }

  @Test
  void aMissingValueRendersEmptyAndJsonEscapes() throws Exception {
    var rendered = renderer.render("t", Map.of("message", "[{nothing.here}] {recipient} {context.env}",
        "webhook", Map.of("r", Map.of("body", "{\"m\": {event.message.json}}"))),
        data(Triggers.ROLLOUT_ABORTED, "RolloutAborted", "a \"quoted\"\nmessage"));

    assertThat(rendered.get("message")).isEqualTo("[] ops prod");
    var body = new ObjectMapper().readTree(String.valueOf(((Map<?, ?>) ((Map<?, ?>) rendered.get("webhook")).get("r")).get("body")));
    assertThat(body.get("m").asText()).isEqualTo("a \"quoted\"\nmessage");
  }

  @Test
  void aTemplateThatDoesNotParseNamesItself() {
    assertThatThrownBy(() -> renderer.render("broken", Map.of("message", "{#if x}unclosed"), Map.of()))
        .isInstanceOf(TemplateRenderer.Unrenderable.class).hasMessageStartingWith("template broken does not render");
  }
}
