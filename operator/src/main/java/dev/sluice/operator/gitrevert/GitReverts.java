package dev.sluice.operator.gitrevert;

import dev.sluice.api.v1alpha1.AnalysisRun;
import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.api.v1alpha1.RolloutStatus;
import dev.sluice.gitops.GitCredentials;
import dev.sluice.gitops.GitRevertOutcome;
import dev.sluice.gitops.GitRevertRequest;
import dev.sluice.gitops.GitRevertSettings;
import dev.sluice.gitops.GitReverter;
import dev.sluice.operator.status.StatusWriter;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * The imperative part of the Git revert: records Pending before any work, runs the revert off the reconcile thread
 * (one job per Rollout at a time, a few at once overall), then records the outcome with optimistic locking and
 * publishes it. A Pending found after a restart is run again; the engine's trailer search makes that safe.
 */
@ApplicationScoped
public class GitReverts {
  private static final Logger LOG = Logger.getLogger(GitReverts.class);
  private static final int WRITE_ATTEMPTS = 20;
  /**
   * Starts of one Pending revert by any controller (each restart or new leader starts it again). A job that killed
   * its controller every time (or never finished for another reason) ends Failed after this many, not forever.
   */
  static final int MAX_STARTS = 3;

  private final KubernetesClient client;
  private final StatusWriter statusWriter;
  private final RevertEvents events;
  private final RevertDefaults defaults;
  private final GitReverter reverter;
  private final ThreadPoolExecutor executor;
  private final Clock clock = Clock.systemUTC();
  /** Rollouts (namespace/name) whose revert runs now. */
  private final Set<String> running = ConcurrentHashMap.newKeySet();
  /** Revision whose outcome this process wrote, by Rollout: a cache still showing Pending is stale, not a restart. */
  private final Map<String, String> written = new ConcurrentHashMap<>();

