package dev.sluice.e2e.demo;

import dev.sluice.e2e.AnalysisTimes;
import dev.sluice.e2e.FluxAgent;
import dev.sluice.e2e.FluxView;
import dev.sluice.e2e.LoadGenerator.Tally;
import dev.sluice.e2e.LoopbackServices;
import dev.sluice.e2e.SopsTool;
import dev.sluice.testing.Eventually;
import dev.sluice.testing.OperatorProcess;
import dev.sluice.testing.TestCluster;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * The story hack/demo.sh tells: v2 ships as a canary with passing analysis; v3 answers one request in three with an
 * HTTP 500, analysis fails, traffic returns to v2 and Sluice commits the revert to Git; Flux, the GitOps agent,
 * applies Git's reverted manifest and the rollout is Healthy on v2 again. The traffic is real: a client sends requests
 * through Traefik, which Sluice drives through the HTTPRoute, and the analysis reads Traefik's own counts of 5xx
 * answers from Prometheus ({@link DemoDataPlane}). The story never applies the app's manifests: developers commit,
 * Flux applies. Exits 0 only if every expectation held.
 */
public final class DemoStory {
  static final String NAMESPACE = "sluice-demo";
  static final String APP_PATH = "apps/web";
  static final String KUSTOMIZATION = "web";
  /** The releases' image tags; the app answers with its tag, and release 3.0 fails one request in three. */
  static final String V1 = "1.0";
  static final String V2 = "2.0";
  static final String V3 = "3.0";
  /** How far the canary's share of the client's answers may be from the step's weight (docs/data-plane.md). */
  static final double SHARE_TOLERANCE = 0.05;

  private final KubernetesClient client;
  private final Timeline timeline;
  private final DemoCluster cluster;
  private final GitOpsRepo git;
  private final FluxView flux;
  private final DemoDataPlane plane;

  private DemoStory(KubernetesClient client, Timeline timeline, GitOpsRepo git, DemoDataPlane plane) {
    this.client = client;
    this.timeline = timeline;
    this.cluster = new DemoCluster(client, NAMESPACE);
    this.git = git;
    this.flux = new FluxView(client, NAMESPACE);
    this.plane = plane;
  }

  public static void main(String[] args) {
    Timeline timeline = new Timeline();
    try {
      run(timeline);
      timeline.say("every expectation held: the demo passed");
      System.exit(0);
    } catch (Throwable e) {
      timeline.fail(e);
      System.exit(1);
    }
  }

  private static void run(Timeline timeline) throws Exception {
    TestCluster testCluster = TestCluster.get();
    try (KubernetesClient client = testCluster.newClient(); GitOpsRepo git = GitOpsRepo.start()) {
      timeline.say("Git server " + git.url() + " (smart HTTP, basic auth) holds the GitOps repository");
      SopsTool.AgeKey key = prepareNamespace(client);
      // The Services first: Flux's dry run refuses their loopback ClusterIPs, and it leaves them as they are.
      try (DemoDataPlane plane = DemoDataPlane.start(testCluster, client, NAMESPACE, V3)) {
        DemoStory story = new DemoStory(client, timeline, git, plane);
        timeline.say("Services web-stable " + plane.stableAddress() + " and web-canary " + plane.canaryAddress()
            + " (port " + plane.port() + ", ClusterIPs from an extra ServiceCIDR " + LoopbackServices.CIDR + ")");
        timeline.say("the app answers on both as the release its Service selects (its image tag); " + V3
            + " fails 1 request in 3");
        timeline.say("Traefik " + plane.traefikUrl() + " serves Gateway gateway (Gateway API provider): the HTTPRoute"
            + " Sluice drives");
        timeline.say("Prometheus " + plane.prometheusUrl() + " scrapes Traefik's request counters every second");
        try (OperatorProcess operator = OperatorProcess.start(testCluster); FluxAgent agent = FluxAgent.start(testCluster)) {
          timeline.say("the Sluice operator runs against the local control plane");
          timeline.say("Flux (source-controller, kustomize-controller) is the GitOps agent: it applies " + APP_PATH
              + " from main every 5 s");
          story.play(key);
        }
      }
    }
  }

