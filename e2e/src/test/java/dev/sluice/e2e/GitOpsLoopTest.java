package dev.sluice.e2e;

import static dev.sluice.e2e.GitRevertChecks.condition;
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
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jgit.lib.RefUpdate;
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
 * The loop with a real GitOps agent: Flux's source-controller and kustomize-controller (built from their Go
 * modules) apply what the Git server holds, read the Rollout's health through kstatus with no Sluice-specific code,
 * and apply the revert Sluice pushes when the analysis (real Prometheus) fails. The Git credentials Sluice pushes with
 * live in Git encrypted with SOPS (age); kustomize-controller decrypts them into the Secret the Rollout names.
 */
@Tag("cluster")
@Tag("prometheus")
@Tag("git")
@ExtendWith(KubernetesExtension.class)
class GitOpsLoopTest {
  static final String APP = "apps/web";
  static final String FLUX_USER = "flux-reader";
  static final String FLUX_PASSWORD = "flux-read-t0ken";
  /** The loop must close well within a minute with 5-second Flux intervals (it took 11-16 s when measured). */
  static final Duration LOOP_BUDGET = Duration.ofSeconds(60);

  @TempDir
  static Path tmp;
  static GitHttpServer server;
  static OperatorProcess operator;
  static FluxAgent flux;
  static SopsTool sops;

  GitFixture remote;
  AppTraffic traffic;
  FluxView view;
  CanaryFixture app;
  String repoURL;
  /** The Git credentials Secret as the repository keeps it: encrypted by sops. */
  String encryptedCredentials;

  static final String ROLLOUT = """
      apiVersion: sluice.dev/v1alpha1
      kind: Rollout
      metadata:
        name: web
      spec:
        replicas: 4
        selector:
          matchLabels: {app: web}
        template:
          metadata:
            labels: {app: web}
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
              gatewayAPI: {httpRoute: web}
            steps:
            - setWeight: 25
            - analysis: {templates: [{templateName: error-rate}]}
            - setWeight: 75
            - pause: {duration: 5s}
        gitRevert:
          enabled: true
          repoURL: %s
          branch: main
          path: apps/web
          commitMode: %s
          secretRef: {name: git-credentials}
      """;


  static final String TEMPLATE = """
      apiVersion: sluice.dev/v1alpha1
      kind: AnalysisTemplate
      metadata: {name: error-rate}
      spec:
        metrics:
        - name: error-rate
          initialDelay: 2s
          interval: 2s
          count: 8
          successCondition: "result < 0.05"
          provider:
            prometheus:
              address: %s
              query: '%s'
      """;

  static final String CREDENTIALS = """
      apiVersion: v1
      kind: Secret
      metadata:
        name: git-credentials
      type: Opaque
      stringData:
        username: %s
        password: %s
      """;

  @BeforeAll
  static void start() {
    PrometheusServer.requireBinary();
    sops = SopsTool.build();
    server = GitHttpServer.start(tmp.resolve("repos"), GitRevertChecks.USER, GitRevertChecks.PASSWORD);
    operator = OperatorProcess.start(TestCluster.get(), "sluice.git-revert.transport-timeout=10s");
    flux = FluxAgent.start(TestCluster.get());
  }

