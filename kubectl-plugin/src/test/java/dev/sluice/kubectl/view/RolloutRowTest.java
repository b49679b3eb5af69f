package dev.sluice.kubectl.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.kubectl.Fixtures;
import dev.sluice.kubectl.render.RolloutTable;
import dev.sluice.kubectl.render.Style;
import java.util.List;
import org.junit.jupiter.api.Test;

class RolloutRowTest {
  @Test
  void aCanaryRowHasStepAndWeight() {
    RolloutRow row = RolloutRow.of(Fixtures.rollout("canary-paused.yaml"));

    assertThat(row).isEqualTo(new RolloutRow("prod", "web", "Canary", "Paused", "1/4", 20, 2, 3, 1, 3, "2025-01-01T00:00:00Z"));
  }

  @Test
  void tableHasTheKubectlColumnsAndANamespaceColumnWithAllNamespaces() {
    Rollout fresh = Fixtures.rollout("canary-paused.yaml");
    fresh.getMetadata().setName("checkout");
    fresh.getMetadata().setNamespace("shop");
    fresh.setStatus(null);
    List<RolloutRow> rows = List.of(RolloutRow.of(Fixtures.rollout("canary-paused.yaml")), RolloutRow.of(fresh));

    assertThat(RolloutTable.of(rows, false, Fixtures.NOW).render(Style.PLAIN)).isEqualTo("""
        NAME       STRATEGY   PHASE     STEP   WEIGHT   DESIRED   CURRENT   UP-TO-DATE   AVAILABLE   AGE
        web        Canary     Paused    1/4    20       2         3         1            3           120m
        checkout   Canary     Unknown   0/4    -        2         0         0            0           120m
        """);
    assertThat(RolloutTable.of(rows, true, Fixtures.NOW).render(Style.PLAIN).lines().toList()).containsExactly(
        "NAMESPACE   NAME       STRATEGY   PHASE     STEP   WEIGHT   DESIRED   CURRENT   UP-TO-DATE   AVAILABLE   AGE",
        "prod        web        Canary     Paused    1/4    20       2         3         1            3           120m",
        "shop        checkout   Canary     Unknown   0/4    -        2         0         0            0           120m");
  }
}
