package dev.sluice.kubectl.view;

import java.util.List;

/**
 * What `get rollout` shows, as data: the tree is drawn from it and -o json/yaml prints it. Built by
 * {@link RolloutViews} from the Rollout and the objects around it.
 */
public record RolloutView(
    String name,
    String namespace,
    String created,
    String phase,
    String message,
    /** False while status.observedGeneration lags metadata.generation: the phase describes an older spec. */
    boolean observed,
    String strategy,
    /** status.currentStepIndex and the number of steps (canary only). */
    Integer step,
    Integer steps,
    Weights weights,
    Replicas replicas,
    List<String> pauseReasons,
    Manual manual,
    GitRevert gitRevert,
    List<Revision> revisions,
    List<AnalysisRunView> analysisRuns) {

  public record Weights(Integer canary, Integer stable, Boolean verified) {
  }

  public record Replicas(int desired, int current, int updated, int ready, int available) {
  }

  /** The manual controls in force: status.abort, revertRequested, promoteFull, and the plugin's annotations. */
  public record Manual(boolean aborted, String abortReason, boolean promoteFull, boolean pausedByAnnotation,
                       boolean pausedBySpec, boolean revertRequested, String restartedAt) {
  }

  public record GitRevert(String phase, String reason, String commit, String branch, String revision, Integer attempts,
                          String message, List<String> rejectedRevisions) {
  }

  /** One revision (pod template hash) and its ReplicaSet; roles are stable, canary, active, preview. */
  public record Revision(String hash, List<String> roles, String replicaSet, String created, int desired, int current,
                         int ready, int available, String status, List<PodView> pods) {
  }

  public record PodView(String name, String created, String status, int readyContainers, int containers,
                        boolean ready, boolean available, int restarts) {
  }

  /** current: the run the rollout's status names as its step or background analysis now. */
  public record AnalysisRunView(String name, String created, String phase, String message, boolean current,
                                String revision, List<MetricView> metrics) {
  }

  /** A metric's phase, its last values (oldest first) and its measurement counts. */
  public record MetricView(String name, String phase, List<String> lastValues, int successful, int failed,
                           int inconclusive, int error, String message) {
  }
}
