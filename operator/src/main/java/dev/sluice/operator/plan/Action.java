package dev.sluice.operator.plan;

import dev.sluice.api.v1alpha1.RolloutAnalysis;
import java.time.Instant;

/** A change the reconciler makes to the cluster. Every action is idempotent: applying it twice changes nothing. */
public sealed interface Action {
  /** Creates the revision's ReplicaSet from the spec's template, or scales the existing one; cancels its scale-down. */
  record ScaleRevision(String hash, int replicas) implements Action {
  }

  /** Schedules the revision's scale to zero; it happens at that time through a later ScaleRevision(hash, 0). */
  record ScheduleScaleDown(String hash, Instant at) implements Action {
  }

  /** Deletes a revision's ReplicaSet that fell out of revisionHistoryLimit. */
  record DeleteRevision(String hash) implements Action {
  }

  /** Points the stable and canary Services (their hash selector) at revisions. */
  record PointServices(String stableHash, String canaryHash) implements Action {
  }

  /**
   * Points one Service (its hash selector) at a revision: the ping-pong Services, each pointed on its own since their
   * roles alternate.
   */
  record PointService(String service, String hash) implements Action {
  }

  /** Points the blue-green active and preview Services (their hash selector) at revisions. */
  record PointActiveAndPreview(String activeHash, String previewHash) implements Action {
  }

  record SetWeight(int canaryWeight) implements Action {
  }

  record SetHeaderRoute(dev.sluice.api.v1alpha1.SetHeaderRoute route) implements Action {
  }

  record SetMirrorRoute(dev.sluice.api.v1alpha1.SetMirrorRoute route) implements Action {
  }

  record RemoveManagedRoutes() implements Action {
  }

  /** Creates the AnalysisRun named runName (if it does not exist) from the analysis' templates and arguments. */
  record StartAnalysis(String runName, RolloutAnalysis analysis, String revisionHash) implements Action {
  }

  record TerminateAnalysis(String runName) implements Action {
  }

  /** workloadRef's scaleDown: the referenced Deployment's spec.replicas (unchanged when it already is that). */
  record ScaleWorkload(int replicas) implements Action {
  }

  /**
   * The revision's pods carry this role metadata (null: none), on its ReplicaSet's pod template and in place on its
   * running pods; what Sluice put there before and is not in it any more is taken away.
   */
  record SetRoleMetadata(String hash, dev.sluice.api.v1alpha1.PodTemplateMetadata metadata) implements Action {
  }
}