  @AfterAll
  static void stop() {
    if (flux != null) {
      flux.close();
      assertThat(flux.kustomizeControllerLog()).as("no decrypted secret in Flux's log").doesNotContain(GitRevertChecks.PASSWORD);
    }
    if (operator != null) {
      operator.close();
      assertThat(operator.log()).as("no secret in the operator's log").doesNotContain(GitRevertChecks.PASSWORD);
    }
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void setUp(KubernetesClient client, TestNamespace ns) throws Exception {
    remote = GitFixture.create(tmp.resolve("repos/" + ns.name() + ".git"));
    repoURL = server.url(ns.name() + ".git");
    traffic = AppTraffic.start(0);
    view = new FluxView(client, ns.name());
    app = new CanaryFixture(client, ns.name());
    SopsTool.AgeKey key = sops.newKey(tmp);
    encryptedCredentials = sops.encrypt(tmp, key.recipient(), "git-credentials.enc.yaml",
        CREDENTIALS.formatted(GitRevertChecks.USER, GitRevertChecks.PASSWORD));
    // What a person sets up once per cluster: Flux's read access to Git, and the age key it decrypts with.
    client.secrets().inNamespace(ns.name()).resource(new SecretBuilder().withNewMetadata().withName("flux-git").endMetadata()
        .withStringData(Map.of("username", GitRevertChecks.USER, "password", GitRevertChecks.PASSWORD)).build()).create();
    client.secrets().inNamespace(ns.name()).resource(new SecretBuilder().withNewMetadata().withName("sops-age").endMetadata()
        .withStringData(Map.of("age.agekey", key.privateKey())).build()).create();
  }

  @AfterEach
  void tearDown() {
    traffic.close();
    remote.close();
  }

  /**
   * A good release, then a bad one, through Flux alone: the test only commits to Git and changes the error rate.
   */
  @Test
  @SuppressWarnings("unchecked")
  void fluxAppliesReleasesWaitsOnSluicesHealthAndAppliesTheRevertSluicePushes(KubernetesClient client, TestNamespace ns) {
    RevCommit v1 = remote.commit("web 1.0", files("1.0", "Direct"));
    startFlux(ns);
    Eventually.until("Flux Ready on web 1.0", Duration.ofMinutes(3), () -> view.isReady("web") && "Healthy".equals(app.phase()));
    assertThat(FluxView.commitOf(view.lastAppliedRevision("web"))).isEqualTo(v1.name());
    assertThat(client.secrets().inNamespace(ns.name()).withName("git-credentials").get().getData())
        .as("kustomize-controller decrypted the Secret the Rollout names").containsKeys("username", "password");
    assertThat(encryptedCredentials).contains("ENC[AES256_GCM").doesNotContain(GitRevertChecks.PASSWORD);
    String stable1 = (String) app.status().get("stableRS");

    // (1) A release: Flux applies it and stays not-Ready while Sluice runs the canary, Ready once it is Healthy.
    RevCommit v2 = remote.commit("release web 2.0", files("2.0", "Direct"));
    Eventually.until("web 2.0's canary at 25% under analysis", Duration.ofMinutes(2), () -> "25/75".equals(app.routeWeights()));
    assertThat(FluxView.commitOf(view.lastAttemptedRevision("web"))).isEqualTo(v2.name());
    Map<String, Object> whileProgressing = view.ready("web");
    assertThat(whileProgressing.get("status")).as("Flux's Ready while the canary runs: %s", whileProgressing).isNotEqualTo("True");
    assertThat(FluxView.commitOf(view.lastAppliedRevision("web"))).as("not yet applied-and-healthy").isEqualTo(v1.name());
    assertThat(condition(app.status(), "Reconciling")).containsEntry("status", "True");
    Eventually.until("Flux Ready on web 2.0", Duration.ofMinutes(3),
        () -> view.isReady("web") && v2.name().equals(FluxView.commitOf(view.lastAppliedRevision("web"))));
    assertThat(app.phase()).isEqualTo("Healthy");
    String stable2 = (String) app.status().get("stableRS");
    assertThat(stable2).isNotEqualTo(stable1);
    assertThat(app.routeWeights()).isEqualTo("0/100");

    // (2) A bad release: the analysis fails, Sluice pushes the revert, Flux applies it, Healthy on 2.0.
    RevCommit v3 = remote.commit("release web 3.0", files("3.0", "Direct"));
    Eventually.until("web 3.0's canary at 25% under analysis", Duration.ofMinutes(2), () -> "25/75".equals(app.routeWeights())
        && v3.name().equals(FluxView.commitOf(view.lastAttemptedRevision("web"))));
    String bad = (String) app.status().get("currentPodHash");
    Set<String> replicaSets = new TreeSet<>(replicaSetHashes(client, ns));
    traffic.failing(50);
    Eventually.until("the revert pushed", Duration.ofMinutes(2), () -> "Pushed".equals(gitRevert(app.status()).get("phase")));
    String revert = (String) gitRevert(app.status()).get("commit");
    Eventually.until("Flux Ready on the revert commit and the Rollout Healthy", LOOP_BUDGET.plusSeconds(30),
        () -> view.isReady("web") && revert.equals(FluxView.commitOf(view.lastAppliedRevision("web"))) && "Healthy".equals(app.phase()));
    Instant healthy = Instant.now();
    Instant failed = failedMeasurement(client, ns, bad);
    Duration loop = Duration.between(failed, healthy);
    System.out.printf("GitOps loop (failed measurement -> revert pushed -> Flux applied -> Healthy): %.1f s%n", loop.toMillis() / 1000.0);
    assertThat(loop).as("failed measurement -> Flux applied the revert and reports Ready").isLessThan(LOOP_BUDGET);

    assertThat(app.status()).containsEntry("stableRS", stable2).containsEntry("currentPodHash", stable2);
    assertThat(replicaSetHashes(client, ns)).as("no new ReplicaSet").containsExactlyInAnyOrderElementsOf(replicaSets);
    assertThat(app.routeWeights()).isEqualTo("0/100");
    List<RevCommit> log = remote.log();
    assertThat(log).hasSize(4);
    assertThat(log.get(0).name()).isEqualTo(revert);
    assertThat(log.get(1)).isEqualTo(v3);
    assertThat(log.stream().filter(c -> c.getFullMessage().contains("Sluice-Revision:"))).as("exactly one revert commit").hasSize(1);
    assertThat(remote.read(APP + "/rollout.yaml")).isEqualTo(files("2.0", "Direct").get(APP + "/rollout.yaml"));

    // (3) No drift fight: Flux re-applies (three forced reconciles), Sluice neither restarts a release nor moves traffic.
    long generation = app.rollout().getMetadata().getGeneration();
    int runs = app.analysisRuns().size();
    for (int i = 0; i < 3; i++) {
      String at = view.requestReconcile(FluxView.KUSTOMIZE_API, "Kustomization", "web");
      Eventually.until("Flux reconciled again", Duration.ofSeconds(60), () -> view.handled(FluxView.KUSTOMIZE_API, "Kustomization", "web", at));
      assertThat(app.routeWeights()).isEqualTo("0/100");
      assertThat(app.phase()).isEqualTo("Healthy");
    }
    assertThat(view.isReady("web")).isTrue();
    assertThat(app.rollout().getMetadata().getGeneration()).as("the re-applies changed nothing in the spec").isEqualTo(generation);
    assertThat(app.analysisRuns()).as("no new analysis: no release started again").hasSize(runs);
    assertThat(replicaSetHashes(client, ns)).containsExactlyInAnyOrderElementsOf(replicaSets);
    assertThat(app.serviceHash("web-stable")).isEqualTo(stable2);
    assertThat(remote.log()).as("no second revert").hasSize(4);

    // (4) Flux pinned to the bad commit (a stale source): Sluice rejects the release, and Flux shows why.
    view.apply(FluxView.GIT_REPOSITORY.formatted("web", repoURL, "{commit: " + v3.name() + "}", "flux-git"));
    Eventually.until("ReleaseRejected", Duration.ofMinutes(1),
        () -> "True".equals(condition(app.status(), "ReleaseRejected").get("status")));
    String rejected = (String) condition(app.status(), "ReleaseRejected").get("message");
    assertThat(rejected).contains(revert).contains(bad);
    Eventually.until("Flux not Ready on the pinned commit", Duration.ofMinutes(1),
        () -> "False".equals(view.ready("web").get("status")) && v3.name().equals(FluxView.commitOf(view.lastAttemptedRevision("web"))));
    Map<String, Object> fluxReady = view.ready("web");
    System.out.println("Flux's Ready condition on the pinned bad commit: " + fluxReady);
    // What Flux shows is its health check's verdict, read from kstatus: the Rollout is Stalled, which Flux's wait
    // (fluxcd/pkg/ssa) prints as status 'Failed' without kstatus's message. Sluice's own message is on the Rollout.
    assertThat(fluxReady).containsEntry("reason", "HealthCheckFailed");
    assertThat((String) fluxReady.get("message")).contains("failed early due to stalled resources")
        .contains("Rollout/" + ns.name() + "/web status: 'Failed'");
    assertThat(condition(app.status(), "Stalled")).containsEntry("status", "True");
    assertThat((String) condition(app.status(), "Stalled").get("message")).contains(revert);
    hold(Duration.ofSeconds(10));
    assertThat(app.routeWeights()).as("the rejected release gets no traffic").isEqualTo("0/100");
    assertThat(app.serviceHash("web-stable")).isEqualTo(stable2);
    assertThat(replicaSetHashes(client, ns)).containsExactlyInAnyOrderElementsOf(replicaSets);
    assertThat(remote.log()).hasSize(4);
  }

  /** NewBranch: Sluice proposes the revert on a branch; Flux keeps applying main until a person merges it. */
  @Test
  @SuppressWarnings("unchecked")
  void inNewBranchModeFluxKeepsMainAndMergingTheRevertBranchConverges(KubernetesClient client, TestNamespace ns) throws IOException {
    remote.commit("web 1.0", files("1.0", "NewBranch"));
    startFlux(ns);
    Eventually.until("Flux Ready on web 1.0", Duration.ofMinutes(3), () -> view.isReady("web") && "Healthy".equals(app.phase()));
    String stable1 = (String) app.status().get("stableRS");

    RevCommit v2 = remote.commit("release web 2.0", files("2.0", "NewBranch"));
    Eventually.until("web 2.0's canary at 25% under analysis", Duration.ofMinutes(2), () -> "25/75".equals(app.routeWeights()));
    String bad = (String) app.status().get("currentPodHash");
    traffic.failing(50);
    Eventually.until("the revert branch pushed", Duration.ofMinutes(2), () -> "Pushed".equals(gitRevert(app.status()).get("phase")));
    Map<String, Object> record = gitRevert(app.status());
    String branch = (String) record.get("branch");
    assertThat(branch).isNotEqualTo("main").startsWith("sluice/revert-");
    assertThat(remote.head(branch).name()).isEqualTo(record.get("commit"));
    assertThat(remote.head()).as("main untouched").isEqualTo(v2);

    // Flux keeps applying main: the bad release stays aborted and quarantined, all traffic on stable.
    for (int i = 0; i < 2; i++) {
      String at = view.requestReconcile(FluxView.KUSTOMIZE_API, "Kustomization", "web");
      Eventually.until("Flux reconciled main again", Duration.ofSeconds(60), () -> view.handled(FluxView.KUSTOMIZE_API, "Kustomization", "web", at));
    }
    assertThat(FluxView.commitOf(view.lastAttemptedRevision("web"))).isEqualTo(v2.name());
    assertThat(view.ready("web")).containsEntry("status", "False");
    assertThat(app.status()).containsEntry("phase", "Degraded").containsEntry("stableRS", stable1).containsEntry("abort", true);
    assertThat((List<Object>) gitRevert(app.status()).get("rejectedRevisions")).containsExactly(bad);
    assertThat(app.routeWeights()).isEqualTo("0/100");
    assertThat(app.analysisRuns()).as("the release was not started again").hasSize(1);

    // A person merges the revert branch (a fast-forward: it sits on main's head); Flux applies it; Healthy on 1.0.
    RefUpdate update = remote.repository().updateRef("refs/heads/main");
    update.setNewObjectId(remote.head(branch));
    update.setExpectedOldObjectId(v2);
    assertThat(update.update()).isEqualTo(RefUpdate.Result.FAST_FORWARD);
    String merged = remote.head().name();
    Eventually.until("Flux Ready on the merged revert", Duration.ofMinutes(2),
        () -> view.isReady("web") && merged.equals(FluxView.commitOf(view.lastAppliedRevision("web"))) && "Healthy".equals(app.phase()));
    assertThat(app.status()).containsEntry("stableRS", stable1).containsEntry("currentPodHash", stable1);
    assertThat(remote.read(APP + "/rollout.yaml")).isEqualTo(files("1.0", "NewBranch").get(APP + "/rollout.yaml"));
    assertThat(replicaSetHashes(client, ns)).containsExactlyInAnyOrder(stable1, bad);
  }

  /** The files of apps/web for one release; only the Rollout's image differs between releases. */
  Map<String, String> files(String version, String commitMode) {
    Map<String, String> files = new LinkedHashMap<>();
    files.put(APP + "/services.yaml", FluxAppServices.yaml(80));
    files.put(APP + "/analysis.yaml", TEMPLATE.formatted(traffic.prometheusUrl(), AppTraffic.ERROR_RATE));
    files.put(APP + "/git-credentials.enc.yaml", encryptedCredentials);
    files.put(APP + "/rollout.yaml", ROLLOUT.formatted(version, repoURL, commitMode));
    return files;
  }

  /** The GitRepository on main and the Kustomization of apps/web, as `flux create source git` / `kustomization` do. */
  void startFlux(TestNamespace ns) {
    view.apply(FluxView.GIT_REPOSITORY.formatted("web", repoURL, "{branch: main}", "flux-git"));
    view.apply(FluxView.KUSTOMIZATION.formatted("web", ns.name(), "web", APP, "sops-age"));
  }

  /** When the analysis of the release with this pod hash took its first failed measurement. */
  static Instant failedMeasurement(KubernetesClient client, TestNamespace ns, String podHash) {
    return AnalysisTimes.firstFailedMeasurement(client, ns.name(), podHash)
        .orElseThrow(() -> new AssertionError("no failed measurement for " + podHash));
  }
}
