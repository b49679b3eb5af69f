package dev.sluice.e2e.demo;

import dev.sluice.analysis.testing.PrometheusServer;
import dev.sluice.e2e.LoadGenerator;
import dev.sluice.e2e.LoopbackServices;
import dev.sluice.e2e.TraefikProxy;
import dev.sluice.e2e.VersionedApp;
import dev.sluice.testing.TestCluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's traffic, all real and all on loopback (docs/data-plane.md): a ServiceCIDR of loopback addresses; the two
 * Services on free addresses from it, created here before Flux's first apply (see FluxAppServices); the app as one
 * local process answering on both as the version each Service selects; a real Traefik serving the Gateway the
 * HTTPRoute hangs on; a real Prometheus scraping Traefik's request counters, which the analysis reads; and a client
 * that sends paced requests through Traefik and counts who answered and how.
 */
final class DemoDataPlane implements AutoCloseable {
  static final int REQUESTS_PER_SECOND = 20;
  /** The client's bounds: the story is over long before either. */
  static final int MAX_REQUESTS = 12_000;
  static final Duration MAX_LOAD = Duration.ofMinutes(10);

  private final String namespace;
  private final List<AutoCloseable> running;
  private final VersionedApp app;
  private final TraefikProxy traefik;
  private final PrometheusServer prometheus;
  private final String stableAddress;
  private final String canaryAddress;
  private final LoadGenerator.Counts seen = new LoadGenerator.Counts();
  private Thread client;

  private DemoDataPlane(String namespace, List<AutoCloseable> running, VersionedApp app, TraefikProxy traefik,
      PrometheusServer prometheus, String stableAddress, String canaryAddress) {
    this.namespace = namespace;
    this.stableAddress = stableAddress;
    this.canaryAddress = canaryAddress;
    this.running = running;
    this.app = app;
    this.traefik = traefik;
    this.prometheus = prometheus;
  }

  /** Everything but the client, in a namespace that exists and holds no Service yet. */
  static DemoDataPlane start(TestCluster cluster, KubernetesClient client, String namespace, String failingVersion)
      throws Exception {
    List<AutoCloseable> running = new ArrayList<>();
    try {
      String serviceCidr = LoopbackServices.addServiceCidr(cluster);
      running.add(() -> LoopbackServices.removeServiceCidr(cluster, serviceCidr));
      VersionedApp app = VersionedApp.start(client, namespace, failingVersion);
      running.add(app);
      String stableAddress =
          LoopbackServices.createService(client, namespace, address -> app.serviceYaml("web-stable", address));
      String canaryAddress =
          LoopbackServices.createService(client, namespace, address -> app.serviceYaml("web-canary", address));
      TraefikProxy traefik = TraefikProxy.start(client, namespace);
      running.add(traefik);
      create(client, namespace, traefik.gatewayYaml());
      PrometheusServer prometheus = PrometheusServer.start(List.of(traefik.metricsTarget()));
      running.add(prometheus);
      prometheus.awaitTargetsUp(1, Duration.ofSeconds(30));
      return new DemoDataPlane(namespace, running, app, traefik, prometheus, stableAddress, canaryAddress);
    } catch (Exception | Error e) {
      closeAll(running);
      throw e;
    }
  }

  private static void create(KubernetesClient client, String namespace, String yaml) {
    client.resource(Serialization.unmarshal(yaml, GenericKubernetesResource.class)).inNamespace(namespace).create();
  }

  String stableAddress() {
    return stableAddress;
  }

  String canaryAddress() {
    return canaryAddress;
  }

  /** The port of the Services and of the HTTPRoute's backends (the app's port). */
  int port() {
    return app.port();
  }

  String traefikUrl() {
    return traefik.url();
  }

  String prometheusUrl() {
    return prometheus.url();
  }

  /** The canary's share of 5xx answers, as Traefik counted them: what the analysis measures. */
  String canaryErrorRateQuery() {
    return TraefikProxy.fiveHundredsShareQuery(namespace, "web-canary");
  }

  /**
   * Whether the requests the client sends from now on meet canary/100-canary weights in Traefik and the given releases
   * behind the Services (canary null: no canary weight to check). Both follow the cluster a moment late: Traefik
   * applies a route's change after its throttle, the app re-reads the Services' selectors every 200 ms.
   */
  boolean serves(int canaryWeight, String stable, String canary) {
    return traefik.hasLoaded(canaryWeight) && stable.equals(app.serving("web-stable"))
        && (canary == null || canary.equals(app.serving("web-canary")));
  }

  /** Starts the client: REQUESTS_PER_SECOND requests a second through Traefik, bounded by MAX_REQUESTS and MAX_LOAD. */
  void startClient() {
    client = new Thread(() -> LoadGenerator.paced(traefik.url(), REQUESTS_PER_SECOND, MAX_REQUESTS, MAX_LOAD, seen),
        "demo-client");
    client.setDaemon(true);
    client.start();
  }

  /** Everything the client has seen so far; {@code since} gives an act's share of it. */
  LoadGenerator.Tally seen() {
    return seen.tally();
  }

  @Override
  public void close() {
    if (client != null) {
      client.interrupt();
      try {
        client.join(3000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    closeAll(running);
  }

  private static void closeAll(List<AutoCloseable> running) {
    for (int i = running.size() - 1; i >= 0; i--) {
      try {
        running.get(i).close();
      } catch (Exception e) {
        // the rest must still stop; the cluster goes away with the demo anyway
      }
    }
  }
}
