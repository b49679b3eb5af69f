package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sluice.testing.Eventually;
import dev.sluice.testing.KubernetesExtension;
import dev.sluice.testing.OperatorProcess;
import dev.sluice.testing.TestCluster;
import dev.sluice.testing.TestNamespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Real requests through a real Traefik while a canary walks 0 -> 25 -> 50 -> 100, once through an HTTPRoute (Traefik's
 * Gateway API provider) and once through a TraefikService (its CRD provider). The client counts who answered: the
 * canary's share at each step must be the step's weight.
 *
 * <p>Tolerance: 5 percentage points on 200 requests. Traefik's weighted round robin is deterministic (earliest deadline
 * first, not random), so once Traefik has loaded a step's weights (its API says so before the requests start) the share
 * of any 200 consecutive requests is off by at most one request per weight cycle; 5 points leaves room for a request in
 * flight while Traefik swaps its configuration, and still tells 25 from 50 from 100 apart by a wide margin.
 */
@Tag("cluster")
@ExtendWith(KubernetesExtension.class)
class DataPlaneTest {
  static final int REQUESTS = 200;
  static final double TOLERANCE = 0.05;

  static OperatorProcess operator;
  static String serviceCidr;
  final List<AutoCloseable> running = new ArrayList<>();

  static final String ROLLOUT = """
      apiVersion: sluice.dev/v1alpha1
      kind: Rollout
      metadata: {name: web}
      spec:
        replicas: 2
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
            trafficRouting:
              %s
            steps:
            - setWeight: 25
            - pause: {}
            - setWeight: 50
            - pause: {}
            - setWeight: 100
            - pause: {}
      """;

  @BeforeAll
  static void start() {
    operator = OperatorProcess.start(TestCluster.get());
    serviceCidr = LoopbackServices.addServiceCidr(TestCluster.get());
  }

  @AfterAll
  static void stop() {
    operator.close();
    LoopbackServices.removeServiceCidr(TestCluster.get(), serviceCidr);
  }

  @AfterEach
  void closeRunning() throws Exception {
    for (int i = running.size() - 1; i >= 0; i--) {
      running.get(i).close();
    }
  }

  @Test
  void throughAnHttpRouteTheClientSeesEachStepsShare(KubernetesClient client, TestNamespace ns) throws Exception {
    DataPlane plane = DataPlane.start(client, ns.name(), running);
    plane.app().apply(plane.traefik().gatewayYaml());
    plane.app().apply("""
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: web}
        spec:
          parentRefs: [{name: gateway}]
          rules:
          - backendRefs:
            - {name: web-stable, port: %1$d, weight: 100}
            - {name: web-canary, port: %1$d, weight: 0}
        """.formatted(plane.port()));

    walk(plane, "gatewayAPI: {httpRoute: web}");
  }

  @Test
  void throughATraefikServiceTheClientSeesEachStepsShare(KubernetesClient client, TestNamespace ns) throws Exception {
    DataPlane plane = DataPlane.start(client, ns.name(), running);
    // nativeLB on each member: Traefik 3.6.12 builds a TraefikService's members without the provider's
    // nativeLBByDefault (only IngressRoute services get it), and the Services have no usable endpoints here.
    plane.app().apply("""
        apiVersion: traefik.io/v1alpha1
        kind: TraefikService
        metadata: {name: web-wrr}
        spec:
          weighted:
            services:
            - {name: web-stable, port: %1$d, weight: 100, nativeLB: true}
            - {name: web-canary, port: %1$d, weight: 0, nativeLB: true}
        """.formatted(plane.port()));
    plane.app().apply("""
        apiVersion: traefik.io/v1alpha1
        kind: IngressRoute
        metadata: {name: web}
        spec:
          entryPoints: [web]
          routes:
          - match: PathPrefix(`/`)
            kind: Rule
            services: [{name: web-wrr, kind: TraefikService}]
        """);

    walk(plane, "traefik: {weightedTraefikServiceName: web-wrr}");
  }

