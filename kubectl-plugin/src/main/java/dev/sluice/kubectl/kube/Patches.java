package dev.sluice.kubectl.kube;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON merge patches of manual control (docs/manual-control.md). They carry no resourceVersion: a person's
 * action applies to whatever the rollout is now, and the controller, which writes with the resourceVersion it decided
 * on, gets a conflict and decides again.
 */
public final class Patches {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Patches() {
  }

  /** {"status":{"abort":VALUE}}: true aborts, false retries. */
  public static String abort(boolean value) {
    ObjectNode patch = JSON.createObjectNode();
    patch.putObject("status").put("abort", value);
    return patch.toString();
  }

  /**
   * {"status":{"abort":true,"revertRequested":REVERT}}: aborts, and asks for (true) or withdraws (null) the Git
   * revert of the release in the same patch, so the controller never sees the abort without the request.
   */
  public static String abortRequestingRevert(Boolean revertRequested) {
    ObjectNode status = JSON.createObjectNode();
    ObjectNode patch = JSON.createObjectNode();
    patch.set("status", status);
    status.put("abort", true);
    if (revertRequested == null) {
      status.putNull("revertRequested");
    } else {
      status.put("revertRequested", revertRequested);
    }
    return patch.toString();
  }

  /** {"status":{"pauseConditions":null}}: leaves the current pause (promote one step, resume). */
  public static String clearPauseConditions() {
    ObjectNode patch = JSON.createObjectNode();
    patch.putObject("status").putNull("pauseConditions");
    return patch.toString();
  }

  /** {"status":{"promoteFull":true}}: skips the remaining steps. */
  public static String promoteFull() {
    ObjectNode patch = JSON.createObjectNode();
    patch.putObject("status").put("promoteFull", true);
    return patch.toString();
  }

  /** {"metadata":{"annotations":{KEY:VALUE}}}; a null value removes the annotation. */
  public static String annotation(String key, String value) {
    ObjectNode patch = JSON.createObjectNode();
    ObjectNode annotations = patch.putObject("metadata").putObject("annotations");
    if (value == null) {
      annotations.putNull(key);
    } else {
      annotations.put(key, value);
    }
    return patch.toString();
  }
}
