package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.Eventually;
import dev.sluice.testing.KubernetesExtension;
import dev.sluice.testing.OperatorProcess;
import dev.sluice.testing.TestCluster;
import dev.sluice.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One namespace's analysis cannot stop another namespace's rollouts: 60 AnalysisRuns whose Prometheus accepts
 * connections and never answers, and a canary elsewhere walks its steps and aborts as fast as with no such load.
 */
@Tag("cluster")
@ExtendWith(KubernetesExtension.class)
class AnalysisIsolationTest {
  static final int HANGING_RUNS = 60;

  /** Two metrics, each waiting its full (maximum) timeout, measured again 10 s after each error, for minutes. */
  static final String HANGING_RUN = """
      apiVersion: sluice.dev/v1alpha1
      kind: AnalysisRun
      metadata: {name: silent-%d}
      spec:
        metrics:
        - name: first
          interval: 1s
          count: 1000
          consecutiveErrorLimit: 1000
          successCondition: "result < 1"
          provider: {prometheus: {address: "%2$s", query: up, timeout: 60s}}
        - name: second
          interval: 1s
          count: 1000
          consecutiveErrorLimit: 1000
          successCondition: "result < 1"
          provider: {prometheus: {address: "%2$s", query: up, timeout: 60s}}
      """;

  record Timings(Duration walk, Duration abort) {
  }

  @Test
  void hangingAnalysisInOneNamespaceDoesNotDelayACanaryOrItsAbortInAnother(KubernetesClient client, TestNamespace ns) {
    String loadNamespace = ns.name() + "-load";
    String loadedNamespace = ns.name() + "-b";
    try (SilentServer silent = SilentServer.start(); OperatorProcess operator = OperatorProcess.start(TestCluster.get())) {
      Timings unloaded = canaryWalkAndAbort(client, ns.name(), Duration.ofMinutes(2), Duration.ofMinutes(1));
      System.out.printf("without load: canary walked to its pause in %d ms, abort reached 0/100 in %d ms%n",
          unloaded.walk().toMillis(), unloaded.abort().toMillis());

      createNamespace(client, loadNamespace);
      createNamespace(client, loadedNamespace);
      for (int i = 0; i < HANGING_RUNS; i++) {
        client.resource(Serialization.unmarshal(HANGING_RUN.formatted(i, silent.url()), GenericKubernetesResource.class))
            .inNamespace(loadNamespace).create();
      }
      Eventually.until("queries waiting on the silent server", Duration.ofMinutes(1), () -> silent.accepted() >= 4);
      sleep(Duration.ofSeconds(5));
      System.out.printf("load: %d AnalysisRuns in %s, %d connections held open by the silent server%n",
          HANGING_RUNS, loadNamespace, silent.accepted());
      OperatorMetrics metrics = OperatorMetrics.of(operator);
      assertThat(metrics.value("sluice_analysis_measurements_running")).as("one namespace's share of the workers")
          .contains(4.0);
      assertThat(metrics.value("sluice_analysis_measurements_queued")).hasValueSatisfying(q -> assertThat(q).isPositive());

      // The same work under load may take a little longer on a busy machine, never minutes (it took 125 s before).
      Duration walkBound = unloaded.walk().multipliedBy(2).plusSeconds(15);
      Duration abortBound = unloaded.abort().multipliedBy(2).plusSeconds(10);
      Timings loaded = canaryWalkAndAbort(client, loadedNamespace, walkBound, abortBound);
      System.out.printf("with load:    canary walked to its pause in %d ms, abort reached 0/100 in %d ms%n",
          loaded.walk().toMillis(), loaded.abort().toMillis());

      assertThat(loaded.walk()).isLessThanOrEqualTo(walkBound);
      assertThat(loaded.abort()).isLessThanOrEqualTo(abortBound);
      assertThat(silent.accepted()).as("the load was real: queries were waiting on the silent server").isGreaterThanOrEqualTo(4);
    } finally {
      client.namespaces().withName(loadNamespace).delete();
      client.namespaces().withName(loadedNamespace).delete();
    }
  }

  /** v1 to Healthy (untimed), then times v2 from apply to its indefinite pause at 50%, and an abort to 0/100. */
  private static Timings canaryWalkAndAbort(KubernetesClient client, String namespace, Duration walkTimeout,
      Duration abortTimeout) {
    CanaryFixture app = new CanaryFixture(client, namespace);
    app.createAppAndRoute();
    app.applyRollout("1.0");
    Eventually.until("v1 Healthy in " + namespace, Duration.ofMinutes(2), () -> "Healthy".equals(app.phase()));

    long started = System.nanoTime();
    app.applyRollout("2.0");
    Eventually.until("v2 paused at 50% in " + namespace, walkTimeout, () -> "Paused".equals(app.phase())
        && Integer.valueOf(3).equals(app.status().get("currentStepIndex")) && "50/50".equals(app.routeWeights()));
    Duration walk = Duration.ofNanos(System.nanoTime() - started);

    started = System.nanoTime();
    app.patchStatus("{\"status\":{\"abort\":true}}");
    Eventually.until("the abort at 0/100 in " + namespace, abortTimeout, () -> "0/100".equals(app.routeWeights()));
    Duration abort = Duration.ofNanos(System.nanoTime() - started);
    return new Timings(walk, abort);
  }

  private static void createNamespace(KubernetesClient client, String name) {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
        .addToLabels("sluice.dev/test", "true").endMetadata().build()).create();
    Eventually.until("default ServiceAccount in " + name, Duration.ofSeconds(60),
        () -> client.serviceAccounts().inNamespace(name).withName("default").get() != null);
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