  /** v1 Healthy, then v2 released step by step; at each step the client's count matches the weight. */
  private void walk(DataPlane plane, String routing) {
    CanaryFixture app = plane.app();
    app.applyRolloutYaml(ROLLOUT.formatted("1.0", routing));
    Eventually.until("v1 Healthy", Duration.ofMinutes(1), () -> "Healthy".equals(app.phase()));
    String v1 = (String) app.status().get("stableRS");

    expectShare(plane, 0, "1.0", null);
    app.applyRolloutYaml(ROLLOUT.formatted("2.0", routing));
    int pauseIndex = 1;
    for (int weight : new int[] {25, 50, 100}) {
      int index = pauseIndex;
      Eventually.until("the pause after setWeight " + weight, Duration.ofMinutes(1),
          () -> "Paused".equals(app.phase()) && Integer.valueOf(index).equals(app.status().get("currentStepIndex")));
      expectShare(plane, weight, "1.0", "2.0");
      app.patchStatus("{\"status\":{\"pauseConditions\":null}}");
      pauseIndex += 2;
    }
    Eventually.until("v2 Healthy", Duration.ofMinutes(1),
        () -> "Healthy".equals(app.phase()) && !v1.equals(app.status().get("stableRS")));
    // v2 is the stable now: the route is back on the stable Service, which answers v2
    expectShare(plane, 0, "2.0", null);
  }

  /**
   * Counts REQUESTS answers once the data plane has settled: Traefik has loaded canaryWeight/100-canaryWeight and the
   * app answers for web-stable as {@code stable} and, when the canary has weight, for web-canary as {@code canary}
   * (the app follows the Services' selectors up to one refresh late, as kube-proxy would). Then the canary's share of
   * the answers must be its weight.
   */
  static void expectShare(DataPlane plane, int canaryWeight, String stable, String canary) {
    Eventually.until("Traefik serving weights " + canaryWeight + "/" + (100 - canaryWeight) + ", web-stable answering "
        + stable + (canaryWeight > 0 ? ", web-canary answering " + canary : ""), Duration.ofSeconds(30),
        () -> plane.traefik().hasLoaded(canaryWeight) && stable.equals(plane.versions().serving("web-stable"))
            && (canaryWeight == 0 || canary.equals(plane.versions().serving("web-canary"))));
    LoadGenerator.Tally tally = LoadGenerator.send(plane.traefik().url(), REQUESTS, Duration.ofSeconds(20));
    assertThat(tally.total()).as("requests answered in time: %s", tally).isEqualTo(REQUESTS);
    assertThat(tally.status(200)).as("all answered 200: %s; Traefik's services: %s", tally,
        plane.traefik().loadedServices()).isEqualTo(REQUESTS);
    if (canary == null) {
      assertThat(tally.share(stable)).as("all answered by %s: %s", stable, tally).isCloseTo(1.0, within(1e-9));
      return;
    }
    assertThat(tally.share(stable) + tally.share(canary)).as("only %s and %s answer: %s", stable, canary, tally)
        .isCloseTo(1.0, within(1e-9));
    assertThat(tally.share(canary)).as("%s's share at canary weight %d: %s", canary, canaryWeight, tally)
        .isCloseTo(canaryWeight / 100.0, within(TOLERANCE));
  }

  /** The app, its two Services on loopback ClusterIPs, and a Traefik in front of the namespace. */
  record DataPlane(CanaryFixture app, VersionedApp versions, TraefikProxy traefik) {
    static DataPlane start(KubernetesClient client, String namespace, List<AutoCloseable> running) throws IOException {
      CanaryFixture app = new CanaryFixture(client, namespace);
      VersionedApp versions = VersionedApp.start(client, namespace);
      running.add(versions);
      LoopbackServices.createService(client, namespace, address -> versions.serviceYaml("web-stable", address));
      LoopbackServices.createService(client, namespace, address -> versions.serviceYaml("web-canary", address));
      TraefikProxy traefik = TraefikProxy.start(client, namespace);
      running.add(traefik);
      return new DataPlane(app, versions, traefik);
    }

    int port() {
      return versions.port();
    }
  }
}