  public GitReverts(KubernetesClient client, StatusWriter statusWriter, RevertEvents events, GitRevertConfig config) {
    this.client = client;
    this.statusWriter = statusWriter;
    this.events = events;
    this.defaults = config.defaults();
    GitRevertSettings settings = GitRevertSettings.DEFAULTS
        .withMaxPushAttempts(config.maxPushAttempts())
        .withTransportTimeout(config.transportTimeout())
        .withDeadline(config.deadline());
    this.reverter = new GitReverter(config.workDir().map(Path::of).map(settings::withWorkDir).orElse(settings));
    int threads = Math.max(1, config.concurrency());
    this.executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(1000), r -> {
      Thread thread = new Thread(r, "sluice-git-revert");
      thread.setDaemon(true);
      return thread;
    });
  }

  @PreDestroy
  void stop() {
    executor.shutdownNow();
  }

  /**
   * Decides and acts for one reconcile. Returns true when it wrote the status (Pending): the caller ends this
   * reconcile, and the write triggers the next one. A conflict propagates as a 409 {@link KubernetesClientException}.
   */
  public boolean reconcile(Rollout rollout, Set<ReplicaSet> replicaSets, Set<AnalysisRun> runs) {
    RevertSettings settings = RevertSettings.merge(rollout.getSpec().gitRevert, defaults);
    RolloutStatus observed = rollout.getStatus();
    RevertDecision decision = RevertDecision.decide(observed, settings,
        AnalysisVerdict.of(runs, observed == null ? null : observed.currentPodHash));
    String key = key(rollout);
    if (decision.kind() != RevertDecision.Kind.RESUME) {
      written.remove(key);
    }
    switch (decision.kind()) {
      case START:
        RolloutStatus status = StatusWriter.copyOf(rollout.getStatus());
        RevertDecision.markPending(status, decision.revision());
        statusWriter.write(rollout, status);
        return true;
      case SKIP:
        RolloutStatus skipped = StatusWriter.copyOf(rollout.getStatus());
        RevertResults.recordNotReverted(skipped, decision.revision(), decision.reason(), rollout.getMetadata().getGeneration(),
            clock.instant());
        statusWriter.write(rollout, skipped);
        events.notReverted(rollout, decision.revision(), decision.reason());
        return true;
      case RESUME:
        if (decision.revision().equals(written.get(key)) || running.contains(key)) {
          return false;
        }
        return resume(key, rollout, settings, decision.revision(), replicaSets, runs);
      default:
        return false;
    }
  }

  /**
   * Counts this start in the status (so that a controller killed by the job does not start it forever), then hands
   * the job to the executor; after {@link #MAX_STARTS} starts it records Failed instead. True when it wrote.
   */
  private boolean resume(String key, Rollout rollout, RevertSettings settings, String revision, Set<ReplicaSet> replicaSets,
      Set<AnalysisRun> runs) {
    RolloutStatus status = StatusWriter.copyOf(rollout.getStatus());
    int starts = status.gitRevert.starts == null ? 0 : status.gitRevert.starts;
    Long generation = rollout.getMetadata().getGeneration();
    if (starts >= MAX_STARTS) {
      String message = "the revert was started " + starts + " times and never finished (a controller restart or a "
          + "leader change each time); it is not started again. Git may hold its commit: look for the trailer "
          + "Sluice-Revision: " + revision + " before reverting by hand";
      RevertResults.recordFailure(status, revision, NOT_FINISHED, message, generation, clock.instant());
      status.gitRevert.starts = starts;
      statusWriter.write(rollout, status);
      written.put(key, revision);
      events.failedBeforeRun(rollout, revision, NOT_FINISHED, message);
      return true;
    }
    status.gitRevert.starts = starts + 1;
    statusWriter.write(rollout, status);
    if (running.add(key)) {
      submit(key, rollout, settings, revision, List.copyOf(replicaSets), List.copyOf(runs));
    }
    return true;
  }

  /** The reason of a revert that was started {@link #MAX_STARTS} times without finishing. */
  static final String NOT_FINISHED = "NotFinished";

  private void submit(String key, Rollout rollout, RevertSettings settings, String revision, List<ReplicaSet> replicaSets,
      List<AnalysisRun> runs) {
    try {
      executor.execute(() -> {
        // Log lines name the Rollout, like the reconciler's (the pool thread would inherit its creator's).
        MDC.put("resource.namespace", rollout.getMetadata().getNamespace());
        MDC.put("resource.name", rollout.getMetadata().getName());
        try {
          run(key, rollout, settings, revision, replicaSets, runs);
        } catch (RuntimeException e) {
          LOG.errorf("Git revert of %s revision %s ended unexpectedly: %s", key, revision, e.getClass().getName());
        } finally {
          running.remove(key);
          MDC.remove("resource.namespace");
          MDC.remove("resource.name");
        }
      });
    } catch (RejectedExecutionException e) {
      running.remove(key);
      LOG.warnf("Git revert of %s revision %s not started: too many reverts queued; it stays Pending", key, revision);
    }
  }

  private void run(String key, Rollout rollout, RevertSettings settings, String revision, List<ReplicaSet> replicaSets,
      List<AnalysisRun> runs) {
    String stable = rollout.getStatus().stableRS;
    Long generation = rollout.getMetadata().getGeneration();
    events.attempted(rollout, revision, settings);
    GitCredentials credentials;
    GitRevertRequest request;
    try {
      credentials = credentials(rollout, settings);
      request = RevertRequests.build(rollout, settings, revision, stable, live(replicaSets, revision, stable), runs,
          credentials);
    } catch (Problem | RevertRequests.Unbuildable e) {
      String reason = e instanceof Problem p ? p.reason : GitRevertOutcome.Reason.InvalidRequest.name();
      if (update(key, rollout, s -> RevertResults.recordFailure(s, revision, reason, e.getMessage(), generation, clock.instant()))) {
        written.put(key, revision);
      }
      events.failedBeforeRun(rollout, revision, reason, e.getMessage());
      return;
    }
    GitRevertOutcome outcome = reverter.revert(request);
    LOG.infof("Git revert of %s revision %s: %s %s", key, revision, outcome.phase(), outcome.reason());
    if (update(key, rollout, s -> RevertResults.record(s, revision, outcome, generation, clock.instant()))) {
      written.put(key, revision);
    }
    events.finished(rollout, revision, outcome);
  }

  /** The two revisions' ReplicaSets with their whole templates (the cache has them without pod specs). */
  private List<ReplicaSet> live(List<ReplicaSet> cached, String revision, String stable) throws Problem {
    try {
      return LiveReplicaSets.of(client, cached, Stream.of(revision, stable).filter(Objects::nonNull).collect(Collectors.toSet()));
    } catch (KubernetesClientException e) {
      throw new Problem("ReplicaSetUnreadable", "the ReplicaSets of revisions " + revision + " and " + stable
          + " could not be read (HTTP " + e.getCode() + ")");
    }
  }

  private GitCredentials credentials(Rollout rollout, RevertSettings settings) throws Problem {
    if (settings.secretName() == null) {
      return GitCredentials.anonymous();
    }
    Secret secret;
    try {
      secret = client.secrets().inNamespace(rollout.getMetadata().getNamespace()).withName(settings.secretName()).get();
    } catch (KubernetesClientException e) {
      throw new Problem("SecretUnreadable", "Secret \"" + settings.secretName() + "\" could not be read (HTTP " + e.getCode() + ")");
    }
    if (secret == null) {
      throw new Problem("SecretNotFound", "Secret \"" + settings.secretName() + "\" not found in namespace "
          + rollout.getMetadata().getNamespace());
    }
    try {
      return SecretCredentials.from(secret);
    } catch (SecretCredentials.Unusable | IllegalArgumentException e) {
      throw new Problem("SecretUnusable", e.getMessage());
    }
  }

  /** Applies change to the stored status, retrying on conflicts; false when it could not be written. */
  private boolean update(String key, Rollout observed, Consumer<RolloutStatus> change) {
    for (int attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
      Rollout fresh = client.resources(Rollout.class).inNamespace(observed.getMetadata().getNamespace())
          .withName(observed.getMetadata().getName()).get();
      if (fresh == null || !Objects.equals(fresh.getMetadata().getUid(), observed.getMetadata().getUid())) {
        LOG.warnf("Git revert of %s: the Rollout is gone; its outcome is only in the Events", key);
        return false;
      }
      RolloutStatus status = StatusWriter.copyOf(fresh.getStatus());
      change.accept(status);
      try {
        statusWriter.write(fresh, status);
        return true;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          LOG.warnf("Git revert of %s: status not written (HTTP %d), attempt %d", key, e.getCode(), attempt);
        }
      }
      try {
        Thread.sleep(Math.min(2000, 50L * attempt * attempt));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }

  private static String key(Rollout rollout) {
    return rollout.getMetadata().getNamespace() + "/" + rollout.getMetadata().getName();
  }

  /** A failure before the engine runs; the message is safe to show. */
  private static final class Problem extends Exception {
    final String reason;

    Problem(String reason, String message) {
      super(message);
      this.reason = reason;
    }
  }
}
