package dev.sluice.e2e;

import static dev.sluice.e2e.GitRevertChecks.hold;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.Eventually;
import dev.sluice.testing.KubernetesExtension;
import dev.sluice.testing.OperatorProcess;
import dev.sluice.testing.TestCluster;
import dev.sluice.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A notification is sent once across a leader change. The leader records a paused canary's notification for two
 * webhooks: one takes it at once, the other is down (503) and the leader waits to retry it. The leader is killed
 * (SIGKILL: nothing runs on its way out) in that wait, the receiver comes back, and the standby that takes the Lease
 * sends what the leader's outbox still holds: the waiting notification arrives once, the delivered one is not sent
 * again.
 */
@Tag("cluster")
@ExtendWith(KubernetesExtension.class)
class NotificationFailoverTest {
  static final String ROLLOUT = """
      apiVersion: sluice.dev/v1alpha1
      kind: Rollout
      metadata:
        name: web
        annotations:
          notifications.sluice.dev/subscribe.on-rollout-paused.archive: ""
          notifications.sluice.dev/subscribe.on-rollout-paused.deploy-log: ""
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
            trafficRouting: {gatewayAPI: {httpRoute: web}}
            steps:
            - setWeight: 25
            - pause: {}
      """;

  @Test
  void aNotificationTheLeaderRecordedButDidNotDeliverIsSentOnceByTheNextLeader(KubernetesClient client, TestNamespace ns) {
    String lease = "sluice-" + ns.name();
    String[] properties = {"sluice.leader-election.lease-name=" + lease, "sluice.leader-election.lease-namespace=" + ns.name(),
        "sluice.notifications.namespace=" + ns.name()};
    try (WebhookReceiver archive = new WebhookReceiver(); WebhookReceiver deployLog = new WebhookReceiver()) {
      client.configMaps().inNamespace(ns.name()).resource(new ConfigMapBuilder().withNewMetadata()
          .withName("sluice-notifications-cm").endMetadata()
          .withData(Map.of("service.webhook.archive", "url: " + archive.url(),
              // The leader's retry would come a minute after the first refusal: it is killed long before.
              "service.webhook.deploy-log", "url: " + deployLog.url() + "\nretryWaitMin: 60s\nretryWaitMax: 60s"))
          .build()).create();
      CanaryFixture app = new CanaryFixture(client, ns.name());
      app.createAppAndRoute();
      OperatorProcess leader = OperatorProcess.start(TestCluster.get(), properties);
      try (OperatorProcess standby = OperatorProcess.startStandby(TestCluster.get(), properties)) {
        app.applyRolloutYaml(ROLLOUT.formatted("1.0"));
        Eventually.until("v1 Healthy", Duration.ofMinutes(2), () -> "Healthy".equals(app.phase()));

        deployLog.refusing = true;
        app.applyRolloutYaml(ROLLOUT.formatted("2.0"));
        Eventually.until("the archive notified, the deploy log refusing", Duration.ofMinutes(2),
            () -> archive.accepted("on-rollout-paused").size() == 1 && !deployLog.refused().isEmpty());
        assertThat(outbox(client, ns)).as("the event waits in the outbox while a delivery is left").hasSize(1);
        // The archive took it; the leader records that just after. A kill between the two is the documented
        // repeat (docs/notifications.md), not what this test is about: kill once the delivery is on record.
        Eventually.until("the archive's delivery recorded", Duration.ofSeconds(30), () -> delivered(client, ns) == 1);
        leader.kill();
        deployLog.refusing = false;

        Eventually.until("the standby to lead", Duration.ofMinutes(1), standby::leads);
        Eventually.until("the deploy log notified by the new leader", Duration.ofMinutes(1),
            () -> deployLog.accepted("on-rollout-paused").size() == 1);
        hold(Duration.ofSeconds(10)); // a second copy would come now
        assertThat(deployLog.accepted()).as("the deploy log: once").hasSize(1);
        assertThat(archive.accepted()).as("the archive: once, by the killed leader").hasSize(1);
        assertThat(deployLog.accepted().get(0).json().path("message").asText()).contains(ns.name() + "/web is paused");
        assertThat(standby.log()).contains("notification on-rollout-paused for " + ns.name() + "/web taken from the outbox");
        Eventually.until("the outbox empty", Duration.ofSeconds(30), () -> outbox(client, ns).isEmpty());
        OperatorMetrics metrics = OperatorMetrics.of(standby);
        assertThat(metrics.value("sluice_notifications_total{service=\"webhook\",result=\"sent\"}")).contains(1.0);
        assertThat(metrics.value("sluice_notifications_total{service=\"webhook\",result=\"skipped\"}"))
            .as("the archive's, in the sent record").contains(1.0);
      } finally {
        leader.close();
      }
    }
  }

  /** How many deliveries the sent record holds (its keys that are not outbox entries). */
  private static long delivered(KubernetesClient client, TestNamespace ns) {
    ConfigMap sent = client.configMaps().inNamespace(ns.name()).withName("sluice-notifications-sent").get();
    return sent == null || sent.getData() == null ? 0
        : sent.getData().keySet().stream().filter(k -> !k.startsWith("pending.")).count();
  }

  /** The pending entries of the sent record. */
  private static Set<String> outbox(KubernetesClient client, TestNamespace ns) {
    ConfigMap sent = client.configMaps().inNamespace(ns.name()).withName("sluice-notifications-sent").get();
    return sent == null || sent.getData() == null ? Set.of()
        : sent.getData().keySet().stream().filter(k -> k.startsWith("pending.")).collect(Collectors.toSet());
  }
}
