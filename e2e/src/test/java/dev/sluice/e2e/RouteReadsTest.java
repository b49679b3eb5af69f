package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.Eventually;
import dev.sluice.testing.KubernetesExtension;
import dev.sluice.testing.OperatorProcess;
import dev.sluice.testing.TestCluster;
import dev.sluice.testing.TestNamespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * How often the operator reads a router's objects from the API server over one revision (NGINX: the stable Ingress
 * and the canary Ingress Sluice creates, reweighs and deletes): from the informer's cache, a handful of GETs, not
 * one per object per reconcile. Counted by the API server; the test itself reads no Ingress meanwhile.
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
      Eventually.until("v1 Healthy", Duration.ofMinutes(2), () -> "Healthy".equals(app.phase()));
      String v1 = (String) app.status().get("stableRS");

      long before = ApiServerReads.gets(client, "networking.k8s.io", "ingresses");
      long absentBefore = ApiServerReads.gets(client, "networking.k8s.io", "ingresses", "404");
      app.applyRolloutYaml(CanaryNginxTest.ROLLOUT.formatted("2.0"));
      Eventually.until("the indefinite pause at step 4", Duration.ofMinutes(2),
          () -> "Paused".equals(app.phase()) && Integer.valueOf(3).equals(app.status().get("currentStepIndex")));
      app.patchStatus("{\"status\":{\"pauseConditions\":null}}");
      Eventually.until("v2 Healthy", Duration.ofMinutes(2),
          () -> "Healthy".equals(app.phase()) && !v1.equals(app.status().get("stableRS")));
      long gets = ApiServerReads.gets(client, "networking.k8s.io", "ingresses") - before;
      long absent = ApiServerReads.gets(client, "networking.k8s.io", "ingresses", "404") - absentBefore;

      System.out.println("RouteReadsTest: GETs of Ingresses over one NGINX revision: " + gets + ", of which 404: " + absent);
      assertThat(gets).as("GETs of Ingresses over one revision").isLessThanOrEqualTo(HANDFUL);
    }
  }
}
