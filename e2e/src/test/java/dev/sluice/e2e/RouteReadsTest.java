package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.KubernetesExtension;
import dev.sluice.testing.OperatorProcess;
import dev.sluice.testing.TestCluster;
import dev.sluice.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * How often the operator reads from the API server over one revision (NGINX: the stable Ingress and the canary
 * Ingress Sluice creates, reweighs and deletes; the Rollout; the notifications ConfigMap): from informers' caches,
 * a handful of GETs, not one per object per reconcile or per write. Counted by the API server; the test itself waits
 * through watches and reads nothing by GET meanwhile, but for its one status patch.
 * docs/performance.md gives the figure and how to reproduce it.
 */
@Tag("cluster")
@ExtendWith(KubernetesExtension.class)
class RouteReadsTest {
  /**
   * Before the caches: 23. With them, 4 to 6 on the local cluster, among them the canary Ingress read while it does
   * not exist yet (404s: the cache cannot tell it from one created a moment ago). How many reconciles run before the
   * first step varies with the machine's load, hence some room.
   */
  static final int HANDFUL = 8;

  @Test
  void oneNginxRevisionReadsItsIngressesAHandfulOfTimes(KubernetesClient client, TestNamespace ns) {
    try (OperatorProcess operator = OperatorProcess.start(TestCluster.get())) {
      CanaryFixture app = new CanaryFixture(client, ns.name());
      app.createServices();
      app.apply(CanaryNginxTest.STABLE_INGRESS);
      app.applyRolloutYaml(CanaryNginxTest.ROLLOUT.formatted("1.0"));
      // The test waits through watches (no GET of its own) so that the API server's counts are the operator's.
      String v1 = (String) statusWhen(client, ns, "v1 Healthy", s -> "Healthy".equals(s.get("phase"))).get("stableRS");

      long before = ApiServerReads.gets(client, "networking.k8s.io", "ingresses");
      long absentBefore = ApiServerReads.gets(client, "networking.k8s.io", "ingresses", "404");
      long rolloutsBefore = ApiServerReads.gets(client, "sluice.dev", "rollouts");
      long configMapsBefore = ApiServerReads.gets(client, "", "configmaps");
      app.applyRolloutYaml(CanaryNginxTest.ROLLOUT.formatted("2.0"));
      statusWhen(client, ns, "the indefinite pause at step 4",
          s -> "Paused".equals(s.get("phase")) && Integer.valueOf(3).equals(s.get("currentStepIndex")));
      app.patchStatus("{\"status\":{\"pauseConditions\":null}}");
      statusWhen(client, ns, "v2 Healthy", s -> "Healthy".equals(s.get("phase")) && !v1.equals(s.get("stableRS")));
      long gets = ApiServerReads.gets(client, "networking.k8s.io", "ingresses") - before;
      long absent = ApiServerReads.gets(client, "networking.k8s.io", "ingresses", "404") - absentBefore;
      // fabric8 reads the object before a patch by name: the test's own status patch is one GET.
      long rollouts = ApiServerReads.gets(client, "sluice.dev", "rollouts") - rolloutsBefore - 1;
      long configMaps = ApiServerReads.gets(client, "", "configmaps") - configMapsBefore;

      System.out.println("RouteReadsTest: GETs over one NGINX revision: Ingresses " + gets + " (404: " + absent
          + "), Rollouts " + rollouts + ", ConfigMaps " + configMaps);
      assertThat(gets).as("GETs of Ingresses over one revision").isLessThanOrEqualTo(HANDFUL);
      // Status writes and route patches name their target without reading it; the notifications ConfigMap is
      // watched (read live once, while its watch starts). Before: a GET of the Rollout per status write and per
      // notifying Event (about 27 per ten-step revision in bench/run.sh), of the ConfigMap per Event (about 12).
      // Measured after: 2 GETs of the Rollout, not traced yet.
      assertThat(rollouts).as("GETs of the Rollout over one revision").isLessThanOrEqualTo(3);
      assertThat(configMaps).as("GETs of ConfigMaps over one revision").isLessThanOrEqualTo(1);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> statusWhen(KubernetesClient client, TestNamespace ns, String what,
      Predicate<Map<String, Object>> condition) {
    Function<GenericKubernetesResource, Map<String, Object>> status = r -> r == null
        || r.getAdditionalProperties().get("status") == null ? Map.of()
        : (Map<String, Object>) r.getAdditionalProperties().get("status");
    try {
      return status.apply(client.genericKubernetesResources("sluice.dev/v1alpha1", "Rollout").inNamespace(ns.name())
          .withName("web").waitUntilCondition(r -> condition.test(status.apply(r)), 2, TimeUnit.MINUTES));
    } catch (KubernetesClientTimeoutException e) {
      throw new AssertionError("timed out waiting for " + what, e);
    }
  }
}
