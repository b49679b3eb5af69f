package dev.sluice.operator.rollout;

import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.api.v1alpha1.RolloutPhase;
import dev.sluice.api.v1alpha1.RolloutStatus;
import dev.sluice.api.validation.Violation;
import dev.sluice.operator.events.EventPublisher;
import dev.sluice.operator.status.Conditions;
import dev.sluice.operator.status.StatusWriter;
import io.fabric8.kubernetes.api.model.Service;
import io.quarkiverse.operatorsdk.annotations.RBACRule;
import io.quarkiverse.operatorsdk.annotations.RBACVerbs;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Observes a Rollout and what it references, validates it, and records the outcome in its status. Status
 * changes made by people (abort, promote) must trigger a reconcile, so events are not filtered by generation.
 */
@ControllerConfiguration(name = "rollout", generationAwareEventProcessing = false)
@RBACRule(apiGroups = "", resources = "services", verbs = {RBACVerbs.GET, RBACVerbs.LIST, RBACVerbs.WATCH})
@RBACRule(apiGroups = "", resources = "events", verbs = RBACVerbs.CREATE)
@RBACRule(apiGroups = "coordination.k8s.io", resources = "leases", verbs = {RBACVerbs.GET, RBACVerbs.CREATE, RBACVerbs.UPDATE})
public class RolloutReconciler implements Reconciler<Rollout> {
  static final String SERVICE_INDEX = "services";

  private final StatusWriter statusWriter;
  private final EventPublisher events;
  private final Clock clock;

  public RolloutReconciler(StatusWriter statusWriter, EventPublisher events) {
    this(statusWriter, events, Clock.systemUTC());
  }

  RolloutReconciler(StatusWriter statusWriter, EventPublisher events, Clock clock) {
    this.statusWriter = statusWriter;
    this.events = events;
    this.clock = clock;
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
        .build();
    return List.of(new InformerEventSource<>(services, context));
  }

  @Override
  public UpdateControl<Rollout> reconcile(Rollout rollout, Context<Rollout> context) {
    Set<String> services = context.getSecondaryResources(Service.class).stream()
        .map(s -> s.getMetadata().getName()).collect(Collectors.toSet());
    List<Violation> violations = RolloutValidator.validate(rollout, services);
    RolloutStatus status = StatusWriter.copyOf(rollout.getStatus());
    Long generation = rollout.getMetadata().getGeneration();
    var now = clock.instant();
    status.observedGeneration = generation;
    if (!violations.isEmpty()) {
      String message = violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
      boolean changed = !message.equals(status.message) || !Conditions.isTrue(status.conditions, Conditions.INVALID_SPEC);
      Conditions.set(status.conditions, Conditions.INVALID_SPEC, true, "InvalidSpec", message, generation, now);
      Conditions.set(status.conditions, Conditions.STALLED, true, "InvalidSpec", message, generation, now);
      Conditions.set(status.conditions, Conditions.READY, false, "InvalidSpec", message, generation, now);
      Conditions.set(status.conditions, Conditions.RECONCILING, false, "InvalidSpec", message, generation, now);
      status.phase = RolloutPhase.Degraded;
      status.message = "InvalidSpec: " + message;
      if (changed) {
        events.warning(rollout, "InvalidSpec", message);
      }
    } else {
      Conditions.set(status.conditions, Conditions.INVALID_SPEC, false, "Valid", "", generation, now);
      Conditions.set(status.conditions, Conditions.STALLED, false, "Valid", "", generation, now);
      if (status.phase == null || status.phase == RolloutPhase.Degraded) {
        status.phase = RolloutPhase.Progressing;
        status.message = null;
        Conditions.set(status.conditions, Conditions.RECONCILING, true, "Progressing", "", generation, now);
        Conditions.set(status.conditions, Conditions.READY, false, "Progressing", "", generation, now);
      }
    }
    statusWriter.write(rollout, status);
    return UpdateControl.noUpdate();
  }
}
