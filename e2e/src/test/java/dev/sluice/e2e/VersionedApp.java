package dev.sluice.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The app behind the Services, as one local process: kwok's pods do not run, so this answers for them. It listens on
 * every address (0.0.0.0) on the Services' port; a request reaches it on the loopback ClusterIP of the Service Traefik
 * chose, and it answers as the version of the pods that Service selects right now: the Service's
 * sluice.dev/pod-template-hash selector names a ReplicaSet, whose image tag is the version ("1.0", "2.0", ...). The
 * body is that version. One version fails: it answers every third request it gets with a 500 ("bad" unless the
 * caller names another, as the demo does for its release 3.0).
 *
 * <p>The address-to-version table is refreshed from the cluster every 200 ms, as kube-proxy would follow a Service's
 * selector; a request to an address no Service holds (yet) gets a 503.
 */
public final class VersionedApp implements AutoCloseable {
  static final String BAD = "bad";

  static {
    // headers and body leave in one go (see e2e/pom.xml); read once, by the JVM's first HttpServer
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private final HttpServer server;
  private final String failing;
  private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor();
  private volatile Map<String, String> versionByAddress = Map.of();
  private volatile Map<String, String> versionByService = Map.of();
  private final Map<String, AtomicLong> served = new ConcurrentHashMap<>();

  private VersionedApp(KubernetesClient client, String namespace, int port, String failing) throws IOException {
    this.failing = failing;
    server = HttpServer.create(new InetSocketAddress("0.0.0.0", port), 64);
    server.createContext("/", this::answer);
    server.setExecutor(Executors.newFixedThreadPool(4));
    refresh(client, namespace);
    refresher.scheduleWithFixedDelay(() -> refresh(client, namespace), 200, 200, TimeUnit.MILLISECONDS);
    server.start();
  }

  /** Listens on 0.0.0.0 on a free port; the Services carry that port. Version {@link #BAD} fails. */
  static VersionedApp start(KubernetesClient client, String namespace) throws IOException {
    return start(client, namespace, BAD);
  }

  /** As {@link #start(KubernetesClient, String)}, with {@code failing} the version that fails one request in three. */
  public static VersionedApp start(KubernetesClient client, String namespace, String failing) throws IOException {
    return new VersionedApp(client, namespace, TraefikProxy.freePort(), failing);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /**
   * The version this app answers as, right now, for requests to the named Service (null: it would answer 503). A test
   * waits on this before it counts answers, since the table follows the cluster up to one refresh late.
   */
  public String serving(String service) {
    return versionByService.get(service);
  }

  /** A Service of the app with a fixed loopback ClusterIP and this app's port. */
  public String serviceYaml(String name, String clusterIp) {
    return """
        apiVersion: v1
        kind: Service
        metadata: {name: %s}
        spec:
          clusterIP: %s
          selector: {app: web}
          ports: [{port: %d, targetPort: 8080}]
        """.formatted(name, clusterIp, port());
  }

  private void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.getRequestBody().readAllBytes();
      String version = versionByAddress.get(exchange.getLocalAddress().getAddress().getHostAddress());
      int status;
      if (version == null) {
        status = 503;
        version = "none";
      } else {
        long n = served.computeIfAbsent(version, v -> new AtomicLong()).incrementAndGet();
        status = failing.equals(version) && n % 3 == 0 ? 500 : 200;
      }
      byte[] body = version.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "text/plain");
      exchange.sendResponseHeaders(status, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private void refresh(KubernetesClient client, String namespace) {
    try {
      Map<String, String> tagByHash = new HashMap<>();
      for (ReplicaSet rs : client.apps().replicaSets().inNamespace(namespace).list().getItems()) {
        String hash = rs.getSpec().getTemplate().getMetadata().getLabels().get("sluice.dev/pod-template-hash");
        String image = rs.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
        if (hash != null) {
          tagByHash.put(hash, image.substring(image.lastIndexOf(':') + 1));
        }
      }
      Map<String, String> table = new HashMap<>();
      Map<String, String> byService = new HashMap<>();
      for (Service service : client.services().inNamespace(namespace).list().getItems()) {
        String hash = service.getSpec().getSelector() == null ? null
            : service.getSpec().getSelector().get("sluice.dev/pod-template-hash");
        String version = hash == null ? null : tagByHash.get(hash);
        if (version != null && service.getSpec().getClusterIP() != null) {
          table.put(service.getSpec().getClusterIP(), version);
          byService.put(service.getMetadata().getName(), version);
        }
      }
      versionByAddress = Map.copyOf(table);
      versionByService = Map.copyOf(byService);
    } catch (RuntimeException e) {
      // keep the last table: a failed read (the namespace going away at the end) must not stop the refresher
    }
  }

  @Override
  public void close() {
    refresher.shutdownNow();
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
