package dev.sluice.operator.rollout;

import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.api.v1alpha1.RolloutPhase;
import dev.sluice.api.v1alpha1.RolloutStatus;
import dev.sluice.api.validation.Violation;
import dev.sluice.operator.events.EventPublisher;
import dev.sluice.operator.restart.PodRestarter;
import dev.sluice.operator.gitrevert.GitReverts;
import dev.sluice.operator.status.Conditions;
import dev.sluice.operator.status.StatusWriter;
import dev.sluice.api.v1alpha1.AnalysisRun;
import dev.sluice.api.v1alpha1.RolloutLabels;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.time.Duration;
import io.quarkiverse.operatorsdk.annotations.RBACRule;
import io.quarkiverse.operatorsdk.annotations.RBACVerbs;
import dev.sluice.operator.cache.PrunedCache;
import dev.sluice.operator.cache.ListPages;
import dev.sluice.operator.cache.PrunedStore;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import dev.sluice.operator.routes.CachedRouteAccess;
import dev.sluice.operator.routes.RecentWrites;
import dev.sluice.operator.routes.RouteInformers;
import dev.sluice.traffic.patch.ResourceAccess;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Observes a Rollout and what it references, validates it, and records the outcome in its status. Status
 * changes made by people (abort, promote) must trigger a reconcile, so events are not filtered by generation. Its
 * cache of Rollouts is pruned like the others ({@link PrunedStore}): the status is only ever merge-patched.
 */
@ControllerConfiguration(name = "rollout", generationAwareEventProcessing = false,
    informer = @Informer(itemStore = PrunedStore.class, informerListLimit = ListPages.LIMIT))
@RBACRule(apiGroups = "", resources = "services", verbs = {RBACVerbs.GET, RBACVerbs.LIST, RBACVerbs.WATCH, RBACVerbs.PATCH})
@RBACRule(apiGroups = "apps", resources = "replicasets",
    verbs = {RBACVerbs.GET, RBACVerbs.LIST, RBACVerbs.WATCH, RBACVerbs.CREATE, RBACVerbs.PATCH, RBACVerbs.DELETE})
// AnalysisRuns: created per step, terminated by a patch, deleted beyond spec.analysis' history limits.
@RBACRule(apiGroups = "sluice.dev", resources = "analysisruns",
    verbs = {RBACVerbs.GET, RBACVerbs.LIST, RBACVerbs.WATCH, RBACVerbs.CREATE, RBACVerbs.PATCH, RBACVerbs.DELETE})
@RBACRule(apiGroups = "sluice.dev", resources = {"analysistemplates", "clusteranalysistemplates"}, verbs = RBACVerbs.GET)
// Every router object (RouteKind): watched (when served) so a step verifies its weight on a cache.
@RBACRule(apiGroups = "gateway.networking.k8s.io", resources = "httproutes",
    verbs = {RBACVerbs.GET, RBACVerbs.LIST, RBACVerbs.WATCH, RBACVerbs.PATCH})
@RBACRule(apiGroups = "networking.istio.io", resources = {"virtualservices", "destinationrules"},
    verbs = {RBACVerbs.GET, RBACVerbs.LIST, RBACVerbs.WATCH, RBACVerbs.PATCH})
// trafficRouting.nginx: the stable Ingress read; the canary Ingress created, patched and deleted by Sluice.
// trafficRouting.alb: the Ingress read and its action annotation patched.
@RBACRule(apiGroups = "networking.k8s.io", resources = "ingresses",
    verbs = {RBACVerbs.GET, RBACVerbs.LIST, RBACVerbs.WATCH, RBACVerbs.CREATE, RBACVerbs.PATCH, RBACVerbs.DELETE})
// trafficRouting.smi: the TrafficSplit Sluice creates and reweighs (deleted with the Rollout by the garbage collector).
@RBACRule(apiGroups = "split.smi-spec.io", resources = "trafficsplits",
    verbs = {RBACVerbs.GET, RBACVerbs.LIST, RBACVerbs.WATCH, RBACVerbs.CREATE, RBACVerbs.PATCH})
