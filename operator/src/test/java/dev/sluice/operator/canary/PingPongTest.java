package dev.sluice.operator.canary;

import static dev.sluice.operator.canary.Rollouts.pause;
import static dev.sluice.operator.canary.Rollouts.setWeight;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.api.v1alpha1.RolloutPhase;
import dev.sluice.operator.plan.Reasons;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * canary.pingPong, as Argo Rollouts documents it: two Services alternate as stable; a release points the other one at
 * the new revision, sends it all traffic once the steps are done, then makes it the stable one. No Service's selector
 * moves while it carries traffic.
 */
class PingPongTest {
  private static Rollout rollout(boolean withoutServices) {
    return Rollouts.canary().replicas(4).routed().pingPong(withoutServices).steps(setWeight(25), pause()).build();
  }

  @Test
  void theFirstRevisionMakesPingTheStableService() {
    CanaryWorld world = CanaryWorld.stable(rollout(true), "s1");

    assertThat(world.status().canary.stablePingPong).isEqualTo("ping");
    assertThat(world.serviceHashes).containsExactly(java.util.Map.entry("ping", "s1"));
    assertThat(world.serviceWeights).containsEntry("ping", 100).containsEntry("pong", 0);
    assertThat(world.status().canary.weights.stable.serviceName).isEqualTo("ping");
  }

  @Test
  void releasesAlternateBetweenPingAndPongWithoutMovingASelectorUnderTraffic() {
    CanaryWorld world = CanaryWorld.stable(rollout(true), "s1");

    world.deploy("c1").driveToStep(1).settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Paused);
    assertThat(world.serviceHashes).containsEntry("ping", "s1").containsEntry("pong", "c1");
    assertThat(world.serviceWeights).containsEntry("pong", 25).containsEntry("ping", 75);
    assertThat(world.status().canary.weights.canary.serviceName).isEqualTo("pong");
    assertThat(world.status().canary.stablePingPong).isEqualTo("ping");

    world.driveToHealthy();
    assertThat(world.status().canary.stablePingPong).isEqualTo("pong");
    assertThat(world.status().stableRS).isEqualTo("c1");
    // pong took all traffic before it became stable; ping was never re-pointed, it keeps the old revision at 0%.
    assertThat(world.serviceWeightHistory.get("pong")).containsExactly(25, 100);
    assertThat(world.serviceWeightHistory.get("ping")).containsExactly(75, 0);
    assertThat(world.serviceHashHistory).containsOnlyKeys("pong");
    assertThat(world.serviceHashHistory.get("pong")).containsExactly("c1");
    assertThat(world.status().canary.weights.stable.serviceName).isEqualTo("pong");
    assertThat(world.status().canary.weights.stable.weight).isEqualTo(100);

    world.forgetHistory();
    world.deploy("d1").driveToStep(1).settle();
    assertThat(world.serviceHashes).containsEntry("ping", "d1").containsEntry("pong", "c1");
    assertThat(world.serviceWeights).containsEntry("ping", 25).containsEntry("pong", 75);
    world.driveToHealthy();
    assertThat(world.status().canary.stablePingPong).isEqualTo("ping");
    assertThat(world.serviceHashHistory).containsOnlyKeys("ping");
    assertThat(world.serviceWeights).containsEntry("ping", 100).containsEntry("pong", 0);
  }

  @Test
  void theRolesFlipOnlyOnceTheRouterCarriesAllTrafficToTheNewService() {
    CanaryWorld world = CanaryWorld.stable(rollout(true), "s1");
    world.deploy("c1").driveToStep(1).settle();

    world.routerStuck = true;
    world.promote().settle();
    world.advanceSeconds(5);
    world.settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Progressing);
    assertThat(world.status().message).contains("all traffic to pong");
    assertThat(world.status().canary.stablePingPong).isEqualTo("ping");
    assertThat(world.status().stableRS).isEqualTo("s1");
    assertThat(world.serviceWeights).containsEntry("pong", 25);

    world.routerStuck = false;
    world.advanceSeconds(2);
    world.settle();
    assertThat(world.status().stableRS).isEqualTo("c1");
    assertThat(world.status().canary.stablePingPong).isEqualTo("pong");
    assertThat(world.events).extracting(e -> e.reason()).contains(Reasons.COMPLETED);
  }

  @Test
  void anAbortSendsTrafficBackToTheStableServiceAndKeepsTheRoles() {
    CanaryWorld world = CanaryWorld.stable(rollout(true), "s1");
    world.deploy("c1").driveToStep(1).settle();

    world.abort().settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Degraded);
    assertThat(world.status().canary.stablePingPong).isEqualTo("ping");
    assertThat(world.serviceWeights).containsEntry("ping", 100).containsEntry("pong", 0);
    assertThat(world.serviceHashes).containsEntry("ping", "s1");
  }

  /** Argo's albmesh-pingpong-stablecanary: alb shifts between ping and pong, the other routers between the two Services. */
  @Test
  void withCanaryAndStableServicesTooThoseFollowTheRevisionsAsUsual() {
    CanaryWorld world = CanaryWorld.stable(rollout(false), "s1");
    world.deploy("c1").driveToStep(1).settle();
    assertThat(world.stableServiceHash).isEqualTo("s1");
    assertThat(world.canaryServiceHash).isEqualTo("c1");
    assertThat(world.status().canary.weights.canary.serviceName).as("istio uses canaryService").isEqualTo(Rollouts.CANARY_SERVICE);
    world.driveToHealthy();
    assertThat(world.stableServiceHash).isEqualTo("c1");
    assertThat(world.status().canary.stablePingPong).isEqualTo("pong");
  }

  @Test
  void withAlbTheStatusNamesThePingPongServices() {
    CanaryWorld world = CanaryWorld.stable(Rollouts.canary().replicas(4).alb().pingPong(false)
        .steps(setWeight(25), pause()).build(), "s1");
    world.deploy("c1").driveToStep(1).settle();
    assertThat(world.status().canary.weights.canary.serviceName).isEqualTo("pong");
    assertThat(world.status().canary.weights.stable.serviceName).isEqualTo("ping");
    assertThat(List.of(world.serviceWeights.get("pong"), world.serviceWeights.get("ping"))).containsExactly(25, 75);
  }
}
