package dev.sluice.charts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.RepoPaths;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/** examples/argocd/health.lua run on Rollouts as the Sluice controller writes them, as Argo CD runs it. */
class ArgoCdHealthTest {
  private static final String SCRIPT = read("examples/argocd/health.lua");

  @Test
  void aRolloutNotYetReconciledIsProgressing() {
    assertThat(health("metadata: {generation: 1}")).containsExactly("Progressing",
        "Waiting for the Sluice controller to reconcile the rollout");
  }

  @Test
  void healthyAtTheCurrentGenerationIsHealthy() {
    assertThat(health(rollout(3, 3, "Healthy", null, "Ready: True"))[0]).isEqualTo("Healthy");
  }

  @Test
  void aStatusForAnOlderGenerationIsProgressingWhateverItsPhase() {
    assertThat(health(rollout(4, 3, "Healthy", null, "Ready: True")))
        .containsExactly("Progressing", "Waiting for the Sluice controller to observe generation 4");
  }

  @Test
  void progressingIsProgressingWithTheControllersMessage() {
    assertThat(health(rollout(2, 2, "Progressing", "more replicas need to be updated", "Reconciling: True")))
        .containsExactly("Progressing", "more replicas need to be updated");
  }

  @Test
  void pausedIsSuspended() {
    assertThat(health(rollout(2, 2, "Paused", "CanaryPauseStep", "Paused: True")))
        .containsExactly("Suspended", "CanaryPauseStep");
  }

  @Test
  void degradedAfterAnAbortIsDegradedWithTheReason() {
    assertThat(health(rollout(2, 2, "Degraded", "RolloutAborted: metric error-rate failed (0.31)", "Stalled: True")))
        .containsExactly("Degraded", "RolloutAborted: metric error-rate failed (0.31)");
  }

  @Test
  void anInvalidSpecIsDegradedNamingTheField() {
    String yaml = """
        metadata: {generation: 5}
        status:
          observedGeneration: 5
          phase: Progressing
          conditions:
          - {type: InvalidSpec, status: "True", message: "spec.strategy.canary.stableService: Service web-stable not found"}
        """;
    assertThat(health(yaml)).containsExactly("Degraded", "spec.strategy.canary.stableService: Service web-stable not found");
  }

  @Test
  void stalledWithoutADegradedPhaseIsStillDegraded() {
    assertThat(health(rollout(1, 1, null, null, "Stalled: True"))[0]).isEqualTo("Degraded");
  }

  @Test
  void theArgoCdConfigMapCarriesTheScriptVerbatim() {
    ConfigMap cm = Serialization.unmarshal(read("examples/argocd/argocd-cm.yaml"), ConfigMap.class);
    assertThat(cm.getData().get("resource.customizations.health.sluice.dev_Rollout")).isEqualTo(SCRIPT);
  }

  private static String rollout(int generation, int observed, String phase, String message, String condition) {
    String[] c = condition.split(": ");
    return """
        metadata: {generation: %d}
        status:
          observedGeneration: %d
          %s
          %s
          conditions:
          - {type: %s, status: "%s", message: ""}
        """.formatted(generation, observed, phase == null ? "" : "phase: " + phase,
        message == null ? "" : "message: \"" + message + "\"", c[0], c[1]);
  }

  /** Runs the script with {@code obj} bound to the object; returns {status, message}. */
  @SuppressWarnings("unchecked")
  private static String[] health(String yaml) {
    Map<String, Object> obj = Serialization.unmarshal(yaml, Map.class);
    Globals globals = JsePlatform.standardGlobals();
    globals.set("obj", toLua(obj));
    LuaValue result = globals.load(SCRIPT, "health.lua").call();
    return new String[] {result.get("status").tojstring(), result.get("message").tojstring()};
  }

  @SuppressWarnings("unchecked")
  private static LuaValue toLua(Object value) {
    if (value == null) {
      return LuaValue.NIL;
    }
    if (value instanceof Map<?, ?> map) {
      LuaTable table = new LuaTable();
      map.forEach((k, v) -> table.set(String.valueOf(k), toLua(v)));
      return table;
    }
    if (value instanceof List<?> list) {
      LuaTable table = new LuaTable();
      for (int i = 0; i < list.size(); i++) {
        table.set(i + 1, toLua(list.get(i)));
      }
      return table;
    }
    if (value instanceof Number number) {
      return LuaValue.valueOf(number.doubleValue());
    }
    if (value instanceof Boolean bool) {
      return LuaValue.valueOf(bool);
    }
    return LuaValue.valueOf(String.valueOf(value));
  }

  private static String read(String path) {
    try {
      return Files.readString(RepoPaths.resolve(path));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
