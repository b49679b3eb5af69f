package dev.sluice.e2e.demo;

import dev.sluice.e2e.AnalysisTimes;
import dev.sluice.e2e.AppTraffic;
import dev.sluice.e2e.FluxAgent;
import dev.sluice.e2e.FluxView;
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
 * The story hack/demo.sh tells: v2 ships as a canary with passing analysis; v3's error rate climbs, analysis fails,
 * traffic returns to v2 and Sluice commits the revert to Git; Flux, the GitOps agent, applies Git's reverted manifest
 * and the rollout is Healthy on v2 again. The test never applies a manifest: developers commit, Flux applies. Exits 0
 * only if every expectation held.
 */
public final class DemoStory {
  static final String NAMESPACE = "sluice-demo";
  static final String APP_PATH = "apps/web";
  static final String KUSTOMIZATION = "web";

  private final KubernetesClient client;
  private final Timeline timeline;
  private final DemoCluster cluster;
  private final GitOpsRepo git;
  private final AppTraffic traffic;
  private final FluxView flux;

  private DemoStory(KubernetesClient client, Timeline timeline, GitOpsRepo git, AppTraffic traffic) {
    this.client = client;
    this.timeline = timeline;
    this.cluster = new DemoCluster(client, NAMESPACE);
    this.git = git;
    this.traffic = traffic;
    this.flux = new FluxView(client, NAMESPACE);
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
    try (KubernetesClient client = testCluster.newClient(); GitOpsRepo git = GitOpsRepo.start();
        AppTraffic traffic = AppTraffic.start(0)) {
      DemoStory story = new DemoStory(client, timeline, git, traffic);
      timeline.say("Prometheus " + traffic.prometheusUrl() + " scrapes the app's request counters");
      timeline.say("Git server " + git.url() + " (smart HTTP, basic auth) holds the GitOps repository");
      SopsTool.AgeKey key = story.prepareNamespace();
      try (OperatorProcess operator = OperatorProcess.start(testCluster); FluxAgent agent = FluxAgent.start(testCluster)) {
        timeline.say("the Sluice operator runs against the local control plane");
        timeline.say("Flux (source-controller, kustomize-controller) is the GitOps agent: it applies " + APP_PATH
            + " from main every 5 s");
        story.play(traffic.prometheusUrl(), key);
      }
    }
  }

  /** A fresh namespace with what a person sets up once: Flux's read access to Git and the age key it decrypts with. */
  private SopsTool.AgeKey prepareNamespace() throws java.io.IOException {
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

  private void play(String prometheusUrl, SopsTool.AgeKey key) throws java.io.IOException {
    String credentials = SopsTool.build().encrypt(Files.createTempDirectory("sluice-demo-sops-"), key.recipient(),
        "git-credentials.enc.yaml", DemoApp.CREDENTIALS.formatted(GitOpsRepo.USER, GitOpsRepo.TOKEN));
    DemoApp app = new DemoApp(git.url(), prometheusUrl, credentials);
    timeline.act("Act 0: v1 is deployed by Flux");
    RevCommit v1 = git.commit("web: first release, v1", app.files("1.0"));
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

    timeline.act("Act 1: release v2 rolls out as a canary; analysis passes");
    RevCommit v2 = git.commit("web: release v2", app.files("2.0"));
    timeline.say("developer commits " + v2.abbreviate(7).name() + " \"" + v2.getShortMessage() + "\"");
    cluster.await("the canary at 25% with its analysis running", Duration.ofMinutes(2),
        () -> "25/75".equals(cluster.routeWeights()) && cluster.runPhases().contains("Running"));
    timeline.say("HTTPRoute web: canary 25%, stable 75%; AnalysisRun running, error rate ~0%");
    timeline.show(cluster.sluice("get", "rollout", "web"));
    expect(!flux.isReady(KUSTOMIZATION), "Flux's Kustomization is not Ready while the canary runs");
    cluster.await("v2 Healthy and Flux Ready on it", Duration.ofMinutes(3), () -> "Healthy".equals(cluster.phase())
        && !v1Hash.equals(cluster.stableHash()) && v2.name().equals(FluxView.commitOf(flux.lastAppliedRevision(KUSTOMIZATION)))
        && flux.isReady(KUSTOMIZATION));
    String v2Hash = cluster.stableHash();
    expect("0/100".equals(cluster.routeWeights()), "after v2's promotion the route sends all traffic to stable (v2)");
    expect(cluster.runPhases().equals(List.of("Successful")), "v2's AnalysisRun is Successful, was " + cluster.runPhases());
    timeline.say("v2 is stable (" + v2Hash + "): route back to a single backend, AnalysisRun Successful");
    timeline.show(cluster.sluice("get", "rollout", "web"));

    timeline.act("Act 2: release v3 starts; its error rate climbs; analysis fails; Sluice reverts it in Git");
    RevCommit v3 = git.commit("web: release v3", app.files("3.0"));
    timeline.say("developer commits " + v3.abbreviate(7).name() + " \"" + v3.getShortMessage() + "\"");
    cluster.await("v3's canary at 25% with its analysis running", Duration.ofMinutes(2),
        () -> "25/75".equals(cluster.routeWeights()) && cluster.runPhases().contains("Running"));
    Set<String> hashesWithV3 = cluster.replicaSetHashes();
    String v3Hash = (String) cluster.status().get("currentPodHash");
    traffic.failing(60);
    timeline.say("v3 answers 1 request in 3 with HTTP 500");
    cluster.await("the rollout Degraded", Duration.ofMinutes(2), () -> "Degraded".equals(cluster.phase()));
    expect("0/100".equals(cluster.routeWeights()), "traffic is back on v2 at once: the route reads canary 0, stable 100");
    expect(v2Hash.equals(cluster.serviceHash("web-stable")), "the stable Service still selects v2");
    expect("Analysis".equals(cluster.status().get("abortReason")), "the abort names analysis as its reason");
    timeline.say("analysis failed: " + cluster.status().get("message"));
    timeline.say("HTTPRoute web: canary 0%, stable 100%");
    cluster.await("the revert commit pushed", Duration.ofMinutes(2), () -> "Pushed".equals(cluster.gitRevert().get("phase")));
    Instant pushed = Instant.now();
    String revertId = (String) cluster.gitRevert().get("commit");
    RevCommit head = git.log().get(0);
    expect(head.getName().equals(revertId), "the head of main is Sluice's revert commit " + revertId);
    expect(git.log().stream().filter(c -> c.getFullMessage().contains("Sluice-Rollout: " + NAMESPACE + "/web")).count() == 1,
        "exactly one revert commit is in Git");
    expect(git.read(APP_PATH + "/rollout.yaml").equals(app.files("2.0").get(APP_PATH + "/rollout.yaml")),
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
    timeline.show(cluster.sluice("get", "rollout", "web"));
    timeline.say("git log of main:");
    timeline.show(git.log().stream().map(c -> "  " + c.abbreviate(7).name() + " " + c.getShortMessage())
        .collect(Collectors.joining("\n")));
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
