package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the StepCompleted Events of a namespace say after an operator was killed mid-canary. The operator writes the
 * status that records a step, then posts the step's Event: a SIGKILL in between loses that one Event (Events are best
 * effort), so the killed operator's last step may be missing. The steps the surviving operator ran must each be there
 * exactly once, and no step may be there twice (an Event repeated with the same text is counted in its `count`).
 */
final class StepCompletions {
  private StepCompletions() {
  }

  /** Asserts steps {@code firstBySurvivor}..{@code total} completed exactly once and none twice. */
  static void assertEachStepOnceAfterAKill(KubernetesClient client, String namespace, int firstBySurvivor, int total) {
    Map<String, Integer> byStep = new TreeMap<>();
    client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> "StepCompleted".equals(e.getReason()))
        .forEach(e -> byStep.merge(e.getMessage().replaceAll(" completed:.*", ""),
            e.getCount() == null ? 1 : e.getCount(), Integer::sum));
    for (int step = firstBySurvivor; step <= total; step++) {
      assertThat(byStep).as("StepCompleted Events by step").containsEntry("step " + step + "/" + total, 1);
    }
    assertThat(byStep.values()).as("no step completed twice: " + byStep).allMatch(n -> n == 1);
  }
}
