package dev.sluice.kubectl.kube;

import dev.sluice.kubectl.cli.KubeOptions;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;
import java.util.Map;

/** A client for the cluster the flags name, the namespace commands act in, and the server's URL for messages. */
public final class Cluster implements AutoCloseable {
  /**
   * A person is waiting: a short connect timeout, so an unreachable server is reported within seconds. fabric8 retries
   * a request that got 429 or 5xx (after the server's Retry-After, e.g. while the API server's storage initialises or
   * priority and fairness sheds load) or no connection: twice here, 0.25 s and 0.5 s apart, so a refused connection is
   * reported after ~1 s and a black-holed server after three connect timeouts.
   */
  public static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(30), 2);
  static final Duration RETRY_INTERVAL = Duration.ofMillis(250);

  private final KubernetesClient client;
  private final String namespace;
  private final String server;

  /** connect: the TCP connection; request: a whole request (not watches); retries: how often a failure is retried. */
  public record Timeouts(Duration connect, Duration request, int retries) {
  }

  Cluster(KubernetesClient client, String namespace, String server) {
    this.client = client;
    this.namespace = namespace;
    this.server = server;
  }

  public static Cluster connect(KubeOptions options, Map<String, String> env, Timeouts timeouts) {
    Config config = Kubeconfigs.load(options, env);
    config.setConnectionTimeout((int) timeouts.connect().toMillis());
    config.setRequestTimeout((int) timeouts.request().toMillis());
    config.setRequestRetryBackoffLimit(timeouts.retries());
    config.setRequestRetryBackoffInterval((int) RETRY_INTERVAL.toMillis());
    String namespace = Kubeconfigs.namespace(options.namespace(), config.getNamespace());
    config.setNamespace(namespace);
    KubeconfigTrust.restrictToTheNamedCa(config);
    KubernetesClient client = new KubernetesClientBuilder().withConfig(config)
        .withKubernetesSerialization(ReadModel.serialization()).build();
    return new Cluster(client, namespace, stripSlash(config.getMasterUrl()));
  }

  public KubernetesClient client() {
    return client;
  }

  public String namespace() {
    return namespace;
  }

  /** The API server URL, for error messages. */
  public String server() {
    return server;
  }

  private static String stripSlash(String url) {
    return url != null && url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  @Override
  public void close() {
    client.close();
  }
}
