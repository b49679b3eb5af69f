package dev.sluice.e2e;

import dev.sluice.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the GitOps revert e2e tests check on a Rollout named "web", whatever its strategy: status.gitRevert, conditions,
 * Events and ReplicaSets as kubectl shows them; plus the credentials Secret the Git server accepts.
 */
final class GitRevertChecks {
  static final String USER = "sluice-bot";
  static final String PASSWORD = "e2e-t0ken-n0t-to-be-logged";
  static final String SECRET = "git-credentials";

  private GitRevertChecks() {
  }

  static void createCredentials(KubernetesClient client, TestNamespace ns) {
    client.secrets().inNamespace(ns.name()).resource(new SecretBuilder().withNewMetadata().withName(SECRET).endMetadata()
        .withStringData(Map.of("username", USER, "password", PASSWORD)).build()).create();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> gitRevert(Map<String, Object> status) {
    Object record = status.get("gitRevert");
    return record == null ? Map.of() : (Map<String, Object>) record;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> condition(Map<String, Object> status, String type) {
    Object conditions = status.get("conditions");
    if (conditions == null) {
      return Map.of();
    }
    return ((List<Map<String, Object>>) conditions).stream().filter(c -> type.equals(c.get("type"))).findFirst().orElse(Map.of());
  }

  static List<String> eventReasons(KubernetesClient client, TestNamespace ns) {
    return client.v1().events().inNamespace(ns.name()).list().getItems().stream()
        .filter(e -> "web".equals(e.getInvolvedObject().getName()) && "Rollout".equals(e.getInvolvedObject().getKind()))
        .map(Event::getReason).toList();
  }

  static List<String> replicaSetHashes(KubernetesClient client, TestNamespace ns) {
    return client.apps().replicaSets().inNamespace(ns.name()).list().getItems().stream()
        .map(rs -> rs.getMetadata().getLabels().get("sluice.dev/pod-template-hash")).toList();
  }

  static ReplicaSet replicaSet(KubernetesClient client, TestNamespace ns, String hash) {
    return client.apps().replicaSets().inNamespace(ns.name()).withName("web-" + hash).get();
  }

  /** Lets the controller act (or, as the test expects, not act) for a while. */
  static void hold(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
