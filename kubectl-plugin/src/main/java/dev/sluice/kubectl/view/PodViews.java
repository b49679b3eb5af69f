package dev.sluice.kubectl.view;

import dev.sluice.kubectl.view.RolloutView.PodView;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** A pod as the tree shows it: the reason it is not running if any, ready containers, ready and available. */
final class PodViews {
  private PodViews() {
  }

  static PodView of(Pod pod, int minReadySeconds, Instant now) {
    List<ContainerStatus> statuses = pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
        ? List.of() : pod.getStatus().getContainerStatuses();
    int containers = pod.getSpec() == null || pod.getSpec().getContainers() == null ? statuses.size() : pod.getSpec().getContainers().size();
    int readyContainers = (int) statuses.stream().filter(s -> Boolean.TRUE.equals(s.getReady())).count();
    int restarts = statuses.stream().mapToInt(s -> s.getRestartCount() == null ? 0 : s.getRestartCount()).sum();
    PodCondition ready = readyCondition(pod);
    boolean isReady = ready != null && "True".equals(ready.getStatus());
    boolean available = isReady && readyFor(ready, minReadySeconds, now);
    return new PodView(pod.getMetadata().getName(), pod.getMetadata().getCreationTimestamp(), status(pod, statuses),
        readyContainers, containers, isReady, available, restarts);
  }

  /** Terminating, a container's waiting or terminated reason (CrashLoopBackOff, ...), else the pod's phase. */
  static String status(Pod pod, List<ContainerStatus> statuses) {
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      return "Terminating";
    }
    for (ContainerStatus s : statuses) {
      if (s.getState() != null && s.getState().getWaiting() != null && s.getState().getWaiting().getReason() != null) {
        return s.getState().getWaiting().getReason();
      }
      if (s.getState() != null && s.getState().getTerminated() != null && s.getState().getTerminated().getReason() != null) {
        return s.getState().getTerminated().getReason();
      }
    }
    return pod.getStatus() == null || pod.getStatus().getPhase() == null ? "Unknown" : pod.getStatus().getPhase();
  }

  private static PodCondition readyCondition(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return null;
    }
    return pod.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst().orElse(null);
  }

  private static boolean readyFor(PodCondition ready, int minReadySeconds, Instant now) {
    if (minReadySeconds <= 0) {
      return true;
    }
    try {
      return !Instant.parse(ready.getLastTransitionTime()).plusSeconds(minReadySeconds).isAfter(now);
    } catch (DateTimeParseException | NullPointerException e) {
      return false;
    }
  }
}
