package dev.sluice.e2e;

import dev.sluice.testing.Eventually;
import dev.sluice.testing.TestCluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Loopback ClusterIPs for the data-plane tests: a ServiceCIDR (networking.k8s.io/v1, GA since Kubernetes 1.33) of
 * 127.2.0.0/24 added to the running cluster, from which a Service may ask for a fixed address. kube-apiserver refuses
 * loopback addresses in Endpoints and EndpointSlices, not as ClusterIPs; a local process listening on 0.0.0.0 answers
 * on every one of them, and Traefik, told to use ClusterIPs (nativeLB), sends real requests there. The cluster's own
 * service range is left as it is, so every other test sees the cluster unchanged. See docs/data-plane.md.
 */
public final class LoopbackServices {
  public static final String CIDR = "127.2.0.0/24";

  private LoopbackServices() {
  }

  /** 127.2.0.{host}. */
  public static String address(int host) {
    if (host < 1 || host > 254) {
      throw new IllegalArgumentException("host " + host + " is outside " + CIDR);
    }
    return "127.2.0." + host;
  }

  /**
   * Adds a ServiceCIDR of its own (a fresh name: kube-apiserver keeps a deleted one while a Service of an earlier test
   * still holds one of its addresses, and ranges may overlap), waits until it is Ready and returns its name.
   */
  public static String addServiceCidr(TestCluster cluster) {
    String name = "sluice-dataplane-" + Long.toString(System.nanoTime() & 0xffffffL, 36);
    try (KubernetesClient client = cluster.newClient()) {
      var cidrs = client.genericKubernetesResources("networking.k8s.io/v1", "ServiceCIDR");
      client.resource(Serialization.unmarshal("""
          apiVersion: networking.k8s.io/v1
          kind: ServiceCIDR
          metadata: {name: %s}
          spec: {cidrs: ["%s"]}
          """.formatted(name, CIDR), GenericKubernetesResource.class)).create();
      Eventually.until("ServiceCIDR " + CIDR + " Ready", Duration.ofSeconds(30), () -> ready(cidrs.withName(name).get()));
    }
    return name;
  }

  /** Deletes it; kube-apiserver keeps it until no Service holds one of its addresses (the namespaces going away). */
  public static void removeServiceCidr(TestCluster cluster, String name) {
    try (KubernetesClient client = cluster.newClient()) {
      client.genericKubernetesResources("networking.k8s.io/v1", "ServiceCIDR").withName(name).delete();
    }
  }

  @SuppressWarnings("unchecked")
  private static boolean ready(GenericKubernetesResource cidr) {
    if (cidr == null || !(cidr.getAdditionalProperties().get("status") instanceof Map<?, ?> status)) {
      return false;
    }
    Object conditions = status.get("conditions");
    return conditions instanceof List<?> list && list.stream().map(c -> (Map<String, Object>) c)
        .anyMatch(c -> "Ready".equals(c.get("type")) && "True".equals(c.get("status")));
  }
}
