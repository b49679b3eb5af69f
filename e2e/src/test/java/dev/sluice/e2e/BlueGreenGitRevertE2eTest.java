package dev.sluice.e2e;

import static dev.sluice.e2e.GitRevertChecks.PASSWORD;
import static dev.sluice.e2e.GitRevertChecks.USER;
import static dev.sluice.e2e.GitRevertChecks.condition;
import static dev.sluice.e2e.GitRevertChecks.createCredentials;
import static dev.sluice.e2e.GitRevertChecks.eventReasons;
import static dev.sluice.e2e.GitRevertChecks.gitRevert;
import static dev.sluice.e2e.GitRevertChecks.hold;
import static dev.sluice.e2e.GitRevertChecks.replicaSetHashes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.analysis.testing.PrometheusServer;
import dev.sluice.gitops.testing.GitFixture;
import dev.sluice.gitops.testing.GitHttpServer;
import dev.sluice.testing.Eventually;
import dev.sluice.testing.KubernetesExtension;
import dev.sluice.testing.OperatorProcess;
import dev.sluice.testing.TestCluster;
import dev.sluice.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GitOps revert for blue-green, with real parts: the green release fails its pre-promotion analysis (real
 * Prometheus), Sluice commits the revert to a real Git server over authenticated smart HTTP while active stays on
 * blue, the GitOps agent (the test) applies what Git holds, and green applied again is stopped by the quarantine.
 */
@Tag("cluster")
@Tag("prometheus")
@Tag("git")
@ExtendWith(KubernetesExtension.class)
class BlueGreenGitRevertE2eTest {
  static final String FILE = "apps/web/rollout.yaml";

  static final String ROLLOUT = """
      apiVersion: sluice.dev/v1alpha1
      kind: Rollout
      metadata:
        name: web
      spec:
        replicas: 3
        selector:
          matchLabels:
            app: web
        template:
          metadata:
            labels:
              app: web
          spec:
            containers:
            - name: web
              image: registry.example/web:%s
        strategy:
          blueGreen:
            activeService: web-active
            previewService: web-preview
            scaleDownDelaySeconds: 2
            abortScaleDownDelaySeconds: 2
            prePromotionAnalysis:
              templates:
              - templateName: error-rate
        gitRevert:
          enabled: true
          repoURL: %s
          path: apps/web
          secretRef:
            name: git-credentials
      """;

  static OperatorProcess operator;
  @TempDir
  static Path tmp;
  static GitHttpServer server;

  GitFixture remote;
  AppTraffic traffic;

  @BeforeAll
  static void start() {
    PrometheusServer.requireBinary();
    server = GitHttpServer.start(tmp.resolve("repos"), USER, PASSWORD);
    operator = OperatorProcess.start(TestCluster.get(), "sluice.git-revert.transport-timeout=10s");
  }

  @AfterAll
  static void stop() {
    operator.close();
    server.close();
    assertThat(operator.log()).as("no secret in the operator's log").doesNotContain(PASSWORD);
  }

