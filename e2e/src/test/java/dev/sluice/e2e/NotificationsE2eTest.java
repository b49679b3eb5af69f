package dev.sluice.e2e;

import static dev.sluice.e2e.GitRevertChecks.PASSWORD;
import static dev.sluice.e2e.GitRevertChecks.USER;
import static dev.sluice.e2e.GitRevertChecks.createCredentials;
import static dev.sluice.e2e.GitRevertChecks.gitRevert;
import static dev.sluice.e2e.GitRevertChecks.hold;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.analysis.testing.PrometheusServer;
import dev.sluice.gitops.testing.GitFixture;
import dev.sluice.gitops.testing.GitHttpServer;
import dev.sluice.testing.Eventually;
import dev.sluice.testing.GitHubApiServer;
import dev.sluice.testing.KubernetesExtension;
import dev.sluice.testing.OperatorProcess;
import dev.sluice.testing.SmtpServer;
import dev.sluice.testing.TestCluster;
import dev.sluice.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the on-call engineer sees when Sluice reverts a release: a canary fails its analysis (real Prometheus), the
 * revert is pushed to a real Git server, and the two notifications subscribed to (on-rollout-aborted,
 * on-git-revert-pushed) arrive once each at a webhook receiver and through a real SMTP server (aiosmtpd, STARTTLS and
 * a login required), with the failed metric's value and the revert commit in their text. GitHub (a local server with
 * GitHub's REST shapes) gets a failure status on the release commit and a comment on its pull request, from the
 * ready-made template. A webhook that is down is retried once, then reported by a NotificationFailed Event and the
 * failed count. The tokens the services use come from the notifications Secret and appear nowhere a user reads: the
 * operator's log, Events, status. A trigger's {@code when:} (Argo's expression language) sends for the Rollout it
 * matches and not for another.
 */
@Tag("cluster")
@Tag("prometheus")
@Tag("git")
@Tag("smtp")
@ExtendWith(KubernetesExtension.class)
class NotificationsE2eTest {
  static final String FILE = "apps/web/rollout.yaml";
  static final String SMTP_USER = "sluice-mailer";
  static final String SMTP_PASSWORD = "smtp-pa55-n0t-to-be-logged";
  static final String WEBHOOK_TOKEN = "webhook-t0ken-n0t-to-be-logged";
  static final String GITHUB_TOKEN = "github_pat_n0t-to-be-logged";
  /** A webhook URL's path is often its secret (Slack's, Teams'): it must not show in a failure either. */
  static final String SECRET_PATH = "/hooks/T000/s3cr3t-path";

  @TempDir
  static Path tmp;
  static GitHttpServer git;
  static SmtpServer smtp;
  static WebhookReceiver receiver;
  static WebhookReceiver down;
  static GitHubApiServer github;

  static final String ROLLOUT = """
      apiVersion: sluice.dev/v1alpha1
      kind: Rollout
      metadata:
        name: web
        annotations:
          notifications.sluice.dev/subscribe.on-rollout-aborted.deploy-log: ""
          notifications.sluice.dev/subscribe.on-git-revert-pushed.deploy-log: ""
          notifications.sluice.dev/subscribe.on-rollout-aborted.oncall: oncall@example.com
          notifications.sluice.dev/subscribe.on-git-revert-pushed.oncall: oncall@example.com
          notifications.sluice.dev/subscribe.on-git-revert-pushed.github: ""
          notifications.sluice.dev/subscribe.on-rollout-aborted.broken: ""
      spec:
        replicas: 4
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec: {containers: [{name: web, image: "registry.example/web:%s"}]}
        strategy:
          canary:
            canaryService: web-canary
            stableService: web-stable
            abortScaleDownDelaySeconds: 1
            scaleDownDelaySeconds: 1
            trafficRouting: {gatewayAPI: {httpRoute: web}}
            steps:
            - setWeight: 25
            - analysis: {templates: [{templateName: error-rate}]}
            - setWeight: 75
        gitRevert:
          enabled: true
          repoURL: %s
          path: apps/web
          secretRef: {name: git-credentials}
      """;

  static final String TEMPLATE = """
      apiVersion: sluice.dev/v1alpha1
      kind: AnalysisTemplate
      metadata: {name: error-rate}
      spec:
        metrics:
        - name: error-rate
          initialDelay: 3s
          interval: 2s
          count: 20
          successCondition: "result < 0.05"
          provider:
            prometheus:
              address: %s
              query: '%s'
      """;

  /** Two services, their secrets referenced from the Secret; the ready-made templates of both triggers. */
  static final String SERVICES_WEBHOOK = """
      url: %s
      headers:
      - name: Authorization
        value: Bearer $webhook-token
      """;
  static final String SERVICES_EMAIL = """
      host: 127.0.0.1
      port: %d
      username: %s
      password: $smtp-password
      from: sluice@example.com
      insecure_skip_verify: true
      """;

  @BeforeAll
  static void start() {
    PrometheusServer.requireBinary();
    git = GitHttpServer.start(tmp.resolve("repos"), USER, PASSWORD);
    smtp = SmtpServer.withLogin(SMTP_USER, SMTP_PASSWORD);
    receiver = new WebhookReceiver();
    down = new WebhookReceiver();
    down.refusing = true;
    github = new GitHubApiServer(null, null, GITHUB_TOKEN, Map.of());
  }

  @AfterAll
  static void stop() {
    github.close();
    down.close();
    receiver.close();
    smtp.close();
    git.close();
  }

  @Test
  void aRevertedCanaryNotifiesOnceByWebhookAndEmailWithTheMetricValueAndTheRevertCommit(KubernetesClient client,
      TestNamespace ns) throws Exception {
    createNotificationsConfig(client, ns);
    OperatorProcess operator = OperatorProcess.start(TestCluster.get(), "sluice.notifications.namespace=" + ns.name());
    try (GitFixture remote = GitFixture.create(tmp.resolve("repos/" + ns.name() + ".git"));
        AppTraffic traffic = AppTraffic.start(0)) {
      String repo = git.url(ns.name() + ".git");
      CanaryFixture app = new CanaryFixture(client, ns.name());
      app.createAppAndRoute();
      createCredentials(client, ns);
      client.resource(Serialization.unmarshal(TEMPLATE.formatted(traffic.prometheusUrl(), AppTraffic.ERROR_RATE),
          GenericKubernetesResource.class)).inNamespace(ns.name()).create();
      remote.commit("web 1.0", Map.of(FILE, ROLLOUT.formatted("1.0", repo)));
      app.applyRolloutYaml(remote.read(FILE));
      Eventually.until("v1 Healthy", Duration.ofMinutes(2), () -> "Healthy".equals(app.phase()));

      String release = remote.commit("bump image to v2", Map.of(FILE, ROLLOUT.formatted("2.0", repo))).name();
      github.pullRequest(release, 7);
      app.applyRolloutYaml(remote.read(FILE));
      Eventually.until("the analysis running at 25%", Duration.ofMinutes(2), () -> "25/75".equals(app.routeWeights()));
      traffic.failing(50);
      Eventually.until("the revert pushed", Duration.ofMinutes(3), () -> "Pushed".equals(gitRevert(app.status()).get("phase")));
      String commit = remote.head().name();
      assertThat(gitRevert(app.status())).containsEntry("commit", commit);
      String failedValue = failedMeasurement(client, ns);

      Eventually.until("both notifications at the receiver", Duration.ofMinutes(1),
          () -> !receiver.accepted("on-rollout-aborted").isEmpty() && !receiver.accepted("on-git-revert-pushed").isEmpty());
      Eventually.until("both emails", Duration.ofMinutes(1), () -> smtp.messages().size() >= 2);
      Eventually.until("the comment on the release's pull request", Duration.ofMinutes(1),
          () -> !github.received("POST", "/comments").isEmpty());
      Eventually.until("the failure reported", Duration.ofMinutes(1),
          () -> client.v1().events().inNamespace(ns.name()).list().getItems().stream()
              .anyMatch(e -> "NotificationFailed".equals(e.getReason())));
      hold(Duration.ofSeconds(10)); // a second copy would come now, from a retry or a repeated Event

      // The webhook: one message per trigger, with the token the Secret holds, the value that failed, the commit.
      assertThat(receiver.accepted()).hasSize(2);
      var aborted = receiver.accepted("on-rollout-aborted");
      var reverted = receiver.accepted("on-git-revert-pushed");
      assertThat(aborted).hasSize(1);
      assertThat(reverted).hasSize(1);
      assertThat(receiver.accepted()).allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer " + WEBHOOK_TOKEN));
      assertThat(aborted.get(0).json().path("rollout").asText()).isEqualTo("web");
      assertThat(aborted.get(0).json().path("message").asText())
          .contains(ns.name() + "/web has been aborted").contains("Metric error-rate").contains("with value " + failedValue);
      assertThat(reverted.get(0).json().path("message").asText()).contains("in Git: commit " + commit + " on main");

      // The email: logged in over STARTTLS, one mail per trigger, to the subscribed address.
      assertThat(smtp.logins()).isNotEmpty().allSatisfy(l -> assertThat(l).startsWith("ok ").endsWith(" " + SMTP_USER));
      List<String> mails = smtp.messages().stream().map(NotificationsE2eTest::unfolded).toList();
      assertThat(mails).hasSize(2);
      assertThat(mails).filteredOn(m -> m.contains("Subject: Rollout web has been aborted")).singleElement()
          .satisfies(m -> assertThat(m).contains("To: oncall@example.com").contains("with value " + failedValue));
      assertThat(mails).filteredOn(m -> m.contains("Subject: Rollout web: release reverted in Git by " + commit))
          .singleElement().satisfies(m -> assertThat(m).contains("commit " + commit + " on main"));

      // GitHub: a failure status on the release commit, a comment on its pull request naming the revert commit.
      var statuses = github.received("POST", "/statuses/");
      assertThat(statuses).singleElement().satisfies(r -> {
        assertThat(r.path()).isEqualTo("/api/v3/repos/git/" + ns.name() + "/statuses/" + release);
        assertThat(r.authorization()).isEqualTo("Bearer " + GITHUB_TOKEN);
        assertThat(r.json().path("state").asText()).isEqualTo("failure");
        assertThat(r.json().path("context").asText()).isEqualTo("sluice/web");
      });
      assertThat(github.received("POST", "/comments")).singleElement().satisfies(r -> {
        assertThat(r.path()).isEqualTo("/api/v3/repos/git/" + ns.name() + "/issues/7/comments");
        assertThat(r.json().path("body").asText()).contains("commit " + commit + " on main");
      });

      // The webhook that is down: tried twice (retryMax 1), then one Warning Event naming the host, not the path.
      assertThat(down.refused()).hasSize(2);
      List<String> failures = client.v1().events().inNamespace(ns.name()).list().getItems().stream()
          .filter(e -> "NotificationFailed".equals(e.getReason())).map(e -> e.getType() + " " + e.getMessage()).toList();
      assertThat(failures).containsExactly("Warning notification on-rollout-aborted to broken not sent: "
          + "HTTP 503 from 127.0.0.1 (2 attempts)");

      // No secret where a user reads: the log, the Events, the Rollout (status included).
      String events = client.v1().events().inNamespace(ns.name()).list().getItems().stream()
          .map(e -> e.getReason() + " " + e.getMessage()).reduce("", (a, b) -> a + "\n" + b);
      assertThat(events).contains("GitRevertPushed");
      String rollout = Serialization.asYaml(client.genericKubernetesResources("sluice.dev/v1alpha1", "Rollout")
          .inNamespace(ns.name()).withName("web").get());
      for (String secret : List.of(SMTP_PASSWORD, WEBHOOK_TOKEN, GITHUB_TOKEN, SECRET_PATH, PASSWORD)) {
        assertThat(operator.log()).as("the operator's log").doesNotContain(secret);
        assertThat(events).as("Events").doesNotContain(secret);
        assertThat(rollout).as("the Rollout").doesNotContain(secret);
      }
      OperatorMetrics metrics = OperatorMetrics.of(operator);
      assertThat(metrics.value("sluice_notifications_total{service=\"webhook\",result=\"sent\"}")).contains(2.0);
      assertThat(metrics.value("sluice_notifications_total{service=\"email\",result=\"sent\"}")).contains(2.0);
      assertThat(metrics.value("sluice_notifications_total{service=\"github\",result=\"sent\"}")).contains(1.0);
      assertThat(metrics.value("sluice_notifications_total{service=\"webhook\",result=\"retried\"}")).contains(1.0);
      assertThat(metrics.value("sluice_notifications_total{service=\"webhook\",result=\"failed\"}")).contains(1.0);
    } finally {
      operator.close();
    }
  }

  /** Two teams' Rollouts subscribed to the same triggers; only their pod template's team label differs. */
  static final String TEAM_ROLLOUT = """
      apiVersion: sluice.dev/v1alpha1
      kind: Rollout
      metadata:
        name: %1$s
        annotations:
          notifications.sluice.dev/subscribe.on-rollout-updated.deploy-log: ""
          notifications.sluice.dev/subscribe.on-rollout-completed.deploy-log: ""
      spec:
        replicas: 1
        selector: {matchLabels: {app: %1$s}}
        template:
          metadata: {labels: {app: %1$s, team: %2$s}}
          spec: {containers: [{name: app, image: "registry.example/%1$s:%3$s"}]}
        strategy:
          canary:
            steps:
            - setWeight: 50
      """;

  /**
   * Argo's trigger conditions, evaluated on each Rollout as stored when its Event is recorded: on-rollout-updated is
   * sent for the payments team's Rollout and not for the search team's. Its second condition cannot be evaluated (a
   * field of a string): it sends nothing and says so in a Warning Event on each Rollout. on-rollout-completed's
   * {@code when} does not parse: the key is refused, named in the log, and its subscribers get an Event saying why.
   */
  @Test
  void aTriggerConditionSendsForTheRolloutItMatchesAndNotForAnother(KubernetesClient client, TestNamespace ns) {
    try (WebhookReceiver hook = new WebhookReceiver()) {
      client.configMaps().inNamespace(ns.name()).resource(new ConfigMapBuilder().withNewMetadata()
          .withName("sluice-notifications-cm").endMetadata()
          .withData(Map.of("service.webhook.deploy-log", "url: " + hook.url(),
              "trigger.on-rollout-updated", """
                  - when: rollout.spec.template.metadata.labels.team == 'payments'
                    send: [rollout-updated]
                  - when: rollout.spec.template.metadata.labels.team.name == 'x'
                    send: [rollout-updated]
                  """,
              "trigger.on-rollout-completed", "- when: rollout.status.phase == 'Healthy\n  send: [rollout-completed]\n"))
          .build()).create();
      OperatorProcess operator = OperatorProcess.start(TestCluster.get(), "sluice.notifications.namespace=" + ns.name());
      try {
        for (String version : List.of("1.0", "2.0")) {
          apply(client, ns, TEAM_ROLLOUT.formatted("payments-api", "payments", version));
          apply(client, ns, TEAM_ROLLOUT.formatted("search-api", "search", version));
          Eventually.until("both Rollouts Healthy at " + version, Duration.ofMinutes(2),
              () -> healthyAt(client, ns, "payments-api") && healthyAt(client, ns, "search-api"));
        }
        Eventually.until("the payments Rollout's update notified", Duration.ofMinutes(1),
            () -> !hook.accepted("on-rollout-updated").isEmpty());
        Eventually.until("the failing condition reported on both Rollouts", Duration.ofMinutes(1),
            () -> conditionFailures(client, ns).keySet().containsAll(List.of("payments-api", "search-api")));
        hold(Duration.ofSeconds(10)); // a notification for the search team would have come by now

        assertThat(hook.accepted()).as("only on-rollout-updated, only for payments-api").isNotEmpty()
            .allSatisfy(r -> {
              assertThat(r.json().path("trigger").asText()).isEqualTo("on-rollout-updated");
              assertThat(r.json().path("rollout").asText()).isEqualTo("payments-api");
            });
        assertThat(conditionFailures(client, ns).get("search-api")).allSatisfy(m -> assertThat(m).startsWith(
            "notification on-rollout-updated: condition 2 (when: rollout.spec.template.metadata.labels.team.name == 'x')"
                + " could not be evaluated: cannot read 'name' from a string"));
        Eventually.until("the refused trigger reported to its subscribers", Duration.ofMinutes(1),
            () -> notificationFailures(client, ns).stream().anyMatch(m -> m.startsWith(
                "notification on-rollout-completed to deploy-log not sent: the ConfigMap's trigger.on-rollout-completed:"
                    + " condition 1: when: not Argo Rollouts' expression language")));
        assertThat(operator.log()).contains("sluice-notifications-cm: trigger.on-rollout-completed: condition 1: when:");
        OperatorMetrics metrics = OperatorMetrics.of(operator);
        assertThat(metrics.value("sluice_notifications_total{service=\"webhook\",result=\"condition-error\"}"))
            .hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(2.0));
        assertThat(metrics.value("sluice_notifications_total{service=\"webhook\",result=\"sent\"}"))
            .contains((double) hook.accepted().size());
      } finally {
        operator.close();
      }
    }
  }

  private static void apply(KubernetesClient client, TestNamespace ns, String yaml) {
    client.resource(Serialization.unmarshal(yaml, GenericKubernetesResource.class)).inNamespace(ns.name())
        .fieldManager("gitops-agent").forceConflicts().serverSideApply();
  }

  /** Healthy, with the spec last applied observed. */
  @SuppressWarnings("unchecked")
  private static boolean healthyAt(KubernetesClient client, TestNamespace ns, String name) {
    GenericKubernetesResource rollout = client.genericKubernetesResources("sluice.dev/v1alpha1", "Rollout")
        .inNamespace(ns.name()).withName(name).get();
    Map<String, Object> status = (Map<String, Object>) rollout.getAdditionalProperties().get("status");
    return status != null && "Healthy".equals(status.get("phase"))
        && String.valueOf(rollout.getMetadata().getGeneration()).equals(String.valueOf(status.get("observedGeneration")));
  }

  /** The messages of NotificationFailed Events, in the namespace. */
  private static List<String> notificationFailures(KubernetesClient client, TestNamespace ns) {
    return client.v1().events().inNamespace(ns.name()).list().getItems().stream()
        .filter(e -> "NotificationFailed".equals(e.getReason())).map(io.fabric8.kubernetes.api.model.Event::getMessage)
        .toList();
  }

  /** The NotificationFailed Events about a trigger condition, by Rollout. */
  private static Map<String, List<String>> conditionFailures(KubernetesClient client, TestNamespace ns) {
    return client.v1().events().inNamespace(ns.name()).list().getItems().stream()
        .filter(e -> "NotificationFailed".equals(e.getReason()) && e.getMessage().contains("could not be evaluated"))
        .collect(java.util.stream.Collectors.groupingBy(e -> e.getInvolvedObject().getName(),
            java.util.stream.Collectors.mapping(io.fabric8.kubernetes.api.model.Event::getMessage,
                java.util.stream.Collectors.toList())));
  }

  /** The ConfigMap and Secret in the namespace the operator reads them from (its own, here the test's). */
  static void createNotificationsConfig(KubernetesClient client, TestNamespace ns) {
    client.secrets().inNamespace(ns.name()).resource(new SecretBuilder().withNewMetadata()
        .withName("sluice-notifications-secret").endMetadata()
        .withStringData(Map.of("webhook-token", WEBHOOK_TOKEN, "smtp-password", SMTP_PASSWORD, "github-token", GITHUB_TOKEN))
        .build()).create();
    client.configMaps().inNamespace(ns.name()).resource(new ConfigMapBuilder().withNewMetadata()
        .withName("sluice-notifications-cm").endMetadata()
        .withData(Map.of("service.webhook.deploy-log", SERVICES_WEBHOOK.formatted(receiver.url()),
            "service.email.oncall", SERVICES_EMAIL.formatted(smtp.port(), SMTP_USER),
            "service.github", "token: $github-token\nenterpriseBaseURL: " + github.enterpriseBaseURL(),
            "service.webhook.broken", "url: http://127.0.0.1:" + down.port() + SECRET_PATH + "\nretryMax: 1\nretryWaitMin: 1s"))
        .build()).create();
  }

  /** The value of the measurement that failed the run, as the AnalysisRun's status shows it. */
  @SuppressWarnings("unchecked")
  static String failedMeasurement(KubernetesClient client, TestNamespace ns) {
    GenericKubernetesResource run = client.genericKubernetesResources("sluice.dev/v1alpha1", "AnalysisRun")
        .inNamespace(ns.name()).list().getItems().stream()
        .filter(r -> r.getAdditionalProperties().get("status") instanceof Map<?, ?> s && "Failed".equals(s.get("phase")))
        .findFirst().orElseThrow();
    var metric = ((List<Map<String, Object>>) ((Map<String, Object>) run.getAdditionalProperties().get("status"))
        .get("metricResults")).get(0);
    var measurements = (List<Map<String, Object>>) metric.get("measurements");
    return String.valueOf(measurements.get(measurements.size() - 1).get("value"));
  }

  /** A mail as read, its folded header lines joined. */
  static String unfolded(String mail) {
    return mail.replaceAll("\r?\n[ \t]+", " ");
  }
}
