package dev.sluice.e2e;

import static dev.sluice.e2e.GitRevertChecks.PASSWORD;
import static dev.sluice.e2e.GitRevertChecks.USER;
import static dev.sluice.e2e.GitRevertChecks.condition;
import static dev.sluice.e2e.GitRevertChecks.createCredentials;
import static dev.sluice.e2e.GitRevertChecks.eventReasons;
import static dev.sluice.e2e.GitRevertChecks.gitRevert;
import static dev.sluice.e2e.GitRevertChecks.hold;
import static dev.sluice.e2e.GitRevertChecks.replicaSet;
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
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loop the product exists for, with real parts: a canary fails its analysis (real Prometheus), Sluice commits the
 * revert to a real Git server over authenticated smart HTTP, a GitOps agent (the test) applies what Git holds, and the
 * bad release applied again is stopped by the quarantine.
 */
@Tag("cluster")
@Tag("prometheus")
@Tag("git")
@ExtendWith(KubernetesExtension.class)
class GitRevertE2eTest {
  static final String FILE = "apps/web/rollout.yaml";

  static OperatorProcess operator;
  @TempDir
  static Path tmp;
  static GitHttpServer server;

  GitFixture remote;
  AppTraffic traffic;
  /** The Rollout manifest as this test's Git holds it (a test may add fields to spec.gitRevert). */
  UnaryOperator<String> manifest = UnaryOperator.identity();

  static final String ROLLOUT = """
      apiVersion: sluice.dev/v1alpha1
      kind: Rollout
      metadata:
        name: web
      spec:
        replicas: 4
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
          canary:
            canaryService: web-canary
            stableService: web-stable
            abortScaleDownDelaySeconds: 1
            scaleDownDelaySeconds: 1
            trafficRouting:
              gatewayAPI:
                httpRoute: web
            steps:
            - setWeight: 25
            - %s
            - setWeight: 75
        gitRevert:
          enabled: true
          repoURL: %s
          path: apps/web
          secretRef:
            name: git-credentials
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
          consecutiveErrorLimit: 1
          successCondition: "result < 0.05"
          provider:
            prometheus:
              address: %s
              query: '%s'
      """;

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

  @BeforeEach
  void startPrometheus(TestNamespace ns) throws Exception {
    remote = GitFixture.create(tmp.resolve("repos/" + ns.name() + ".git"));
    traffic = AppTraffic.start(0);
  }

  @AfterEach
  void stopPrometheus() {
    traffic.close();
    remote.close();
  }

