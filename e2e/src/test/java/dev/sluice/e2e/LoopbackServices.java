package dev.sluice.e2e;

import dev.sluice.testing.Eventually;
import dev.sluice.testing.TestCluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

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
   * Creates a Service ({@code yamlAt} gives its manifest for an address) on an address of the CIDR that no Service
   * holds, and returns that address. Services of earlier tests may still hold addresses while their namespaces go
   * away, so the free ones are read from the cluster, tried in random order, and one taken between the read and the
   * create ("provided IP is already allocated") is skipped for the next.
   */
  public static String createService(KubernetesClient client, String namespace, Function<String, String> yamlAt) {
    Set<String> held = new HashSet<>();
    for (Service service : client.services().inAnyNamespace().list().getItems()) {
      if (service.getSpec().getClusterIPs() != null) {
        held.addAll(service.getSpec().getClusterIPs());
      }
    }
    List<String> free = new ArrayList<>();
    for (int host = 1; host <= 254; host++) {
      if (!held.contains(address(host))) {
        free.add(address(host));
      }
    }
    Collections.shuffle(free);
    for (String address : free.subList(0, Math.min(free.size(), 10))) {
      try {
        client.resource(Serialization.unmarshal(yamlAt.apply(address), Service.class)).inNamespace(namespace).create();
        return address;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 422 || e.getMessage() == null || !e.getMessage().contains("already allocated")) {
          throw e;
        }
      }
    }
    throw new IllegalStateException("no free address in " + CIDR + " after 10 tries (" + held.size() + " held)");
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
