package dev.sluice.kubectl.cluster;

import static dev.sluice.kubectl.cluster.ClusterFixtures.cli;
import static dev.sluice.kubectl.cluster.ClusterFixtures.createRollout;
import static dev.sluice.kubectl.cluster.ClusterFixtures.get;
import static dev.sluice.kubectl.cluster.ClusterFixtures.pausedRollout;
import static dev.sluice.kubectl.cluster.ClusterFixtures.setStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.api.v1alpha1.RolloutPhase;
import dev.sluice.kubectl.CliRunner.Result;
import dev.sluice.kubectl.kube.Contract;
import dev.sluice.testing.KubernetesExtension;
import dev.sluice.testing.TestCluster;
import dev.sluice.testing.TestNamespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** promote, abort, retry, pause, resume, restart against a real API server; the test writes the controller's status. */
@Tag("cluster")
@ExtendWith(KubernetesExtension.class)
class ManualActionsClusterTest {
  @Test
  void promoteClearsThePauseConditionsAndNothingElse(KubernetesClient client, TestNamespace ns, TestCluster cluster) {
    Rollout before = pausedRollout(client, ns, "web");

    Result result = cli(cluster).run("promote", "web", "-n", ns.name());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).isEqualTo("rollout \"web\" promoted\n");
    Rollout after = get(client, ns, "web");
    assertThat(after.getStatus().pauseConditions).isNull();
    assertThat(after.getStatus().controllerPause).isTrue();
    assertThat(after.getStatus().phase).isEqualTo(RolloutPhase.Paused);
    assertThat(after.getStatus().currentStepIndex).isEqualTo(1);
    assertThat(after.getMetadata().getGeneration()).isEqualTo(before.getMetadata().getGeneration());
  }

  @Test
  void promoteOfARolloutThatIsNotPausedIsAnErrorAndChangesNothing(KubernetesClient client, TestNamespace ns, TestCluster cluster) {
    createRollout(client, ns, "web");
    Rollout before = setStatus(client, ns, "web", s -> s.phase = RolloutPhase.Progressing);

    Result result = cli(cluster).run("-n", ns.name(), "promote", "web");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).isEqualTo("error: nothing to promote: rollout is not paused\n");
    assertThat(get(client, ns, "web").getMetadata().getResourceVersion()).isEqualTo(before.getMetadata().getResourceVersion());
  }

  @Test
  void promoteOfARolloutPausedByTheAnnotationPointsToResume(KubernetesClient client, TestNamespace ns, TestCluster cluster) {
    createRollout(client, ns, "web");
    assertThat(cli(cluster).run("pause", "web", "-n", ns.name()).exitCode()).isZero();

    Result result = cli(cluster).run("promote", "web", "-n", ns.name());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).isEqualTo("error: nothing to promote: rollout is not paused (it is paused by the sluice.dev/paused "
        + "annotation: use `kubectl sluice resume web`)\n");
  }

  @Test
  void promoteFullSetsPromoteFullEvenWithoutAPause(KubernetesClient client, TestNamespace ns, TestCluster cluster) {
    createRollout(client, ns, "web");
    setStatus(client, ns, "web", s -> s.phase = RolloutPhase.Progressing);

    Result result = cli(cluster).run("promote", "web", "--full", "-n", ns.name());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).isEqualTo("rollout \"web\" fully promoted\n");
    assertThat(get(client, ns, "web").getStatus().promoteFull).isTrue();
  }

  @Test
  void abortThenRetry(KubernetesClient client, TestNamespace ns, TestCluster cluster) {
    pausedRollout(client, ns, "web");

    Result abort = cli(cluster).run("abort", "web", "-n", ns.name());
    assertThat(abort.exitCode()).as(abort.toString()).isZero();
    assertThat(abort.out()).isEqualTo("rollout \"web\" aborted\n");
    Rollout aborted = get(client, ns, "web");
    assertThat(aborted.getStatus().abort).isTrue();
    assertThat(aborted.getStatus().revertRequested).isNull();

    Result retry = cli(cluster).run("retry", "web", "-n", ns.name());
    assertThat(retry.exitCode()).as(retry.toString()).isZero();
    assertThat(retry.out()).isEqualTo("rollout \"web\" retried\n");
    assertThat(get(client, ns, "web").getStatus().abort).isFalse();

    Result again = cli(cluster).run("retry", "web", "-n", ns.name());
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err()).isEqualTo("error: nothing to retry: rollout is not aborted\n");
  }

  @Test
  void abortWithRevertAsksForTheGitRevertInTheSameStatusPatch(KubernetesClient client, TestNamespace ns, TestCluster cluster) {
    pausedRollout(client, ns, "web");

    Result result = cli(cluster).run("abort", "web", "--revert", "-n", ns.name());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).isEqualTo("rollout \"web\" aborted; Git revert requested\n");
    assertThat(result.err()).contains("warning: spec.gitRevert is not set");
    Rollout after = get(client, ns, "web");
    assertThat(after.getStatus().abort).isTrue();
    assertThat(after.getStatus().revertRequested).isTrue();
    assertThat(after.getMetadata().getAnnotations()).isNullOrEmpty();
    assertThat(after.getMetadata().getGeneration()).isEqualTo(1L);

    // a later abort without --revert withdraws the request
    assertThat(cli(cluster).run("abort", "web", "-n", ns.name()).exitCode()).isZero();
    Rollout withdrawn = get(client, ns, "web");
    assertThat(withdrawn.getStatus().revertRequested).isNull();
    assertThat(withdrawn.getStatus().abort).isTrue();
  }

  @Test
  void pauseAndResume(KubernetesClient client, TestNamespace ns, TestCluster cluster) {
    pausedRollout(client, ns, "web");

    Result pause = cli(cluster).run("pause", "web", "-n", ns.name());
    assertThat(pause.out()).isEqualTo("rollout \"web\" paused\n");
    assertThat(get(client, ns, "web").getMetadata().getAnnotations()).containsEntry(Contract.PAUSED_ANNOTATION, "true");
    assertThat(cli(cluster).run("pause", "web", "-n", ns.name()).out()).isEqualTo("rollout \"web\" is already paused\n");

    Result resume = cli(cluster).run("resume", "web", "-n", ns.name());
    assertThat(resume.exitCode()).as(resume.toString()).isZero();
    assertThat(resume.out()).isEqualTo("rollout \"web\" resumed\n");
    Rollout after = get(client, ns, "web");
    assertThat(after.getMetadata().getAnnotations()).doesNotContainKey(Contract.PAUSED_ANNOTATION);
    assertThat(after.getStatus().pauseConditions).isNull();
    assertThat(after.getMetadata().getGeneration()).isEqualTo(1L);

    Result again = cli(cluster).run("resume", "web", "-n", ns.name());
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err()).isEqualTo("error: nothing to resume: rollout is not paused\n");
  }

  @Test
  void resumeWarnsWhenSpecPausedStillHoldsTheRollout(KubernetesClient client, TestNamespace ns, TestCluster cluster) {
    createRollout(client, ns, "web");
    client.resources(Rollout.class).inNamespace(ns.name()).withName("web").edit(r -> {
      r.getSpec().paused = true;
      return r;
    });
    assertThat(cli(cluster).run("pause", "web", "-n", ns.name()).exitCode()).isZero();

    Result result = cli(cluster).run("resume", "web", "-n", ns.name());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.err()).isEqualTo("warning: spec.paused is true: the rollout stays paused until it is false in Git\n");
    Result again = cli(cluster).run("resume", "web", "-n", ns.name());
    assertThat(again.err()).isEqualTo("error: nothing to resume: rollout is not paused by Sluice (spec.paused is true: set it to "
        + "false in Git)\n");
  }

  @Test
  void restartRecordsWhenPodsMustBeNewerThan(KubernetesClient client, TestNamespace ns, TestCluster cluster) {
    createRollout(client, ns, "web");
    Instant before = Instant.now().minusSeconds(1);

    Result result = cli(cluster).run("restart", "web", "-n", ns.name());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    String restartedAt = get(client, ns, "web").getMetadata().getAnnotations().get(Contract.RESTARTED_AT_ANNOTATION);
    assertThat(restartedAt).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(Instant.parse(restartedAt)).isBetween(before, Instant.now().plus(Duration.ofSeconds(1)));
    assertThat(result.out()).isEqualTo("rollout \"web\" restart requested at " + restartedAt + "\n");
  }

  /** Argo's `restart --in 10s`: the restart is scheduled that long from now. */
  @Test
  void restartInSchedulesTheRestart(KubernetesClient client, TestNamespace ns, TestCluster cluster) {
    createRollout(client, ns, "web");
    Instant inTenMinutes = Instant.now().plus(Duration.ofMinutes(10)).minusSeconds(1);

    Result result = cli(cluster).run("restart", "web", "--in", "10m", "-n", ns.name());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    String restartedAt = get(client, ns, "web").getMetadata().getAnnotations().get(Contract.RESTARTED_AT_ANNOTATION);
    assertThat(Instant.parse(restartedAt)).isBetween(inTenMinutes, inTenMinutes.plus(Duration.ofSeconds(5)));
  }

  @Test
  void aMissingRolloutIsNamedWithItsNamespace(TestNamespace ns, TestCluster cluster) {
    for (String command : new String[] {"promote", "abort", "retry", "pause", "resume", "restart", "status"}) {
      Result result = cli(cluster).run(command, "nope", "-n", ns.name());

      assertThat(result.exitCode()).as(command).isEqualTo(1);
      assertThat(result.err()).as(command).isEqualTo("error: rollout \"nope\" not found in namespace \"" + ns.name() + "\"\n");
    }
  }
}