  @Test
  @SuppressWarnings("unchecked")
  void aFailingCanaryIsRevertedInGitOnceAndTheBadReleaseIsRejectedWhenItComesBack(KubernetesClient client, TestNamespace ns) {
    String repo = server.url(ns.name() + ".git");
    String analysis = "analysis: {templates: [{templateName: error-rate}]}";
    CanaryFixture app = start(client, ns, repo, analysis, true);
    String v1 = (String) app.status().get("stableRS");

    RevCommit bump = remote.commit("bump image to v2", Map.of(FILE, ROLLOUT.formatted("2.0", analysis, repo)));
    String bad = remote.read(FILE);
    app.applyRolloutYaml(bad);
    Eventually.until("the analysis running at 25%", Duration.ofMinutes(2),
        () -> "25/75".equals(app.routeWeights()) && "Running".equals(runPhase(client, ns)));
    String v2 = (String) app.status().get("currentPodHash");
    traffic.failing(50);
    Eventually.until("the revert pushed", Duration.ofMinutes(3), () -> "Pushed".equals(gitRevert(app.status()).get("phase")));

    // (1) Exactly one revert commit, on top of every other commit, unchanged; status names it.
    List<RevCommit> log = remote.log();
    assertThat(log).hasSize(3);
    RevCommit revert = log.get(0);
    assertThat(log.get(1)).isEqualTo(bump);
    assertThat(revert.getParent(0)).isEqualTo(bump);
    assertThat(revert.getFullMessage()).contains("Sluice-Rollout: " + ns.name() + "/web").contains("Sluice-Revision: " + v2);
    assertThat(log.stream().filter(c -> c.getFullMessage().contains("Sluice-Revision:"))).hasSize(1);
    assertThat(remote.read(FILE)).isEqualTo(ROLLOUT.formatted("1.0", analysis, repo));
    Map<String, Object> record = gitRevert(app.status());
    assertThat(record).containsEntry("commit", revert.name()).containsEntry("revision", v2).containsEntry("branch", "main")
        .containsEntry("reason", "RevertedCommit");
    assertThat((List<Object>) record.get("releaseCommits")).containsExactly(bump.name());
    assertThat((List<Object>) record.get("rejectedRevisions")).containsExactly(v2);
    assertThat(app.status()).containsEntry("abortReason", "Analysis").containsEntry("stableRS", v1);
    assertThat(app.routeWeights()).isEqualTo("0/100");
    assertThat(condition(app.status(), "GitReverted")).containsEntry("status", "True");
    Eventually.until("the revert Events", Duration.ofSeconds(30),
        () -> eventReasons(client, ns).containsAll(List.of("GitRevertAttempted", "GitRevertPushed")));
    assertThat(eventReasons(client, ns)).doesNotContain("GitRevertFailed");
    OperatorMetrics metrics = OperatorMetrics.of(operator);
    assertThat(metrics.value("sluice_revert_commits_total{result=\"Pushed\"}")).hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(1));
    assertThat(metrics.value("sluice_revert_commits_total{result=\"Attempted\"}")).hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(1));

    // (2) The GitOps agent applies what Git holds now: Healthy on the stable revision, no new ReplicaSet.
    app.applyRolloutYaml(remote.read(FILE));
    Eventually.until("Healthy on v1", Duration.ofMinutes(2), () -> "Healthy".equals(app.phase()));
    assertThat(app.status()).containsEntry("stableRS", v1).containsEntry("currentPodHash", v1);
    assertThat(replicaSetHashes(client, ns)).containsExactlyInAnyOrder(v1, v2);

    // (3) The bad release applied again (a stale sync): rejected, no canary pod, all traffic on stable.
    app.applyRolloutYaml(bad);
    Eventually.until("ReleaseRejected", Duration.ofMinutes(1), () -> "True".equals(condition(app.status(), "ReleaseRejected").get("status")));
    assertThat((String) condition(app.status(), "ReleaseRejected").get("message")).contains(revert.name()).contains(v2);
    assertThat(app.phase()).isEqualTo("Degraded");
    hold(Duration.ofSeconds(10)); // the rejected release stays down
    assertThat(app.routeWeights()).isEqualTo("0/100");
    assertThat(app.serviceHash("web-stable")).isEqualTo(v1);
    assertThat(replicaSet(client, ns, v2).getSpec().getReplicas()).isZero();
    assertThat(replicaSetHashes(client, ns)).containsExactlyInAnyOrder(v1, v2);
    assertThat(remote.log()).as("no second revert").hasSize(3);
    assertThat(eventReasons(client, ns)).contains("ReleaseRejected");
  }

  @Test
  void aManualAbortWithRevertRequestedCommitsTheRevert(KubernetesClient client, TestNamespace ns) {
    String repo = server.url(ns.name() + ".git");
    CanaryFixture app = start(client, ns, repo, "pause: {}", false);
    remote.commit("bump image to v2", Map.of(FILE, ROLLOUT.formatted("2.0", "pause: {}", repo)));
    app.applyRolloutYaml(remote.read(FILE));
    Eventually.until("paused at 25%", Duration.ofMinutes(2), () -> "Paused".equals(app.phase()));

    app.patchStatus("{\"status\":{\"abort\":true}}");
    Eventually.until("aborted", Duration.ofMinutes(1), () -> "Degraded".equals(app.phase()));
    hold(Duration.ofSeconds(5)); // a manual abort alone does not revert
    assertThat(app.status()).doesNotContainKey("gitRevert");
    assertThat(remote.log()).hasSize(2);

    double pushedBefore = revertCommits("Pushed");
    app.patchStatus("{\"status\":{\"abort\":true,\"revertRequested\":true}}");
    Eventually.until("the revert pushed", Duration.ofMinutes(2), () -> "Pushed".equals(gitRevert(app.status()).get("phase")));
    assertThat(remote.log()).hasSize(3);
    assertThat(remote.read(FILE)).isEqualTo(ROLLOUT.formatted("1.0", "pause: {}", repo));
    assertThat(gitRevert(app.status())).containsEntry("commit", remote.head().name());
    // The counter moves right after the status write.
    Eventually.until("sluice_revert_commits_total{result=Pushed} + 1", Duration.ofSeconds(10), () -> revertCommits("Pushed") >= pushedBefore + 1);
    assertThat(revertCommits("Pushed")).isEqualTo(pushedBefore + 1);
  }

  @Test
  @SuppressWarnings("unchecked")
  void aRevertInterruptedAfterItsPushIsFinishedByTheNextControllerWithoutASecondCommit(KubernetesClient client,
      TestNamespace ns) {
    String repo = server.url(ns.name() + ".git");
    CanaryFixture app = start(client, ns, repo, "pause: {}", false);
    remote.commit("bump image to v2", Map.of(FILE, ROLLOUT.formatted("2.0", "pause: {}", repo)));
    app.applyRolloutYaml(remote.read(FILE));
    Eventually.until("paused at 25%", Duration.ofMinutes(2), () -> "Paused".equals(app.phase()));
    app.patchStatus("{\"status\":{\"abort\":true,\"revertRequested\":true}}");
    Eventually.until("the revert pushed", Duration.ofMinutes(2), () -> "Pushed".equals(gitRevert(app.status()).get("phase")));
    String commit = remote.head().name();

    // The controller dies after the push but before recording it: status still says Pending.
    operator.kill();
    app.patchStatus("{\"status\":{\"gitRevert\":{\"phase\":\"Pending\",\"commit\":null,\"reason\":null}}}");
    operator = OperatorProcess.start(TestCluster.get(), "sluice.git-revert.transport-timeout=10s");

    Eventually.until("the revert finished again", Duration.ofMinutes(2), () -> "Skipped".equals(gitRevert(app.status()).get("phase")));
    assertThat(gitRevert(app.status())).containsEntry("reason", "AlreadyReverted").containsEntry("commit", commit);
    assertThat(remote.log()).as("no second revert commit").hasSize(3);
    assertThat(remote.head().name()).isEqualTo(commit);
    assertThat((List<Object>) gitRevert(app.status()).get("rejectedRevisions")).containsExactly(app.status().get("currentPodHash"));
  }

  @Test
  void anUnreachableRemoteFailsClearlyAndTheRolloutStaysAbortedOnStable(KubernetesClient client, TestNamespace ns) {
    String repo = "http://127.0.0.1:9/git/nowhere.git";
    CanaryFixture app = start(client, ns, repo, "pause: {}", false);
    String v1 = (String) app.status().get("stableRS");
    app.applyRolloutYaml(ROLLOUT.formatted("2.0", "pause: {}", repo));
    Eventually.until("paused at 25%", Duration.ofMinutes(2), () -> "Paused".equals(app.phase()));

    app.patchStatus("{\"status\":{\"abort\":true,\"revertRequested\":true}}");
    Eventually.until("the revert failed", Duration.ofMinutes(2), () -> "Failed".equals(gitRevert(app.status()).get("phase")));
    assertThat(gitRevert(app.status())).containsEntry("reason", "TransportError");
    Map<String, Object> condition = condition(app.status(), "GitReverted");
    assertThat(condition).containsEntry("status", "False").containsEntry("reason", "TransportError");
    Eventually.until("the GitRevertFailed Event", Duration.ofSeconds(30), () -> eventReasons(client, ns).contains("GitRevertFailed"));
    hold(Duration.ofSeconds(5)); // no retry loop
    assertThat(eventReasons(client, ns).stream().filter("GitRevertAttempted"::equals)).hasSize(1);
    assertThat(app.status()).containsEntry("abort", true).containsEntry("stableRS", v1).containsEntry("phase", "Degraded");
    assertThat(app.routeWeights()).isEqualTo("0/100");
  }

  @Test
  void aMissingSecretFailsClearlyAndPushesNothing(KubernetesClient client, TestNamespace ns) {
    String repo = server.url(ns.name() + ".git");
    CanaryFixture app = start(client, ns, repo, "pause: {}", false);
    remote.commit("bump image to v2", Map.of(FILE, ROLLOUT.formatted("2.0", "pause: {}", repo)));
    app.applyRolloutYaml(remote.read(FILE));
    Eventually.until("paused at 25%", Duration.ofMinutes(2), () -> "Paused".equals(app.phase()));
    client.secrets().inNamespace(ns.name()).withName("git-credentials").delete();
    Eventually.until("the Secret gone", Duration.ofSeconds(30),
        () -> client.secrets().inNamespace(ns.name()).withName("git-credentials").get() == null);

    double failedBefore = revertCommits("Failed");
    app.patchStatus("{\"status\":{\"abort\":true,\"revertRequested\":true}}");
    Eventually.until("the revert failed", Duration.ofMinutes(1), () -> "Failed".equals(gitRevert(app.status()).get("phase")));
    Eventually.until("sluice_revert_commits_total{result=Failed} + 1", Duration.ofSeconds(10), () -> revertCommits("Failed") >= failedBefore + 1);
    assertThat(revertCommits("Failed")).isEqualTo(failedBefore + 1);
    assertThat(gitRevert(app.status())).containsEntry("reason", "SecretNotFound");
    assertThat((String) gitRevert(app.status()).get("message")).contains("git-credentials").contains("not found");
    assertThat(condition(app.status(), "GitReverted")).containsEntry("status", "False").containsEntry("reason", "SecretNotFound");
    Eventually.until("the GitRevertFailed Event", Duration.ofSeconds(30), () -> eventReasons(client, ns).contains("GitRevertFailed"));
    assertThat(remote.log()).hasSize(2);
    assertThat(app.status()).containsEntry("abort", true).containsEntry("phase", "Degraded");
    assertThat(app.routeWeights()).isEqualTo("0/100");
  }

  @Test
  void anAnalysisErrorAbortsTheCanaryButLeavesGitAndTheReleaseAloneByDefault(KubernetesClient client, TestNamespace ns) {
    String repo = server.url(ns.name() + ".git");
    String analysis = "analysis: {templates: [{templateName: error-rate}]}";
    CanaryFixture app = start(client, ns, repo, analysis, true);
    String v1 = (String) app.status().get("stableRS");
    remote.commit("bump image to v2", Map.of(FILE, ROLLOUT.formatted("2.0", analysis, repo)));
    app.applyRolloutYaml(remote.read(FILE));
    Eventually.until("the analysis running at 25%", Duration.ofMinutes(2),
        () -> "25/75".equals(app.routeWeights()) && "Running".equals(runPhase(client, ns)));
    String v2 = (String) app.status().get("currentPodHash");

    traffic.stopPrometheus(); // a monitoring outage, not a bad release
    Eventually.until("aborted on the analysis Error", Duration.ofMinutes(2),
        () -> Boolean.TRUE.equals(app.status().get("abort")) && "Error".equals(runPhase(client, ns)));
    assertThat(app.status()).containsEntry("abortReason", "Analysis").containsEntry("stableRS", v1);
    Eventually.until("traffic back on stable", Duration.ofMinutes(1), () -> "0/100".equals(app.routeWeights()));
    Eventually.until("the decision not to revert recorded", Duration.ofMinutes(1),
        () -> "Skipped".equals(gitRevert(app.status()).get("phase")));

    Map<String, Object> record = gitRevert(app.status());
    assertThat(record).containsEntry("reason", "AnalysisError").containsEntry("revision", v2).doesNotContainKey("commit")
        .doesNotContainKey("rejectedRevisions");
    assertThat((String) record.get("message")).contains("ended Error").contains("kubectl sluice abort --revert");
    assertThat(condition(app.status(), "GitReverted")).containsEntry("status", "False").containsEntry("reason", "AnalysisError");
    Eventually.until("the GitRevertSkipped Event", Duration.ofSeconds(30), () -> eventReasons(client, ns).contains("GitRevertSkipped"));
    hold(Duration.ofSeconds(10)); // nothing is pushed later either
    assertThat(remote.log()).as("no revert commit").hasSize(2);
    assertThat(remote.read(FILE)).isEqualTo(ROLLOUT.formatted("2.0", analysis, repo));
    assertThat(eventReasons(client, ns)).doesNotContain("GitRevertAttempted", "GitRevertPushed")
        .filteredOn("GitRevertSkipped"::equals).hasSize(1);
    assertThat(app.routeWeights()).isEqualTo("0/100");
  }

  @Test
  @SuppressWarnings("unchecked")
  void anAnalysisErrorRevertsWhenTheRolloutOptsIn(KubernetesClient client, TestNamespace ns) {
    manifest = m -> m.replace("    path: apps/web\n", "    path: apps/web\n    revertOnAnalysisError: true\n");
    String repo = server.url(ns.name() + ".git");
    String analysis = "analysis: {templates: [{templateName: error-rate}]}";
    CanaryFixture app = start(client, ns, repo, analysis, true);
    remote.commit("bump image to v2", Map.of(FILE, manifest.apply(ROLLOUT.formatted("2.0", analysis, repo))));
    app.applyRolloutYaml(remote.read(FILE));
    Eventually.until("the analysis running at 25%", Duration.ofMinutes(2),
        () -> "25/75".equals(app.routeWeights()) && "Running".equals(runPhase(client, ns)));
    String v2 = (String) app.status().get("currentPodHash");

    traffic.stopPrometheus();
    Eventually.until("the revert pushed", Duration.ofMinutes(3), () -> "Pushed".equals(gitRevert(app.status()).get("phase")));
    assertThat(runPhase(client, ns)).isEqualTo("Error");
    assertThat(remote.log()).hasSize(3);
    assertThat(remote.head().name()).isEqualTo(gitRevert(app.status()).get("commit"));
    assertThat(remote.log().get(0).getFullMessage()).as("the commit says what happened")
        .contains("canary analysis ended Error").contains("Sluice-Revision: " + v2);
    assertThat(remote.read(FILE)).isEqualTo(manifest.apply(ROLLOUT.formatted("1.0", analysis, repo)));
    assertThat((List<Object>) gitRevert(app.status()).get("rejectedRevisions")).containsExactly(v2);
  }

  /**
   * The server takes longer than the transport timeout (10s) to accept the push: its answer is lost, but the
   * commit lands. Sluice reads Git and records what is there: Pushed, one commit, the release quarantined.
   */
  @Test
  @SuppressWarnings("unchecked")
  void aPushWhoseAnswerIsLostButThatLandsIsRecordedAsPushedOnce(KubernetesClient client, TestNamespace ns) throws Exception {
    java.nio.file.Path hook = remote.directory().resolve("hooks/pre-receive");
    java.nio.file.Files.createDirectories(hook.getParent());
    java.nio.file.Files.writeString(hook, "#!/bin/sh\ncat >/dev/null\nsleep 20\nexit 0\n");
    assertThat(hook.toFile().setExecutable(true)).isTrue();
    String repo = server.url(ns.name() + ".git");
    CanaryFixture app = start(client, ns, repo, "pause: {}", false);
    RevCommit bump = remote.commit("bump image to v2", Map.of(FILE, ROLLOUT.formatted("2.0", "pause: {}", repo)));
    app.applyRolloutYaml(remote.read(FILE));
    Eventually.until("paused at 25%", Duration.ofMinutes(2), () -> "Paused".equals(app.phase()));
    String v2 = (String) app.status().get("currentPodHash");

    app.patchStatus("{\"status\":{\"abort\":true,\"revertRequested\":true}}");
    Eventually.until("the revert recorded", Duration.ofMinutes(3),
        () -> List.of("Pushed", "Failed").contains(gitRevert(app.status()).get("phase")));
    Map<String, Object> record = gitRevert(app.status());
    assertThat(record).as("what Git holds").containsEntry("phase", "Pushed").containsEntry("reason", "RevertedCommit");
    assertThat((String) record.get("message")).contains("no answer").contains("transport timeout 10s")
        .doesNotContain("Read timed out after");
    assertThat((List<Object>) record.get("rejectedRevisions")).containsExactly(v2);
    hold(Duration.ofSeconds(25)); // any push still held by the hook has ended
    List<RevCommit> log = remote.log();
    assertThat(log).as("exactly one revert commit").hasSize(3);
    assertThat(log.get(0).name()).isEqualTo(record.get("commit"));
    assertThat(log.get(0).getParent(0)).isEqualTo(bump);
    assertThat(eventReasons(client, ns)).contains("GitRevertPushed").doesNotContain("GitRevertFailed");
  }

  /** A job that never finished three times (each start killed its controller) is not picked up a fourth time. */
  @Test
  void aRevertStartedThreeTimesWithoutFinishingEndsFailedInsteadOfStartingAgain(KubernetesClient client, TestNamespace ns) {
    String repo = server.url(ns.name() + ".git");
    CanaryFixture app = start(client, ns, repo, "pause: {}", false);
    remote.commit("bump image to v2", Map.of(FILE, ROLLOUT.formatted("2.0", "pause: {}", repo)));
    app.applyRolloutYaml(remote.read(FILE));
    Eventually.until("paused at 25%", Duration.ofMinutes(2), () -> "Paused".equals(app.phase()));
    String v2 = (String) app.status().get("currentPodHash");

    // What three controllers that each died during the job leave behind.
    app.patchStatus("{\"status\":{\"abort\":true,\"gitRevert\":{\"phase\":\"Pending\",\"revision\":\"" + v2
        + "\",\"starts\":3}}}");
    Eventually.until("the revert failed", Duration.ofMinutes(1), () -> "Failed".equals(gitRevert(app.status()).get("phase")));
    assertThat(gitRevert(app.status())).containsEntry("reason", "NotFinished").containsEntry("revision", v2);
    assertThat((String) gitRevert(app.status()).get("message")).contains("started 3 times").contains("Sluice-Revision: " + v2);
    assertThat(condition(app.status(), "GitReverted")).containsEntry("status", "False").containsEntry("reason", "NotFinished");
    hold(Duration.ofSeconds(5));
    assertThat(eventReasons(client, ns)).contains("GitRevertFailed").doesNotContain("GitRevertAttempted");
    assertThat(remote.log()).as("not started again: nothing pushed").hasSize(2);
  }

  /** The operator's sluice_revert_commits_total for a result; 0 before the first one (the series does not exist yet). */
  private static double revertCommits(String result) {
    return OperatorMetrics.of(operator).value("sluice_revert_commits_total{result=\"" + result + "\"}").orElse(0.0);
  }

  /** App, route, template and credentials in place; the Rollout applied from Git at 1.0 and Healthy. */
  private CanaryFixture start(KubernetesClient client, TestNamespace ns, String repo, String step, boolean withAnalysis) {
    CanaryFixture app = new CanaryFixture(client, ns.name());
    app.createAppAndRoute();
    createCredentials(client, ns);
    if (withAnalysis) {
      client.resource(Serialization.unmarshal(TEMPLATE.formatted(traffic.prometheusUrl(), AppTraffic.ERROR_RATE),
          GenericKubernetesResource.class)).inNamespace(ns.name()).create();
    }
    remote.commit("web 1.0", Map.of(FILE, manifest.apply(ROLLOUT.formatted("1.0", step, repo))));
    app.applyRolloutYaml(remote.read(FILE));
    Eventually.until("v1 Healthy", Duration.ofMinutes(2), () -> "Healthy".equals(app.phase()));
    return app;
  }

  @SuppressWarnings("unchecked")
  private static String runPhase(KubernetesClient client, TestNamespace ns) {
    return client.genericKubernetesResources("sluice.dev/v1alpha1", "AnalysisRun").inNamespace(ns.name()).list().getItems().stream()
        .map(r -> (Map<String, Object>) r.getAdditionalProperties().get("status"))
        .map(s -> s == null ? "Pending" : String.valueOf(s.get("phase"))).findFirst().orElse("none");
  }
}
