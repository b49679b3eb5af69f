package dev.sluice.operator.notifications.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.operator.notifications.services.VendorServer.Answer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each HTTP service against a local server answering as the vendor's API documentation says, 429s included. */
class HttpServicesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Notification notification(String recipient, Map<String, Object> parts) {
    var rendered = new java.util.LinkedHashMap<String, Object>(parts);
    rendered.put("message", "Rollout shop/checkout has been aborted: error-rate 0.4375\n");
    return new Notification(rendered, recipient, "svc");
  }

  private static JsonNode json(String body) throws Exception {
    return JSON.readTree(body);
  }

  @Test
  void webhookSendsTheTemplatesMethodPathBodyAndHeaders() throws Exception {
    try (var server = new VendorServer(Answer.of(204, ""))) {
      var service = new WebhookService("receiver", Map.of("url", server.url() + "/hooks",
          "headers", List.of(Map.of("name", "X-Token", "value", "t0k3n")), "basicAuth", Map.of("username", "u", "password", "p")),
          Map.of("trigger", "on-rollout-aborted"));
      service.send(notification("", Map.of("webhook", Map.of("receiver", Map.of("method", "put", "path", "/deploys/checkout",
          "body", "{\"state\":\"failure\"}")))));

      var request = server.received.get(0);
      assertThat(request.method()).isEqualTo("PUT");
      assertThat(request.path()).isEqualTo("/hooks/deploys/checkout");
      assertThat(request.body()).isEqualTo("{\"state\":\"failure\"}");
      assertThat(request.header("X-Token")).isEqualTo("t0k3n");
      assertThat(request.header("Authorization")).isEqualTo("Basic dTpw");
    }
  }

  @Test
  void webhookWithoutABodySendsAJsonSummary() throws Exception {
    try (var server = new VendorServer(Answer.of(200, "ok"))) {
      new WebhookService("receiver", Map.of("url", server.url()), Map.of("trigger", "on-rollout-aborted", "rollout", "checkout"))
          .send(notification("", Map.of()));
      var body = json(server.received.get(0).body());
      assertThat(body.get("trigger").asText()).isEqualTo("on-rollout-aborted");
      assertThat(body.get("rollout").asText()).isEqualTo("checkout");
      assertThat(body.get("message").asText()).contains("error-rate 0.4375");
    }
  }

  @Test
  void aFailureNamesTheHostNeverTheSecretPath() {
    try (var server = new VendorServer(Answer.of(503, "down"))) {
      var service = new WebhookService("receiver", Map.of("url", server.url() + "/services/T000/B000/s3cr3tPath"), Map.of());
      assertThatThrownBy(() -> service.send(notification("", Map.of())))
          .isInstanceOfSatisfying(DeliveryFailure.class, f -> assertThat(f.retryable()).isTrue())
          .hasMessage("HTTP 503 from 127.0.0.1");
    }
    try (var server = new VendorServer(Answer.of(404, "no"))) {
      assertThatThrownBy(() -> new WebhookService("r", Map.of("url", server.url()), Map.of()).send(notification("", Map.of())))
          .isInstanceOfSatisfying(DeliveryFailure.class, f -> assertThat(f.retryable()).isFalse());
    }
  }

  @Test
  void slackWebApiPostsToTheChannelAndReadsOkFalse() throws Exception {
    try (var server = new VendorServer(Answer.of(200, "{\"ok\":true,\"channel\":\"C1\",\"ts\":\"1.2\"}"),
        Answer.of(200, "{\"ok\":false,\"error\":\"channel_not_found\"}"))) {
      var slack = new SlackService("slack", Map.of("token", "xoxb-secret", "apiURL", server.url() + "/api", "username", "sluice"));
      slack.send(notification("deploys", Map.of("slack", Map.of("attachments", "[{\"title\":\"checkout\",\"color\":\"#E01E5A\"}]"))));

      var request = server.received.get(0);
      assertThat(request.path()).isEqualTo("/api/chat.postMessage");
      assertThat(request.header("Authorization")).isEqualTo("Bearer xoxb-secret");
      var body = json(request.body());
      assertThat(body.get("channel").asText()).isEqualTo("deploys");
      assertThat(body.get("text").asText()).contains("error-rate 0.4375");
      assertThat(body.get("attachments").get(0).get("color").asText()).isEqualTo("#E01E5A");

      assertThatThrownBy(() -> slack.send(notification("nowhere", Map.of())))
          .isInstanceOfSatisfying(DeliveryFailure.class, f -> assertThat(f.retryable()).isFalse())
          .hasMessageContaining("channel_not_found").hasMessageNotContaining("xoxb");
    }
  }

  @Test
  void slackRateLimitIsRetryableAfterItsRetryAfter() {
    try (var server = new VendorServer(new Answer(429, "", Map.of("Retry-After", "30")))) {
      var slack = new SlackService("slack", Map.of("token", "xoxb-secret", "apiURL", server.url()));
      assertThatThrownBy(() -> slack.send(notification("deploys", Map.of())))
          .isInstanceOfSatisfying(DeliveryFailure.class, f -> {
            assertThat(f.retryable()).isTrue();
            assertThat(f.retryAfter()).isEqualTo(Duration.ofSeconds(30));
          });
    }
  }

  @Test
  void slackIncomingWebhookPostsTheText() throws Exception {
    try (var server = new VendorServer(Answer.of(200, "ok"))) {
      new SlackService("slack", Map.of("webhookURL", server.url() + "/services/T/B/x")).send(notification("", Map.of()));
      assertThat(server.received.get(0).path()).isEqualTo("/services/T/B/x");
      assertThat(json(server.received.get(0).body()).get("text").asText()).contains("aborted");
    }
  }

  @Test
  void teamsPostsAMessageCardToTheRecipientsUrl() throws Exception {
    try (var server = new VendorServer(Answer.of(200, "1"), new Answer(429, "", Map.of("Retry-After", "2")))) {
      var teams = new TeamsService("teams", Map.of("recipientUrls", Map.of("ops-channel", server.url() + "/webhookb2/x")));
      teams.send(notification("ops-channel", Map.of("teams", Map.of("title", "Rollout aborted", "themeColor", "#E01E5A"))));
      var card = json(server.received.get(0).body());
      assertThat(card.get("@type").asText()).isEqualTo("MessageCard");
      assertThat(card.get("title").asText()).isEqualTo("Rollout aborted");
      assertThat(card.get("themeColor").asText()).isEqualTo("E01E5A");
      assertThat(card.get("text").asText()).contains("error-rate");

      assertThatThrownBy(() -> teams.send(notification("ops-channel", Map.of())))
          .isInstanceOfSatisfying(DeliveryFailure.class, f -> assertThat(f.retryAfter()).isEqualTo(Duration.ofSeconds(2)));
      assertThatThrownBy(() -> teams.send(notification("unknown", Map.of()))).hasMessageContaining("recipientUrls has no \"unknown\"");
    }
  }

  @Test
  void teamsRetriesAThrottledCardButNotARefusalWhoseIdHolds429() throws Exception {
    try (var server = new VendorServer(
        Answer.of(200, "Microsoft Teams endpoint returned HTTP error 429 with ContextId MS-CV=Qn6afVIGzEq1tHEeR6Ubqw.0.."),
        Answer.of(200, "Webhook message delivery failed with error: Microsoft Teams endpoint returned HTTP error 413 "
            + "with ContextId tcid=0,server=msgapi-production-eus-azsc2-4-429,cv=nJcxsVnD4Uy1a7zC42980Q.0.."))) {
      var teams = new TeamsService("teams", Map.of("recipientUrls", Map.of("ops-channel", server.url() + "/webhookb2/x")));
      assertThatThrownBy(() -> teams.send(notification("ops-channel", Map.of())))
          .isInstanceOfSatisfying(DeliveryFailure.class, f -> assertThat(f.retryable()).as("throttled").isTrue());
      assertThatThrownBy(() -> teams.send(notification("ops-channel", Map.of())))
          .isInstanceOfSatisfying(DeliveryFailure.class, f -> assertThat(f.retryable()).as("too large").isFalse());
    }
  }

  @Test
  void pagerDutyEnqueuesATriggerEvent() throws Exception {
    try (var server = new VendorServer(Answer.of(202, "{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"d1\"}"),
        new Answer(429, "{\"status\":\"throttle event\"}", Map.of()))) {
      var pd = new PagerDutyService("pagerdutyv2", Map.of("serviceKeys", Map.of("checkout", "R0UT1NGKEY"), "apiURL", server.url() + "/v2/enqueue"));
      pd.send(notification("checkout", Map.of("pagerdutyv2", Map.of("severity", "critical", "source", "shop/checkout"))));
      var event = json(server.received.get(0).body());
      assertThat(event.get("routing_key").asText()).isEqualTo("R0UT1NGKEY");
      assertThat(event.get("event_action").asText()).isEqualTo("trigger");
      assertThat(event.get("payload").get("severity").asText()).isEqualTo("critical");
      assertThat(event.get("payload").get("source").asText()).isEqualTo("shop/checkout");
      assertThat(event.get("payload").get("summary").asText()).contains("aborted");
      assertThatThrownBy(() -> pd.send(notification("checkout", Map.of())))
          .isInstanceOfSatisfying(DeliveryFailure.class, f -> assertThat(f.retryable()).isTrue()).hasMessageContaining("429");
    }
  }

  @Test
  void opsgenieCreatesAnAlertWithItsKey() throws Exception {
    try (var server = new VendorServer(Answer.of(202, "{\"result\":\"Request will be processed\",\"took\":0.302,\"requestId\":\"43a2\"}"))) {
      new OpsgenieService("opsgenie", Map.of("apiUrl", server.url(), "apiKeys", Map.of("payments", "g3n1e")))
          .send(notification("payments", Map.of()));
      var request = server.received.get(0);
      assertThat(request.path()).isEqualTo("/v2/alerts");
      assertThat(request.header("Authorization")).isEqualTo("GenieKey g3n1e");
      assertThat(json(request.body()).get("message").asText()).hasSizeLessThanOrEqualTo(130).startsWith("Rollout shop/checkout");
    }
  }

  @Test
  void grafanaAddsAnAnnotationWithTheRecipientsTags() throws Exception {
    try (var server = new VendorServer(Answer.of(200, "{\"message\":\"Annotation added\",\"id\":1}"))) {
      new GrafanaService("grafana", Map.of("apiUrl", server.url() + "/api", "apiKey", "glsa_x"),
          Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC)).send(notification("shop|checkout", Map.of()));
      var request = server.received.get(0);
      assertThat(request.path()).isEqualTo("/api/annotations");
      assertThat(request.header("Authorization")).isEqualTo("Bearer glsa_x");
      var body = json(request.body());
      assertThat(body.get("tags")).hasSize(2);
      assertThat(body.get("time").asLong()).isEqualTo(1_700_000_000_000L);
    }
  }
}
