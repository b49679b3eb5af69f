package dev.sluice.operator.rollout;

import dev.sluice.api.v1alpha1.AnalysisRun;
import dev.sluice.api.v1alpha1.PodTemplateMetadata;
import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.api.v1alpha1.RolloutLabels;
import dev.sluice.operator.plan.Action;
import dev.sluice.traffic.RouteConflictException;
import dev.sluice.traffic.TrafficRouter;
import dev.sluice.traffic.TrafficRoutingException;
import dev.sluice.api.client.WriteTargets;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Applies a plan's actions to the cluster, in order, reading ReplicaSets and Services from the informer caches and
 * writing only what differs. A missing route or template, or a write the API server refuses, stops here as a
 * {@link RolloutProblem}.
 */
final class PlanActions {
  private static final PatchContext MERGE = new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE)
      .withFieldManager(RolloutLabels.FIELD_MANAGER).build();

  private final KubernetesClient client;
  private final Rollout rollout;
  private final Map<String, ReplicaSet> replicaSets;
  private final Map<String, Service> services;
  private final BiFunction<String, String, TrafficRouter> routers;
  private final RolePodMetadata roles;
  /** The role each revision gets in the plan being applied: a ReplicaSet it creates is born with it. */
  private final Map<String, PodTemplateMetadata> plannedRoles = new HashMap<>();
  private String canaryHash;
  private String stableHash;
  private TrafficRouter router;
  /** The Deployment workloadRef names, as cached; empty without workloadRef. */
  private final Optional<Deployment> workload;

  /**
   * @param routers builds the router for (canary hash, stable hash); a PointServices action moves the hashes, so
   *     that routes and subsets follow the Services within the same plan (at promotion both become the new one)
   */
  PlanActions(KubernetesClient client, Rollout rollout, Map<String, ReplicaSet> replicaSetsByHash,
      Map<String, Service> servicesByName, BiFunction<String, String, TrafficRouter> routers, String canaryHash, String stableHash,
      Optional<Deployment> workload) {
    this.client = client;
    this.workload = workload;
    this.rollout = rollout;
    this.replicaSets = replicaSetsByHash;
    this.services = servicesByName;
    this.routers = routers;
    this.canaryHash = canaryHash;
    this.stableHash = stableHash;
    var selector = rollout.getSpec().selector;
    this.roles = new RolePodMetadata(client,
        selector == null || selector.getMatchLabels() == null ? Set.of() : selector.getMatchLabels().keySet());
  }

  private TrafficRouter router() {
    if (router == null) {
      router = routers.apply(canaryHash, stableHash);
    }
    return router;
  }

  void apply(List<Action> actions) {
    actions.stream().filter(a -> a instanceof Action.SetRoleMetadata).map(a -> (Action.SetRoleMetadata) a)
        .forEach(a -> plannedRoles.put(a.hash(), a.metadata()));
    for (Action action : actions) {
      try {
        apply(action);
      } catch (RouteConflictException e) {
        throw e;
      } catch (TrafficRoutingException e) {
        throw new RolloutProblem("TrafficRoutingError", e.getMessage() + (e.specField() == null ? "" : " (" + e.specField() + ")"));
      } catch (KubernetesClientException e) {
        if (!ApiServerRefusal.isRefusal(e)) {
          throw e;
        }
        throw ApiServerRefusal.problem(action, e);
      }
    }
  }

  /** Both strategies' actions; one it does not know is a bug in this class and fails the reconcile. */
  private void apply(Action action) {
    if (action instanceof Action.ScaleRevision a) {
      scale(a.hash(), a.replicas());
    } else if (action instanceof Action.ScheduleScaleDown a) {
      annotateScaleDown(a.hash(), a.at().toString());
    } else if (action instanceof Action.DeleteRevision a) {
      delete(a.hash());
    } else if (action instanceof Action.PointServices a) {
      pointServices(a.stableHash(), a.canaryHash());
      if (!a.canaryHash().equals(canaryHash) || !a.stableHash().equals(stableHash)) {
        canaryHash = a.canaryHash();
        stableHash = a.stableHash();
        router = null;
      }
    } else if (action instanceof Action.PointService a) {
      point(a.service(), a.hash());
    } else if (action instanceof Action.PointActiveAndPreview a) {
      point(rollout.getSpec().strategy.blueGreen.activeService, a.activeHash());
      point(rollout.getSpec().strategy.blueGreen.previewService, a.previewHash());
    } else if (action instanceof Action.SetWeight a) {
      router().setWeight(a.canaryWeight());
    } else if (action instanceof Action.SetHeaderRoute a) {
      router().setHeaderRoute(a.route());
    } else if (action instanceof Action.SetMirrorRoute a) {
      router().setMirrorRoute(a.route());
    } else if (action instanceof Action.RemoveManagedRoutes) {
      router().removeManagedRoutes();
    } else if (action instanceof Action.StartAnalysis a) {
      startAnalysis(a);
    } else if (action instanceof Action.TerminateAnalysis a) {
      terminateAnalysis(a.runName());
    } else if (action instanceof Action.ScaleWorkload a) {
      scaleWorkload(a.replicas());
    } else if (action instanceof Action.SetRoleMetadata a) {
      ReplicaSet existing = replicaSets.get(a.hash());
      if (existing != null) {
        replicaSets.put(a.hash(), roles.sync(existing, a.metadata()));
      }
    } else {
      throw new IllegalStateException("no way to apply " + action);
    }
  }

  private void delete(String hash) {
    ReplicaSet existing = replicaSets.remove(hash);
    if (existing != null) {
      client.resource(existing).delete();
    }
  }

  private void scale(String hash, int replicas) {
    ReplicaSet existing = replicaSets.get(hash);
    if (existing == null) {
      ReplicaSet replicaSet = RevisionReplicaSets.build(rollout, hash, replicas,
          RevisionReplicaSets.nextSequence(replicaSets.values()));
      roles.addTo(replicaSet, plannedRoles.get(hash));
      ReplicaSet created = client.resource(replicaSet).create();
      replicaSets.put(hash, created);
      return;
    }
    boolean scheduled = existing.getMetadata().getAnnotations() != null
        && existing.getMetadata().getAnnotations().containsKey(RolloutLabels.SCALE_DOWN_AT);
    if (Objects.equals(existing.getSpec().getReplicas(), replicas) && (!scheduled || replicas == 0)) {
      return;
    }
    String annotations = scheduled && replicas > 0
        ? ",\"metadata\":{\"annotations\":{\"" + RolloutLabels.SCALE_DOWN_AT + "\":null}}" : "";
    replicaSets.put(hash, WriteTargets.byName(client, ReplicaSet.class, existing.getMetadata().getNamespace(),
        existing.getMetadata().getName()).patch(MERGE, "{\"spec\":{\"replicas\":" + replicas + "}" + annotations + "}"));
  }

  /** workloadRef's scaleDown: the Deployment's spec.replicas, patched only when it differs. */
  private void scaleWorkload(int replicas) {
    if (workload.isEmpty() || Objects.equals(workload.get().getSpec().getReplicas(), replicas)) {
      return;
    }
    Deployment deployment = workload.get();
    WriteTargets.byName(client, Deployment.class, deployment.getMetadata().getNamespace(),
        deployment.getMetadata().getName()).patch(MERGE, "{\"spec\":{\"replicas\":" + replicas + "}}");
  }

  private void annotateScaleDown(String hash, String at) {
    ReplicaSet existing = replicaSets.get(hash);
    if (existing == null || existing.getMetadata().getAnnotations() != null
        && existing.getMetadata().getAnnotations().containsKey(RolloutLabels.SCALE_DOWN_AT)) {
      return;
    }
    replicaSets.put(hash, WriteTargets.byName(client, ReplicaSet.class, existing.getMetadata().getNamespace(),
        existing.getMetadata().getName())
        .patch(MERGE, "{\"metadata\":{\"annotations\":{\"" + RolloutLabels.SCALE_DOWN_AT + "\":\"" + at + "\"}}}"));
  }

  /** Adds the hash label to each Service's selector; nothing else in the Service changes. */
  private void pointServices(String stableHash, String canaryHash) {
    var canary = rollout.getSpec().strategy.canary;
    point(canary.stableService, stableHash);
    point(canary.canaryService, canaryHash);
  }

  private void point(String serviceName, String hash) {
    if (serviceName == null) {
      return;
    }
    Service service = services.get(serviceName);
    if (service == null) {
      throw new RolloutProblem("ServiceNotFound", "Service \"" + serviceName + "\" not found");
    }
    Map<String, String> selector = service.getSpec().getSelector();
    if (selector != null && hash.equals(selector.get(RolloutLabels.POD_TEMPLATE_HASH))) {
      return;
    }
    WriteTargets.byName(client, Service.class, service.getMetadata().getNamespace(), serviceName)
        .patch(MERGE, "{\"spec\":{\"selector\":{\"" + RolloutLabels.POD_TEMPLATE_HASH + "\":\"" + hash + "\"}}}");
  }

  /**
   * Creates the run without asking first whether it exists: the plan asks for a run only when the cache has none of
   * that name, and one the cache has not seen yet (created by the reconcile before) answers 409 and stays as it is.
   */
  private void startAnalysis(Action.StartAnalysis action) {
    AnalysisRun run = AnalysisRunFactory.build(client, rollout, action.runName(), action.analysis(), action.revisionHash());
    try {
      client.resource(run).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
    }
  }

  /** Patches the run by name (no GET first); a run already deleted has nothing left to stop. */
  private void terminateAnalysis(String runName) {
    try {
      WriteTargets.byName(client, AnalysisRun.class, rollout.getMetadata().getNamespace(), runName)
          .patch(MERGE, "{\"spec\":{\"terminate\":true}}");
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }
}