  /** A fresh namespace with what a person sets up once: Flux's read access to Git and the age key it decrypts with. */
  private static SopsTool.AgeKey prepareNamespace(KubernetesClient client) throws java.io.IOException {
    if (client.namespaces().withName(NAMESPACE).get() != null) {
      client.namespaces().withName(NAMESPACE).delete();
      Eventually.until("namespace " + NAMESPACE + " deleted", Duration.ofMinutes(1),
          () -> client.namespaces().withName(NAMESPACE).get() == null);
    }
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build()).create();
    client.secrets().inNamespace(NAMESPACE).resource(new SecretBuilder().withNewMetadata().withName("flux-git")
        .endMetadata().withStringData(Map.of("username", GitOpsRepo.USER, "password", GitOpsRepo.TOKEN)).build()).create();
    Path keys = Files.createTempDirectory("sluice-demo-age-");
    SopsTool.AgeKey key = SopsTool.build().newKey(keys);
    client.secrets().inNamespace(NAMESPACE).resource(new SecretBuilder().withNewMetadata().withName("sops-age")
        .endMetadata().withStringData(Map.of("age.agekey", key.privateKey())).build()).create();
    return key;
  }

  private void play(SopsTool.AgeKey key) throws java.io.IOException {
    String credentials = SopsTool.build().encrypt(Files.createTempDirectory("sluice-demo-sops-"), key.recipient(),
        "git-credentials.enc.yaml", DemoApp.CREDENTIALS.formatted(GitOpsRepo.USER, GitOpsRepo.TOKEN));
    DemoApp app = new DemoApp(git.url(), plane.port(), plane.prometheusUrl(), plane.canaryErrorRateQuery(), credentials);
    timeline.act("Act 0: v1 is deployed by Flux");
    RevCommit v1 = git.commit("web: first release, v1", app.files(V1));
    timeline.say("developer commits " + v1.abbreviate(7).name() + " \"" + v1.getShortMessage() + "\" (Sluice's Git"
        + " credentials in it encrypted with SOPS/age)");
    flux.apply(FluxView.GIT_REPOSITORY.formatted(KUSTOMIZATION, git.url(), "{branch: main}", "flux-git"));
    flux.apply(FluxView.KUSTOMIZATION.formatted(KUSTOMIZATION, NAMESPACE, KUSTOMIZATION, APP_PATH, "sops-age"));
    timeline.say("GitRepository " + KUSTOMIZATION + " (main, every 5 s) and Kustomization " + KUSTOMIZATION
        + " (health check on Rollout web, SOPS decryption) created");
    try (AgentWatch watch = new AgentWatch(flux, cluster, timeline)) {
      playWithFlux(app, v1);
    }
  }

  private void playWithFlux(DemoApp app, RevCommit v1) {
    cluster.await("v1 Healthy and Flux Ready on it", Duration.ofMinutes(3), () -> "Healthy".equals(cluster.phase())
        && flux.isReady(KUSTOMIZATION) && v1.name().equals(FluxView.commitOf(flux.lastAppliedRevision(KUSTOMIZATION))));
    expect(client.secrets().inNamespace(NAMESPACE).withName("gitops-credentials").get() != null,
        "Flux decrypted Sluice's Git credentials into the Secret gitops-credentials");
    String v1Hash = cluster.stableHash();
    timeline.show(cluster.sluice("get", "rollout", "web"));
    awaitDataPlane(0, V1, null);
    plane.startClient();
    timeline.say("the client sends " + DemoDataPlane.REQUESTS_PER_SECOND + " requests a second through Traefik (at most "
        + DemoDataPlane.MAX_REQUESTS + ", for at most " + DemoDataPlane.MAX_LOAD.toMinutes() + " min)");
    cluster.await("the client's first answers", Duration.ofSeconds(30), () -> plane.seen().total() >= 20);
    Tally act0 = plane.seen();
    timeline.say("the client: " + act0);
    expect(act0.status(200) == act0.total() && act0.version(V1) == act0.total(), "v1 answers every request with 200: " + act0);

    timeline.act("Act 1: release v2 rolls out as a canary; analysis passes");
    Tally beforeV2 = plane.seen();
    RevCommit v2 = git.commit("web: release v2", app.files(V2));
    timeline.say("developer commits " + v2.abbreviate(7).name() + " \"" + v2.getShortMessage() + "\"");
    cluster.await("the canary at 25% with its analysis running", Duration.ofMinutes(2),
        () -> "25/75".equals(cluster.routeWeights()) && cluster.runPhases().contains("Running"));
    awaitDataPlane(25, V1, V2);
    Tally at25 = plane.seen();
    timeline.say("HTTPRoute web: canary 25%, stable 75%, and Traefik balances by it; AnalysisRun running on Traefik's"
        + " 5xx counts");
    timeline.show(cluster.sluice("get", "rollout", "web"));
    expect(!flux.isReady(KUSTOMIZATION), "Flux's Kustomization is not Ready while the canary runs");
    cluster.await("the analysis over and the canary past 25%", Duration.ofMinutes(2),
        () -> !"25/75".equals(cluster.routeWeights()));
    Tally canaryStep = plane.seen().since(at25);
    timeline.say(String.format("the client while the canary had 25%%: %d requests, v2 answered %d (%.1f%%), v1 %d;"
        + " %d failed", canaryStep.total(), canaryStep.version(V2), 100 * canaryStep.share(V2), canaryStep.version(V1),
        canaryStep.total() - canaryStep.status(200)));
    expect(canaryStep.total() > 0 && Math.abs(canaryStep.share(V2) - 0.25) <= SHARE_TOLERANCE,
        "v2 answers 25% of the requests at the 25% step, within 5 points: " + canaryStep);
    cluster.await("v2 Healthy and Flux Ready on it", Duration.ofMinutes(3), () -> "Healthy".equals(cluster.phase())
        && !v1Hash.equals(cluster.stableHash()) && v2.name().equals(FluxView.commitOf(flux.lastAppliedRevision(KUSTOMIZATION)))
        && flux.isReady(KUSTOMIZATION));
    String v2Hash = cluster.stableHash();
    expect("0/100".equals(cluster.routeWeights()), "after v2's promotion the route sends all traffic to stable (v2)");
    expect(cluster.runPhases().equals(List.of("Successful")), "v2's AnalysisRun is Successful, was " + cluster.runPhases());
    timeline.say("v2 is stable (" + v2Hash + "): route back to a single backend, AnalysisRun Successful");
    awaitDataPlane(0, V2, null);
    Tally act1 = plane.seen().since(beforeV2);
    timeline.say("the client during the release of v2: " + act1 + "; " + (act1.total() - act1.status(200)) + " failed");
    expect(act1.status(200) == act1.total(), "no request failed while v2 rolled out: " + act1);
    expect(act1.version(V1) + act1.version(V2) == act1.total(), "only v1 and v2 answered: " + act1);
    timeline.show(cluster.sluice("get", "rollout", "web"));

    timeline.act("Act 2: release v3 fails 1 request in 3; analysis fails; Sluice reverts it in Git");
    Tally beforeV3 = plane.seen();
    RevCommit v3 = git.commit("web: release v3", app.files(V3));
    timeline.say("developer commits " + v3.abbreviate(7).name() + " \"" + v3.getShortMessage() + "\"");
    cluster.await("v3's canary at 25% with its analysis running", Duration.ofMinutes(2),
        () -> "25/75".equals(cluster.routeWeights()) && cluster.runPhases().contains("Running"));
    Set<String> hashesWithV3 = cluster.replicaSetHashes();
    String v3Hash = (String) cluster.status().get("currentPodHash");
    timeline.say("HTTPRoute web: canary 25%, stable 75%; v3 answers 1 request in 3 with HTTP 500");
    cluster.await("the rollout Degraded", Duration.ofMinutes(2), () -> "Degraded".equals(cluster.phase()));
    expect("0/100".equals(cluster.routeWeights()), "traffic is back on v2 at once: the route reads canary 0, stable 100");
    expect(v2Hash.equals(cluster.serviceHash("web-stable")), "the stable Service still selects v2");
    expect("Analysis".equals(cluster.status().get("abortReason")), "the abort names analysis as its reason");
    timeline.say("analysis failed: " + cluster.status().get("message"));
    timeline.say("HTTPRoute web: canary 0%, stable 100%");
    awaitDataPlane(0, V2, null);
    Tally backOnV2 = plane.seen();
    Tally act2 = backOnV2.since(beforeV3);
    timeline.say("the client, from v3's commit until Traefik sent everything to v2 again: " + act2 + "; "
        + act2.status(500) + " failed");
    expect(act2.status(500) > 0, "the client got v3's 500s: " + act2);
    expect(act2.status(200) + act2.status(500) == act2.total(), "every request got an answer, 200 or 500: " + act2);
    expect(act2.status(500) <= act2.version(V3), "only v3 failed: " + act2);
    cluster.await("the revert commit pushed", Duration.ofMinutes(2), () -> "Pushed".equals(cluster.gitRevert().get("phase")));
    Instant pushed = Instant.now();
    String revertId = (String) cluster.gitRevert().get("commit");
    RevCommit head = git.log().get(0);
    expect(head.getName().equals(revertId), "the head of main is Sluice's revert commit " + revertId);
    expect(git.log().stream().filter(c -> c.getFullMessage().contains("Sluice-Rollout: " + NAMESPACE + "/web")).count() == 1,
        "exactly one revert commit is in Git");
    expect(git.read(APP_PATH + "/rollout.yaml").equals(app.files(V2).get(APP_PATH + "/rollout.yaml")),
        "Git's rollout.yaml asks for v2 again, byte for byte");
    timeline.say("Sluice pushed " + head.abbreviate(7).name() + " to main:");
    timeline.show(indent(head.getFullMessage()));
    timeline.show(cluster.sluice("get", "rollout", "web"));

    timeline.act("Act 3: Flux applies the revert commit; the rollout is Healthy on v2");
    cluster.await("Flux Ready on the revert commit and the rollout Healthy on v2", Duration.ofMinutes(2),
        () -> "Healthy".equals(cluster.phase()) && v2Hash.equals(cluster.stableHash()) && flux.isReady(KUSTOMIZATION)
            && revertId.equals(FluxView.commitOf(flux.lastAppliedRevision(KUSTOMIZATION))));
    Instant healthy = Instant.now();
    Instant failed = AnalysisTimes.firstFailedMeasurement(client, NAMESPACE, v3Hash)
        .orElseThrow(() -> new DemoFailure("v3's AnalysisRun records its failed measurement"));
    timeline.say(String.format("the loop: failed measurement -> revert pushed (%.1f s) -> Flux applied it and the rollout"
        + " is Healthy: %.1f s", seconds(failed, pushed), seconds(failed, healthy)));
    expect(seconds(failed, healthy) < 60, "the loop closes within 60 s");
    expect(hashesWithV3.containsAll(cluster.replicaSetHashes()), "no new ReplicaSet: v2's pods kept serving throughout");
    expect("0/100".equals(cluster.routeWeights()), "all traffic on v2");
    Tally act3 = plane.seen().since(backOnV2);
    timeline.say("the client since traffic went back to v2: " + act3);
    expect(act3.total() > 0 && act3.status(200) == act3.total() && act3.version(V2) == act3.total(),
        "every request since then answered 200 by v2: " + act3);
    timeline.show(cluster.sluice("get", "rollout", "web"));
    timeline.say("git log of main:");
    timeline.show(git.log().stream().map(c -> "  " + c.abbreviate(7).name() + " " + c.getShortMessage())
        .collect(Collectors.joining("\n")));
  }

  /**
   * Waits until Traefik balances by canary/100-canary and the Services answer as the given releases (canary null: the
   * canary has no weight): the client's counts follow from then on.
   */
  private void awaitDataPlane(int canaryWeight, String stable, String canary) {
    cluster.await("Traefik serving canary " + canaryWeight + "%, web-stable answering " + stable
        + (canary == null ? "" : ", web-canary answering " + canary), Duration.ofSeconds(30),
        () -> plane.serves(canaryWeight, stable, canary));
  }

  private static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toMillis() / 1000.0;
  }

  private static String indent(String text) {
    return text.lines().map(l -> "    " + l).collect(Collectors.joining("\n"));
  }

  static void expect(boolean held, String expectation) {
    if (!held) {
      throw new DemoFailure(expectation);
    }
  }

  /** An expectation of the story that did not hold. */
  static final class DemoFailure extends RuntimeException {
    DemoFailure(String expectation) {
      super("expected: " + expectation);
    }
  }

  static void sleep(Duration duration) {
    try {
      TimeUnit.MILLISECONDS.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
