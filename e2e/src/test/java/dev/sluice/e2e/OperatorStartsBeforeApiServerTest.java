package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.Eventually;
import dev.sluice.testing.KubernetesExtension;
import dev.sluice.testing.OperatorProcess;
import dev.sluice.testing.TestCluster;
import dev.sluice.testing.TestNamespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An operator that starts while the API server is unreachable (restarting, a connection closed under load) waits
 * for it and then works, instead of exiting on its first failed list: CI once lost a test class to an operator started
 * right after a kube-apiserver restart ("Connection was closed", "Failed to start application"). Nor does it stay
 * degraded: the router kinds it could not discover at start get their informers once the API server answers, so a
 * revision reads its HTTPRoute from the cache, not with a GET per reconcile.
 */
@Tag("cluster")
@ExtendWith(KubernetesExtension.class)
class OperatorStartsBeforeApiServerTest {
  @Test
  void anOperatorStartedWhileTheApiServerRefusesConnectionsLeadsOnceItAnswers(KubernetesClient client, TestNamespace ns,
      TestCluster cluster) throws Exception {
    URI apiServer = URI.create(client.getConfiguration().getMasterUrl().replaceAll("/$", ""));
    try (GatedApiServerProxy proxy = new GatedApiServerProxy(apiServer)) {
      Path kubeconfig = proxy.kubeconfig(cluster.kubeconfig(), apiServer);
      // No request-level retries: each refused connection fails a list at once, as a closed connection mid-request does.
      CompletableFuture<OperatorProcess> starting = CompletableFuture.supplyAsync(() -> OperatorProcess.start(kubeconfig,
          "quarkus.kubernetes-client.request-retry-backoff-limit=0"));
      try {
        // Twenty: the first ten or so are the discovery of the router kinds (one each), before any informer lists.
        Eventually.until("the operator's connections refused twenty times", Duration.ofSeconds(60), () -> proxy.refused() >= 20);
        assertThat(starting).as("still starting: it did not give up on the first refusal").isNotDone();
        proxy.open();
        try (OperatorProcess operator = starting.get(2, TimeUnit.MINUTES)) {
          assertThat(operator.log()).contains("will retry");
          CanaryFixture app = new CanaryFixture(client, ns.name());
          app.createAppAndRoute();
          app.applyRollout("1.0");
          Eventually.until("v1 Healthy", Duration.ofMinutes(2), () -> "Healthy".equals(app.phase()));
          String v1 = (String) app.status().get("stableRS");

          long before = ApiServerReads.gets(client, "gateway.networking.k8s.io", "httproutes");
          app.applyRollout("2.0");
          Eventually.until("the indefinite pause at 50%", Duration.ofMinutes(2),
              () -> "Paused".equals(app.phase()) && Integer.valueOf(3).equals(app.status().get("currentStepIndex")));
          app.patchStatus("{\"status\":{\"pauseConditions\":null}}");
          Eventually.until("v2 Healthy", Duration.ofMinutes(2),
              () -> "Healthy".equals(app.phase()) && !v1.equals(app.status().get("stableRS")));
          long gets = ApiServerReads.gets(client, "gateway.networking.k8s.io", "httproutes") - before;
          assertThat(operator.log()).contains("HTTP_ROUTE is served: its informer is registered");
          assertThat(gets).as("GETs of the HTTPRoute over one revision, read from the informer registered late")
              .isLessThanOrEqualTo(RouteReadsTest.HANDFUL);
        }
      } finally {
        starting.thenAccept(OperatorProcess::close);
      }
    }
  }
}
