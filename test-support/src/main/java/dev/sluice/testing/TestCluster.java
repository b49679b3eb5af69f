package dev.sluice.testing;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The Kubernetes cluster of a test run, started once per JVM. In order of precedence:
 * <ol>
 *   <li>the kubeconfig named by the system property {@code sluice.kubeconfig} or the KUBECONFIG variable;</li>
 *   <li>with {@code -Dsluice.cluster=k3s}, a Testcontainers k3s cluster (needs a Docker engine);</li>
 *   <li>otherwise the local kwok control plane, brought up by {@code hack/local-cluster.sh up}.</li>
 * </ol>
 * A cluster this class started is stopped when the JVM exits, unless {@code -Dsluice.cluster.keep=true}; one that was
 * already serving (CI's shared cluster, another run's) is reused and left running.
 * With {@code -Dsluice.cluster=none} (the fast lane, {@code ./mvnw -Pfast}) there is no cluster: asking for one fails,
 * which shows a test that needs a cluster but lacks {@code @Tag("cluster")}.
 */
public final class TestCluster {
  /** The value of {@code sluice.cluster} that forbids a cluster. */
  static final String NONE = "none";
  private static TestCluster instance;

  private final Path kubeconfig;
  private final String kind;
  private final String localName;

  private TestCluster(Path kubeconfig, String kind, String localName) {
    this.kubeconfig = kubeconfig;
    this.kind = kind;
    this.localName = localName;
  }

  public static synchronized TestCluster get() {
    if (instance == null) {
      instance = start();
    }
    return instance;
  }

  private static TestCluster start() {
    if (NONE.equals(System.getProperty("sluice.cluster"))) {
      throw new IllegalStateException("this run has no cluster (-Dsluice.cluster=none, as in ./mvnw -Pfast): a test that"
          + " needs one carries @Tag(\"" + KubernetesExtension.TAG + "\"), which the fast lane leaves out");
    }
    Optional<String> given = Optional.ofNullable(System.getProperty("sluice.kubeconfig"))
        .or(() -> Optional.ofNullable(System.getenv("KUBECONFIG"))).filter(s -> !s.isBlank());
    if (given.isPresent()) {
      Path config = Path.of(given.get());
      return localClusterName(config).map(name -> new TestCluster(config, "kwok", name))
          .orElseGet(() -> new TestCluster(config, "given", null));
    }
    if ("k3s".equals(System.getProperty("sluice.cluster"))) {
      return new TestCluster(K3sCluster.start(), "k3s", null);
    }
    Path script = RepoPaths.resolve("hack/local-cluster.sh");
    // A cluster that already answers belongs to someone else (CI's shared cluster, another checkout's tests): this
    // JVM reuses it and must not stop it when it exits.
    boolean alreadyServing = alreadyServing(script);
    Path config = Path.of(Scripts.lastLine(Scripts.run(script, "up")));
    String name = localClusterName(config).orElseThrow(() -> new IllegalStateException("unexpected kubeconfig path " + config));
    if (!alreadyServing && !Boolean.getBoolean("sluice.cluster.keep")) {
      Runtime.getRuntime().addShutdownHook(new Thread(
          () -> Scripts.run(Map.of("SLUICE_CLUSTER", name), script, "down"), "local-cluster-down"));
    }
    return new TestCluster(config, "kwok", name);
  }

  /** Whether the local cluster that {@code up} would use (SLUICE_CLUSTER, default sluice) is already serving. */
  private static boolean alreadyServing(Path script) {
    Path config;
    try {
      config = Path.of(Scripts.lastLine(Scripts.runQuietly(script, "kubeconfig")));
    } catch (IllegalStateException neverCreated) {
      return false;
    }
    if (!Files.isRegularFile(config)) {
      return false;
    }
    try {
      Config clientConfig = Config.fromKubeconfig(Files.readString(config));
      clientConfig.setConnectionTimeout(10_000);
      clientConfig.setRequestTimeout(10_000);
      clientConfig.setRequestRetryBackoffLimit(0);
      try (KubernetesClient client = new KubernetesClientBuilder().withConfig(clientConfig).build()) {
        client.getKubernetesVersion();
        return true;
      }
    } catch (IOException | RuntimeException notServing) {
      return false;
    }
  }

  /** hack/local-cluster.sh keeps each cluster in .../clusters/NAME/, with its kubeconfig and the pids of its processes. */
  private static Optional<String> localClusterName(Path kubeconfig) {
    Path dir = kubeconfig.toAbsolutePath().getParent();
    if (dir == null || dir.getParent() == null || !dir.getParent().getFileName().toString().equals("clusters")
        || !kubeconfig.getFileName().toString().equals("kubeconfig.yaml") || !Files.isDirectory(dir.resolve("pids"))) {
      return Optional.empty();
    }
    return Optional.of(dir.getFileName().toString());
  }

  /** Restarts kube-apiserver (and the controllers) of a local (kwok) cluster; etcd keeps running. */
  public void restartControlPlane() {
    if (localName == null) {
      throw new IllegalStateException("only a local control plane can be restarted, not a " + kind + " cluster");
    }
    Scripts.run(Map.of("SLUICE_CLUSTER", localName), RepoPaths.resolve("hack/local-cluster.sh"), "restart");
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  /** "kwok", "k3s", or "given". */
  public String kind() {
    return kind;
  }

  public KubernetesClient newClient() {
    try {
      return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(kubeconfig))).build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read kubeconfig " + kubeconfig, e);
    }
  }
}
