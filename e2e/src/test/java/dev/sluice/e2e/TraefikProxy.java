package dev.sluice.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.testing.Eventually;
import dev.sluice.testing.RepoPaths;
import dev.sluice.testing.Scripts;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Traefik (hack/build-traefik.sh) in front of one test namespace, reading it through its kubernetesCRD and
 * kubernetesGateway providers with a ServiceAccount token. Both providers route to a Service's ClusterIP
 * ({@code nativeLBByDefault}): kwok's pods have no network, and the Services' ClusterIPs are loopback addresses a
 * local process answers on (see {@link VersionedApp} and docs/data-plane.md).
 *
 * <p>Entry points, both on 127.0.0.1: {@code web} (requests) and {@code traefik} (Prometheus /metrics, /ping, and the
 * read-only API that says which weights Traefik has loaded; no dashboard).
 */
public final class TraefikProxy implements AutoCloseable {
  static final String GATEWAY_CLASS = "sluice-dataplane";
  private static final String CLUSTER_ROLE = "sluice-dataplane-traefik";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient client;
  private final String namespace;
  private final Process process;
  private final Path state;
  private final int webPort;
  private final int internalPort;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private TraefikProxy(KubernetesClient client, String namespace, Process process, Path state, int webPort,
      int internalPort) {
    this.client = client;
    this.namespace = namespace;
    this.process = process;
    this.state = state;
    this.webPort = webPort;
    this.internalPort = internalPort;
  }

