package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.Eventually;
import dev.sluice.testing.KubernetesExtension;
import dev.sluice.testing.OperatorProcess;
import dev.sluice.testing.TestCluster;
import dev.sluice.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two replicas, as the Helm chart runs them: one leads through a Lease, the other waits. Killing the leader
 * mid-canary (SIGKILL: no lease release, as when its node dies) hands the rollout to the other replica, which
 * finishes it with the same result: no step twice, the same revisions, the route back to one backend.
 */
@Tag("cluster")
@ExtendWith(KubernetesExtension.class)
class LeaderFailoverTest {
  @Test
  void theStandbyTakesOverMidCanaryAndTheRolloutFinishesTheSame(KubernetesClient client, TestNamespace ns) {
    String lease = lease(ns);
    String[] properties = leaseProperties(ns);
    CanaryFixture app = new CanaryFixture(client, ns.name());
    app.createAppAndRoute();
    OperatorProcess leader = OperatorProcess.start(TestCluster.get(), properties);
    try (OperatorProcess standby = OperatorProcess.startStandby(TestCluster.get(), properties)) {
      assertThat(holder(client, ns, lease)).endsWith("-" + leader.pid());
      app.applyRollout("1.0");
      Eventually.until("v1 Healthy", Duration.ofMinutes(2), () -> "Healthy".equals(app.phase()));
      assertThat(standby.leads()).as("the standby waits while the leader lives").isFalse();

      app.applyRollout("2.0");
      Eventually.until("step 2 (the timed pause)", Duration.ofMinutes(2),
          () -> Integer.valueOf(1).equals(app.status().get("currentStepIndex")));
      leader.kill();
      Map<String, Object> atKill = app.status();

      Eventually.until("the standby to take the Lease", Duration.ofMinutes(1), standby::leads);
      assertThat(holder(client, ns, lease)).endsWith("-" + standby.pid());
      Eventually.until("the indefinite pause at step 4", Duration.ofMinutes(2),
          () -> "Paused".equals(app.phase()) && Integer.valueOf(3).equals(app.status().get("currentStepIndex")));
      assertThat(app.routeWeights()).isEqualTo("50/50");
      assertThat(app.status().get("currentPodHash")).isEqualTo(atKill.get("currentPodHash"));
      app.patchStatus("{\"status\":{\"pauseConditions\":null}}");
      Eventually.until("v2 Healthy", Duration.ofMinutes(2),
          () -> "Healthy".equals(app.phase()) && atKill.get("currentPodHash").equals(app.status().get("stableRS")));
      assertThat(app.routeWeights()).isEqualTo("0/100");
      // Killed at step 2: the standby ran steps 2 to 4 (step 1's Event may be lost with the leader, see StepCompletions).
      StepCompletions.assertEachStepOnceAfterAKill(client, ns.name(), 2, 4);
      assertThat(client.apps().replicaSets().inNamespace(ns.name()).list().getItems()).hasSize(2);
    } finally {
      leader.close();
    }
  }

  /**
   * A leader that finds its Lease held by another (as after a renewal that missed its deadline) stops at once, and
   * exits: it must not write beside the new leader. Restarted as the kubelet would (OperatorProcess does), it waits
   * as a standby until the Lease is free, then leads and reconciles again.
   */
  @Test
  void aLeaderThatLosesItsLeaseExitsAndLeadsAgainAfterItsRestart(KubernetesClient client, TestNamespace ns) {
    String lease = lease(ns);
    String[] properties = leaseProperties(ns);
    CanaryFixture app = new CanaryFixture(client, ns.name());
    app.createAppAndRoute();
    try (OperatorProcess operator = OperatorProcess.start(TestCluster.get(), properties)) {
      long first = operator.pid();
      client.leases().inNamespace(ns.name()).withName(lease).edit(l -> {
        l.getSpec().setHolderIdentity("another-replica");
        l.getSpec().setRenewTime(ZonedDateTime.now(ZoneOffset.UTC));
        return l;
      });

      Eventually.until("the operator to exit and be started again", Duration.ofSeconds(30), () -> operator.restarts() == 1);
      assertThat(operator.log()).contains("(lost the lease). Exiting.");
      Eventually.until("the restarted operator to take the Lease once it expired", Duration.ofMinutes(1),
          () -> holder(client, ns, lease).endsWith("-" + operator.pid()) && operator.pid() != first);
      app.applyRollout("1.0");
      Eventually.until("v1 Healthy under the restarted operator", Duration.ofMinutes(2), () -> "Healthy".equals(app.phase()));
      assertThat(operator.restarts()).as("one exit, one restart").isEqualTo(1);
    }
  }

  /** Each test's replicas compete for a Lease of their own, in the test's namespace. */
  private static String lease(TestNamespace ns) {
    return "sluice-" + ns.name();
  }

  private static String[] leaseProperties(TestNamespace ns) {
    return new String[] {"sluice.leader-election.lease-name=" + lease(ns), "sluice.leader-election.lease-namespace=" + ns.name()};
  }

  private static String holder(KubernetesClient client, TestNamespace ns, String lease) {
    Lease current = client.leases().inNamespace(ns.name()).withName(lease).get();
    return current == null || current.getSpec() == null ? "" : current.getSpec().getHolderIdentity();
  }
}
