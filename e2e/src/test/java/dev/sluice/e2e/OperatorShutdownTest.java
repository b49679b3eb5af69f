package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.KubernetesExtension;
import dev.sluice.testing.OperatorProcess;
import dev.sluice.testing.TestCluster;
import dev.sluice.testing.TestNamespace;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Kubernetes stops a Pod with SIGTERM and kills it after the grace period (30 s by default). A leader used to hang
 * on SIGTERM (java-operator-sdk's exit on stop-leading ran inside the shutdown hook) until it was killed.
 */
@Tag("cluster")
@ExtendWith(KubernetesExtension.class)
class OperatorShutdownTest {
  @Test
  void aLeadingOperatorExitsSoonAfterSigterm(TestNamespace ns) {
    OperatorProcess leader = OperatorProcess.start(TestCluster.get(), "sluice.leader-election.lease-name=sluice-" + ns.name(),
        "sluice.leader-election.lease-namespace=" + ns.name());
    long start = System.nanoTime();
    Optional<Integer> exit = leader.terminate(Duration.ofSeconds(10));
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(exit).as("exit status within 10 s of SIGTERM").contains(143);
    assertThat(leader.log()).contains("Stopped leading for identity").contains("stopped in");
    System.out.println("SIGTERM -> exit: " + took.toMillis() + " ms");
  }
}