  /** Builds Traefik if needed, grants it what its two providers read, starts it and waits for /ping. */
  public static TraefikProxy start(KubernetesClient client, String namespace) {
    Path dir = Path.of(Scripts.lastLine(Scripts.run(RepoPaths.resolve("hack/build-traefik.sh"))));
    try {
      installCrds(client, dir.resolve("crds"));
      grant(client, namespace, dir.resolve("rbac"));
      Path state = Files.createTempDirectory("sluice-traefik-");
      Path token = state.resolve("token");
      Files.writeString(token, token(client, namespace));
      Path ca = state.resolve("ca.crt");
      Files.write(ca, caCertificate(client));
      int webPort = freePort();
      int internalPort = freePort();
      String endpoint = client.getConfiguration().getMasterUrl().replaceAll("/$", "");
      List<String> command = new ArrayList<>(List.of(dir.resolve("traefik").toString(),
          "--log.level=INFO",
          // nothing leaves the machine: no release check, no usage report
          "--global.checkNewVersion=false", "--global.sendAnonymousUsage=false",
          // a weight change reaches the proxy in a fraction of a second (the default waits 2 s after each change)
          "--providers.providersThrottleDuration=200ms",
          "--entryPoints.web.address=127.0.0.1:" + webPort,
          // "traefik" is the entry point Traefik serves its own API, /ping and /metrics on (api.insecure: no router
          // of ours needed; read-only, on loopback, no dashboard).
          "--entryPoints.traefik.address=127.0.0.1:" + internalPort,
          "--api.insecure=true", "--api.dashboard=false", "--ping=true",
          "--metrics.prometheus=true", "--metrics.prometheus.addServicesLabels=true"));
      for (String provider : List.of("kubernetesCRD", "kubernetesGateway")) {
        String p = "--providers." + provider;
        command.addAll(List.of(p + "=true", p + ".endpoint=" + endpoint, p + ".token=" + token,
            p + ".certAuthFilePath=" + ca, p + ".namespaces=" + namespace, p + ".nativeLBByDefault=true",
            p + ".throttleDuration=0s"));
      }
      Process process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(state.resolve("traefik.log").toFile()).start();
      TraefikProxy proxy = new TraefikProxy(client, namespace, process, state, webPort, internalPort);
      Runtime.getRuntime().addShutdownHook(new Thread(proxy::stop, "traefik-stop"));
      try {
        Eventually.until("Traefik answers /ping", Duration.ofSeconds(30), () -> proxy.ping());
      } catch (RuntimeException | AssertionError e) {
        proxy.close();
        throw new IllegalStateException("Traefik did not start; its log:\n" + proxy.logTail(), e);
      }
      return proxy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where requests go: http://127.0.0.1:PORT. */
  public String url() {
    return "http://127.0.0.1:" + webPort;
  }

  int webPort() {
    return webPort;
  }

  /** Traefik's own Prometheus endpoint, host:port, for a scrape config. */
  public String metricsTarget() {
    return "127.0.0.1:" + internalPort;
  }

  /**
   * The HTTP services Traefik has loaded, as its API shows them (JSON; empty if it does not answer). Traefik applies a
   * change some time after the object changed: this says when it has.
   */
  String loadedServices() {
    return get("http://127.0.0.1:" + internalPort + "/api/http/services");
  }

  /**
   * Whether Traefik's API shows a weighted service whose web-canary member has weight {@code canary} and whose
   * web-stable member has 100 - canary (a member Traefik leaves out counts as 0): from then on every request is
   * balanced by those weights. Traefik names a member after the namespace, the Service and the port
   * ("...-web-canary-8080", "...-web-canary-http-8080").
   */
  public boolean hasLoaded(int canary) {
    String services = loadedServices();
    if (services.isEmpty()) {
      return false;
    }
    try {
      for (JsonNode service : JSON.readTree(services)) {
        JsonNode members = service.path("weighted").path("services");
        if (!members.isArray() || members.isEmpty()) {
          continue;
        }
        int canaryWeight = 0;
        int stableWeight = 0;
        for (JsonNode member : members) {
          String name = member.path("name").asText();
          if (name.contains("-web-canary-")) {
            canaryWeight = member.path("weight").asInt(1);
          } else if (name.contains("-web-stable-")) {
            stableWeight = member.path("weight").asInt(1);
          }
        }
        if (canaryWeight == canary && stableWeight == 100 - canary) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * PromQL for the share of a Service's answers that were 5xx, as Traefik counts them per backend service (its
   * {@code service} label names the namespace, the Service and the port: {@code <namespace>-<service>-http-<port>}
   * from the Gateway provider, {@code <namespace>-<service>-<port>} from the CRD provider); "or vector(0)" because no
   * 5xx series exists until the first 500.
   */
  public static String fiveHundredsShareQuery(String namespace, String service) {
    String selector = "service=~\"" + namespace + "-" + service + "-.*\"";
    return "(sum(rate(traefik_service_requests_total{" + selector + ", code=~\"5..\"}[10s])) or vector(0))"
        + " / sum(rate(traefik_service_requests_total{" + selector + "}[10s]))";
  }

  /** A Gateway of this Traefik's class whose one HTTP listener is the web entry point (Traefik matches the port). */
  public String gatewayYaml() {
    return """
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {name: gateway}
        spec:
          gatewayClassName: %s
          listeners:
          - {name: web, protocol: HTTP, port: %d}
        """.formatted(GATEWAY_CLASS, webPort);
  }

  /** Traefik's log so far (the end of it). */
  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(state.resolve("traefik.log"));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** Stops Traefik, removes its binding and its token file (the log stays, for a failed test's reader). */
  @Override
  public void close() {
    stop();
    client.rbac().clusterRoleBindings().withName(bindingName(namespace)).delete();
    try {
      Files.deleteIfExists(state.resolve("token"));
    } catch (IOException e) {
      // the token expires within the hour and dies with the namespace's ServiceAccount anyway
    }
  }

  private void stop() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private boolean ping() {
    if (!process.isAlive()) {
      throw new IllegalStateException("Traefik exited with " + process.exitValue());
    }
    return "OK".equals(get("http://127.0.0.1:" + internalPort + "/ping"));
  }

  private String get(String url) {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2))
          .build(), HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? response.body() : "";
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /**
   * Every traefik.io CRD of the built version: the CRD provider watches all of them (local-cluster.sh installs only
   * the two Sluice drives). Applied server-side, so the two already there stay as they are.
   */
  private static void installCrds(KubernetesClient client, Path crds) throws IOException {
    try (Stream<Path> files = Files.list(crds)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        HasMetadata crd = Serialization.unmarshal(Files.readString(file), GenericKubernetesResource.class);
        client.resource(crd).fieldManager("sluice-e2e-traefik").forceConflicts().serverSideApply();
      }
    }
    for (Path file : Files.list(crds).toList()) {
      String name = Serialization.unmarshal(Files.readString(file), GenericKubernetesResource.class).getMetadata().getName();
      Eventually.until("CRD " + name + " established", Duration.ofSeconds(30), () -> {
        var crd = client.apiextensions().v1().customResourceDefinitions().withName(name).get();
        return crd != null && crd.getStatus() != null && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
      });
    }
  }

  /**
   * One ClusterRole holding the rules of Traefik's own RBAC manifests for its two providers (as its module ships them),
   * bound to a ServiceAccount of the test namespace; the GatewayClass this Traefik serves.
   */
  private static void grant(KubernetesClient client, String namespace, Path rbac) throws IOException {
    List<PolicyRule> rules = new ArrayList<>();
    for (String file : List.of("kubernetes-crd-rbac.yml", "kubernetes-gateway-rbac.yml")) {
      for (String document : Files.readString(rbac.resolve(file)).split("(?m)^---\\s*$")) {
        if (document.contains("kind: ClusterRole\n")) {
          rules.addAll(Serialization.unmarshal(document, ClusterRole.class).getRules());
        }
      }
    }
    ClusterRole role = new ClusterRoleBuilder().withNewMetadata().withName(CLUSTER_ROLE).endMetadata().withRules(rules).build();
    client.resource(role).fieldManager("sluice-e2e-traefik").forceConflicts().serverSideApply();
    client.serviceAccounts().inNamespace(namespace).resource(new io.fabric8.kubernetes.api.model.ServiceAccountBuilder()
        .withNewMetadata().withName("traefik").endMetadata().build()).serverSideApply();
    client.rbac().clusterRoleBindings().resource(new io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder()
        .withNewMetadata().withName(bindingName(namespace)).endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", CLUSTER_ROLE)
        .addNewSubject().withKind("ServiceAccount").withName("traefik").withNamespace(namespace).endSubject().build())
        .serverSideApply();
    client.resource(Serialization.unmarshal("""
        apiVersion: gateway.networking.k8s.io/v1
        kind: GatewayClass
        metadata: {name: %s}
        spec: {controllerName: traefik.io/gateway-controller}
        """.formatted(GATEWAY_CLASS), GenericKubernetesResource.class))
        .fieldManager("sluice-e2e-traefik").forceConflicts().serverSideApply();
  }

  private static String bindingName(String namespace) {
    return CLUSTER_ROLE + "-" + namespace;
  }

  /** A bound token of the ServiceAccount for an hour (the test is over long before). */
  private static String token(KubernetesClient client, String namespace) {
    return client.serviceAccounts().inNamespace(namespace).withName("traefik")
        .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build())
        .getStatus().getToken();
  }

  private static byte[] caCertificate(KubernetesClient client) throws IOException {
    var config = client.getConfiguration();
    if (config.getCaCertData() != null && !config.getCaCertData().isBlank()) {
      return Base64.getDecoder().decode(config.getCaCertData());
    }
    if (config.getCaCertFile() != null) {
      return Files.readAllBytes(Path.of(config.getCaCertFile()));
    }
    throw new IllegalStateException("the test cluster's kubeconfig has no CA certificate for Traefik to trust");
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