// trafficRouting.traefik: the weights of the TraefikService's weighted round robin.
@RBACRule(apiGroups = "traefik.io", resources = "traefikservices", verbs = {RBACVerbs.GET, RBACVerbs.LIST, RBACVerbs.WATCH, RBACVerbs.PATCH})
// trafficRouting.apisix: the backend weights of the ApisixRoute's http rules.
@RBACRule(apiGroups = "apisix.apache.org", resources = "apisixroutes",
    verbs = {RBACVerbs.GET, RBACVerbs.LIST, RBACVerbs.WATCH, RBACVerbs.CREATE, RBACVerbs.PATCH, RBACVerbs.DELETE})
// trafficRouting.ambassador: the Mappings read; the canary Mappings created, reweighed and deleted by Sluice.
@RBACRule(apiGroups = "getambassador.io", resources = "mappings",
    verbs = {RBACVerbs.GET, RBACVerbs.LIST, RBACVerbs.WATCH, RBACVerbs.CREATE, RBACVerbs.PATCH, RBACVerbs.DELETE})
// trafficRouting.appMesh: the VirtualService read; the VirtualRouter's weights and the VirtualNodes' pod selectors patched.
@RBACRule(apiGroups = "appmesh.k8s.aws", resources = "virtualservices", verbs = {RBACVerbs.GET, RBACVerbs.LIST, RBACVerbs.WATCH})
@RBACRule(apiGroups = "appmesh.k8s.aws", resources = "virtualnodes", verbs = {RBACVerbs.GET, RBACVerbs.LIST, RBACVerbs.WATCH, RBACVerbs.PATCH})
@RBACRule(apiGroups = "appmesh.k8s.aws", resources = "virtualrouters", verbs = {RBACVerbs.GET, RBACVerbs.PATCH})
@RBACRule(apiGroups = "", resources = "events", verbs = RBACVerbs.CREATE)
// workloadRef: the referenced Deployment's template is watched; scaleDown patches its spec.replicas (no scale subresource).
@RBACRule(apiGroups = "apps", resources = "deployments", verbs = {RBACVerbs.GET, RBACVerbs.LIST, RBACVerbs.WATCH, RBACVerbs.PATCH})
// Pods: listed and deleted by kubectl sluice restart; role metadata patches them in place (fabric8 reads the pod first).
@RBACRule(apiGroups = "", resources = "pods", verbs = {RBACVerbs.GET, RBACVerbs.LIST, RBACVerbs.DELETE, RBACVerbs.PATCH})
// The status: merge-patched by StatusWriter with the resourceVersion read as its precondition.
@RBACRule(apiGroups = "sluice.dev", resources = "rollouts/status", verbs = RBACVerbs.PATCH)
// The Git revert's credentials (spec.gitRevert.secretRef); the analysis controller holds the same grant.
@RBACRule(apiGroups = "", resources = "secrets", verbs = RBACVerbs.GET)
// Leases: JOSDK refuses to start without get, create and update; fabric8 renews the Lease with a patch.
@RBACRule(apiGroups = "coordination.k8s.io", resources = "leases", verbs = {RBACVerbs.GET, RBACVerbs.CREATE, RBACVerbs.UPDATE, RBACVerbs.PATCH})
public class RolloutReconciler implements Reconciler<Rollout> {
  static final String SERVICE_INDEX = "services";
  static final String WORKLOAD_INDEX = "workloads";
  static final String NO_STRATEGY = "spec.strategy sets neither canary nor blueGreen";

  private final StatusWriter statusWriter;
  private final EventPublisher events;
  private final Clock clock;
  private final StrategyReconcile strategy;
  private final PodRestarter restarter;
  private final KubernetesClient client;
  /** Live reads until prepareEventSources has the router objects' informers. */
  private volatile ResourceAccess routeAccess;
  private volatile RouteInformers routes = RouteInformers.none();
  private volatile boolean cachingStatusWrites;
  @Inject
  GitReverts gitReverts;

  @Inject
  public RolloutReconciler(KubernetesClient client, StatusWriter statusWriter, EventPublisher events) {
    this(client, statusWriter, events, Clock.systemUTC());
  }

