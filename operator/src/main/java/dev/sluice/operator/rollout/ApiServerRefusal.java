package dev.sluice.operator.rollout;

import dev.sluice.operator.plan.Action;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Set;

/**
 * A write the API server refused as written: an object it finds invalid (a ReplicaSet built from a template the
 * Rollout's CRD accepted but ReplicaSet validation does not, 422), a malformed request (400), a write it forbids
 * (RBAC, an admission webhook or an exceeded ResourceQuota, 403) or one too large (413). Sending the same request
 * again at once cannot succeed, so instead of failing the reconcile (which JOSDK retries a few times within minutes,
 * then gives up with nothing in status) it becomes a {@link RolloutProblem}: Stalled with the server's message, a
 * Warning Event, and another try in {@link PlanRecorder#PROBLEM_RETRY}.
 *
 * <p>Not refusals: 409 (the object changed under us; the reconciler decides again at once), 404 (the informer's view
 * is behind; its event brings the next reconcile), 429 and 5xx (the server is busy or failing, not the request).
 */
final class ApiServerRefusal {
  static final String REASON = "ApiServerRejected";
  private static final Set<Integer> REFUSED = Set.of(400, 403, 413, 422);

  private ApiServerRefusal() {
  }

  static boolean isRefusal(KubernetesClientException e) {
    return REFUSED.contains(e.getCode());
  }

  /** The problem to record; its message (bounded by {@link RolloutProblem}) names what Sluice was writing. */
  static RolloutProblem problem(Action action, KubernetesClientException e) {
    String serverMessage = e.getStatus() != null && e.getStatus().getMessage() != null
        ? e.getStatus().getMessage() : e.getMessage();
    return new RolloutProblem(REASON, "the API server refused " + describe(action) + " (HTTP " + e.getCode() + "): "
        + serverMessage);
  }

  static String describe(Action action) {
    if (action instanceof Action.ScaleRevision a) {
      return "to create or scale the ReplicaSet of revision " + a.hash();
    } else if (action instanceof Action.ScheduleScaleDown a) {
      return "to schedule the scale-down of revision " + a.hash();
    } else if (action instanceof Action.DeleteRevision a) {
      return "to delete the ReplicaSet of revision " + a.hash();
    } else if (action instanceof Action.PointServices || action instanceof Action.PointActiveAndPreview) {
      return "to point the Services' selectors";
    } else if (action instanceof Action.PointService a) {
      return "to point Service " + a.service() + "'s selector at revision " + a.hash();
    } else if (action instanceof Action.StartAnalysis a) {
      return "to create AnalysisRun " + a.runName();
    } else if (action instanceof Action.TerminateAnalysis a) {
      return "to terminate AnalysisRun " + a.runName();
    } else if (action instanceof Action.ScaleWorkload a) {
      return "to scale the Deployment of spec.workloadRef to " + a.replicas();
    } else if (action instanceof Action.SetRoleMetadata a) {
      return "to set the role labels and annotations of revision " + a.hash() + " (its ReplicaSet and pods)";
    }
    return "to change the traffic routes";
  }
}