  @AfterEach
  void stopParts() {
    if (traffic != null) {
      traffic.close();
    }
    if (remote != null) {
      remote.close();
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void aFailingPrePromotionAnalysisIsRevertedInGitOnceAndGreenIsRejectedWhenItComesBack(KubernetesClient client,
      TestNamespace ns) throws Exception {
    String repo = server.url(ns.name() + ".git");
    remote = GitFixture.create(tmp.resolve("repos/" + ns.name() + ".git"));
    // Every scrape has errors: blue is the first revision (no analysis), green's pre-promotion analysis fails.
    traffic = AppTraffic.start(50);
    client.resource(Serialization.unmarshal(BlueGreenTest.TEMPLATE.formatted(traffic.prometheusUrl()), GenericKubernetesResource.class))
        .inNamespace(ns.name()).create();
    createCredentials(client, ns);
    BlueGreenApp app = new BlueGreenApp(client, ns.name());
    app.createServices();
    remote.commit("web 1.0", Map.of(FILE, ROLLOUT.formatted("1.0", repo)));
    app.apply(remote.read(FILE));
    Eventually.until("blue Healthy", Duration.ofMinutes(2), () -> "Healthy".equals(app.phase()));
    String blue = app.stableHash();

    RevCommit bump = remote.commit("bump image to 2.0", Map.of(FILE, ROLLOUT.formatted("2.0", repo)));
    String bad = remote.read(FILE);
    app.apply(bad);
    Set<String> activeSeen = new LinkedHashSet<>();
    Eventually.until("the revert pushed", Duration.ofMinutes(3), () -> {
      activeSeen.add(app.serviceHash("web-active"));
      return "Pushed".equals(gitRevert(app.status()).get("phase"));
    });
    String green = (String) app.status().get("currentPodHash");

    // (1) Exactly one revert commit, on top of the release; status names it; active never left blue.
    List<RevCommit> log = remote.log();
    assertThat(log).hasSize(3);
    RevCommit revert = log.get(0);
    assertThat(revert.getParent(0)).isEqualTo(bump);
    assertThat(revert.getFullMessage()).contains("Sluice-Rollout: " + ns.name() + "/web").contains("Sluice-Revision: " + green)
        .contains("web-" + green + "-prepromotion");
    assertThat(remote.read(FILE)).isEqualTo(ROLLOUT.formatted("1.0", repo));
    assertThat(gitRevert(app.status())).containsEntry("commit", revert.name()).containsEntry("revision", green)
        .containsEntry("reason", "RevertedCommit");
    assertThat((List<Object>) gitRevert(app.status()).get("rejectedRevisions")).containsExactly(green);
    assertThat(app.status()).containsEntry("abortReason", "Analysis").containsEntry("stableRS", blue);
    assertThat(condition(app.status(), "GitReverted")).containsEntry("status", "True");
    assertThat(activeSeen).containsExactly(blue);
    assertThat(app.serviceHash("web-active")).isEqualTo(blue);
    Eventually.until("the revert Events", Duration.ofSeconds(30),
        () -> eventReasons(client, ns).containsAll(List.of("GitRevertAttempted", "GitRevertPushed")));
    assertThat(eventReasons(client, ns)).doesNotContain("GitRevertFailed");

    // (2) The GitOps agent applies what Git holds now: Healthy on blue, no new ReplicaSet.
    app.apply(remote.read(FILE));
    Eventually.until("Healthy on blue", Duration.ofMinutes(2), () -> "Healthy".equals(app.phase()));
    assertThat(app.status()).containsEntry("stableRS", blue).containsEntry("currentPodHash", blue);
    assertThat(replicaSetHashes(client, ns)).containsExactlyInAnyOrder(blue, green);

    // (3) Green applied again (a stale sync): rejected, no preview pod, no new analysis, active still on blue.
    app.apply(bad);
    Eventually.until("ReleaseRejected", Duration.ofMinutes(1),
        () -> "True".equals(condition(app.status(), "ReleaseRejected").get("status")));
    assertThat((String) condition(app.status(), "ReleaseRejected").get("message")).contains(revert.name()).contains(green);
    assertThat(app.phase()).isEqualTo("Degraded");
    assertThat(app.status()).containsEntry("abortReason", "ReleaseRejected");
    hold(Duration.ofSeconds(10)); // the rejected release stays down
    assertThat(app.serviceHash("web-active")).isEqualTo(blue);
    assertThat(app.replicas(green)).isZero();
    assertThat(app.replicas(blue)).isEqualTo(3);
    assertThat(replicaSetHashes(client, ns)).containsExactlyInAnyOrder(blue, green);
    assertThat(app.runPhases()).containsOnlyKeys("web-" + green + "-prepromotion");
    assertThat(remote.log()).as("no second revert").hasSize(3);
    assertThat(eventReasons(client, ns).stream().filter("ReleaseRejected"::equals)).hasSize(1);
  }
}