  RolloutReconciler(KubernetesClient client, StatusWriter statusWriter, EventPublisher events, Clock clock) {
    this.client = client;
    this.statusWriter = statusWriter;
    this.events = events;
    this.clock = clock;
    this.routeAccess = ResourceAccess.of(client);
    this.strategy = new StrategyReconcile(client, () -> routeAccess, statusWriter, events, clock);
    this.restarter = new PodRestarter(client, events, clock);
  }

  @Override
  public List<EventSource<?, Rollout>> prepareEventSources(EventSourceContext<Rollout> context) {
    context.getPrimaryCache().addIndexer(SERVICE_INDEX, rollout -> ServiceReferences.of(rollout).values().stream()
        .map(name -> rollout.getMetadata().getNamespace() + "/" + name).distinct().toList());
    var services = InformerEventSourceConfiguration.from(Service.class, Rollout.class)
        .withSecondaryToPrimaryMapper(service -> context.getPrimaryCache()
            .byIndex(SERVICE_INDEX, service.getMetadata().getNamespace() + "/" + service.getMetadata().getName())
            .stream().map(ResourceID::fromResource).collect(Collectors.toSet()))
        .withPrimaryToSecondaryMapper((Rollout rollout) -> ServiceReferences.of(rollout).values().stream()
            .map(name -> new ResourceID(name, rollout.getMetadata().getNamespace())).collect(Collectors.toSet()))
        .withItemStore(PrunedCache.serviceStore())
        .withInformerListLimit(ListPages.LIMIT)
        .build();
    // workloadRef: a change of the Deployment (its template, or its creation) reconciles the Rollouts that name it.
    context.getPrimaryCache().addIndexer(WORKLOAD_INDEX, rollout -> WorkloadTemplate.key(rollout).stream().toList());
    var deployments = InformerEventSourceConfiguration.from(Deployment.class, Rollout.class)
        .withSecondaryToPrimaryMapper(deployment -> context.getPrimaryCache()
            .byIndex(WORKLOAD_INDEX, deployment.getMetadata().getNamespace() + "/" + deployment.getMetadata().getName())
            .stream().map(ResourceID::fromResource).collect(Collectors.toSet()))
        .withPrimaryToSecondaryMapper((Rollout rollout) -> rollout.getSpec() == null || rollout.getSpec().workloadRef == null
            ? Set.<ResourceID>of()
            : Set.of(new ResourceID(rollout.getSpec().workloadRef.name, rollout.getMetadata().getNamespace())))
        .withItemStore(PrunedCache.store())
        .withInformerListLimit(ListPages.LIMIT)
        .build();
    // Only what Sluice manages: ReplicaSets and AnalysisRuns carry the rollout label and an owner reference.
    var replicaSets = InformerEventSourceConfiguration.from(ReplicaSet.class, Rollout.class)
        .withLabelSelector(RolloutLabels.ROLLOUT)
        .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(Rollout.class))
        .withItemStore(PrunedCache.replicaSetStore())
        .withInformerListLimit(ListPages.LIMIT)
        .build();
    var runs = InformerEventSourceConfiguration.from(AnalysisRun.class, Rollout.class)
        .withLabelSelector(RolloutLabels.ROLLOUT)
        .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(Rollout.class))
        .withItemStore(PrunedCache.store())
        .withInformerListLimit(ListPages.LIMIT)
        .build();
    // The router objects Rollouts name or own (RouteKind): a step verifies its weight on the cache.
    routes = RouteInformers.prepare(client, context);
    routeAccess = new CachedRouteAccess(ResourceAccess.of(client), routes, new RecentWrites());
    List<EventSource<?, Rollout>> sources = new ArrayList<>(List.of(new InformerEventSource<>(services, context),
        new InformerEventSource<>(replicaSets, context), new InformerEventSource<>(runs, context),
        new InformerEventSource<>(deployments, context)));
    sources.addAll(routes.eventSources());
    return sources;
  }

  @Override
  public UpdateControl<Rollout> reconcile(Rollout stored, Context<Rollout> context) {
    if (!cachingStatusWrites) {
      var primaries = context.eventSourceRetriever().getControllerEventSource();
      statusWriter.cacheWritesWith((written, observed) ->
          primaries.handleRecentResourceUpdate(ResourceID.fromResource(written), written, observed));
      cachingStatusWrites = true;
    }
    // Router kinds the API server could not be asked about at start get their informers once it answers.
    routes.registerUndecided(context.eventSourceRetriever());
    Set<String> services = context.getSecondaryResources(Service.class).stream()
        .map(s -> s.getMetadata().getName()).collect(Collectors.toSet());
    Optional<Deployment> workload = WorkloadTemplate.referenced(stored, context.getSecondaryResources(Deployment.class));
    // From here on the Rollout is the one the controller runs: with workloadRef, the Deployment's template in it.
    Rollout rollout = WorkloadTemplate.resolve(stored, workload);
    List<Violation> violations = new ArrayList<>();
    WorkloadTemplate.problem(stored, workload).ifPresent(violations::add);
    violations.addAll(RolloutValidator.validate(rollout, services));
    RolloutStatus status = StatusWriter.copyOf(rollout.getStatus());
    Long generation = rollout.getMetadata().getGeneration();
    var now = clock.instant();
    status.observedGeneration = generation;
    if (!violations.isEmpty()) {
      String message = violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
      boolean changed = !("InvalidSpec: " + message).equals(status.message) || !Conditions.isTrue(status.conditions, Conditions.INVALID_SPEC);
      Conditions.set(status.conditions, Conditions.INVALID_SPEC, true, "InvalidSpec", message, generation, now);
      Conditions.set(status.conditions, Conditions.STALLED, true, "InvalidSpec", message, generation, now);
      Conditions.set(status.conditions, Conditions.READY, false, "InvalidSpec", message, generation, now);
      Conditions.set(status.conditions, Conditions.RECONCILING, false, "InvalidSpec", message, generation, now);
      status.phase = RolloutPhase.Degraded;
      status.message = "InvalidSpec: " + message;
      if (changed) {
        events.warning(rollout, "InvalidSpec", message);
      }
      statusWriter.write(rollout, status);
      return UpdateControl.noUpdate();
    }
    try {
      if (gitReverts != null && gitReverts.reconcile(rollout, context.getSecondaryResources(ReplicaSet.class),
          context.getSecondaryResources(AnalysisRun.class))) {
        return UpdateControl.noUpdate();
      }
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      return UpdateControl.<Rollout>noUpdate().rescheduleAfter(Duration.ofMillis(200));
    }
    if (rollout.getSpec().strategy.canary != null || rollout.getSpec().strategy.blueGreen != null) {
      UpdateControl<Rollout> control = UpdateControl.noUpdate();
      try {
        Set<ReplicaSet> replicaSets = context.getSecondaryResources(ReplicaSet.class);
        var runs = context.getSecondaryResources(AnalysisRun.class);
        var serviceObjects = context.getSecondaryResources(Service.class);
        Optional<Duration> again = strategy.run(rollout, replicaSets, runs, serviceObjects, workload);
        Optional<Duration> restart = restarter.run(rollout, replicaSets);
        for (String name : AnalysisRunRetention.toDelete(rollout, runs, replicaSets)) {
          client.resources(AnalysisRun.class).inNamespace(rollout.getMetadata().getNamespace()).withName(name).delete();
        }
        Stream.of(again, restart).flatMap(Optional::stream).min(Duration::compareTo).ifPresent(control::rescheduleAfter);
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        // The Rollout or an object changed while we decided (a person's promote or abort): decide again on it.
        control.rescheduleAfter(Duration.ofMillis(200));
      }
      return control;
    }
    // The API server's rule (exactly one of canary or blueGreen) makes this unreachable for stored Rollouts.
    Conditions.set(status.conditions, Conditions.INVALID_SPEC, true, "InvalidSpec", NO_STRATEGY, generation, now);
    Conditions.set(status.conditions, Conditions.STALLED, true, "InvalidSpec", NO_STRATEGY, generation, now);
    Conditions.set(status.conditions, Conditions.READY, false, "InvalidSpec", NO_STRATEGY, generation, now);
    status.phase = RolloutPhase.Degraded;
    status.message = "InvalidSpec: " + NO_STRATEGY;
    statusWriter.write(rollout, status);
    return UpdateControl.noUpdate();
  }
}
