package dev.sluice.traffic.ambassador;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.v1alpha1.AmbassadorTrafficRouting;
import dev.sluice.api.v1alpha1.SetHeaderRoute;
import dev.sluice.api.v1alpha1.SetMirrorRoute;
import dev.sluice.traffic.InvalidRoutingSpecException;
import dev.sluice.traffic.RoutingTarget;
import dev.sluice.traffic.SpecFields;
import dev.sluice.traffic.WeightVerification;
import dev.sluice.traffic.patch.Change;
import dev.sluice.traffic.patch.ChangeExecutor;
import dev.sluice.traffic.patch.ChangeRouter;
import dev.sluice.traffic.patch.ObjectRef;
import dev.sluice.traffic.patch.OwnedObjectChange;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.ArrayList;
import java.util.List;

/**
 * Routes traffic through Ambassador/Emissary canary Mappings, as Argo Rollouts' trafficRouting.ambassador does: for
 * each Mapping named in mappings (yours, routing to the stable Service), Sluice keeps {@code <name>-canary}, controlled
 * by the Rollout: a copy of its spec whose service is the canary Service (on the same port) with {@code weight} at the
 * step's weight. Emissary then sends that share of the requests matching both to the canary. The canary Mapping exists
 * only while a release is in progress with a weight above 0 (Argo deletes it at weight 0 too); it is deleted with the
 * Rollout. A Mapping of that name the Rollout does not control is never changed.
 */
public final class AmbassadorRouter extends ChangeRouter {
  static final String SUFFIX = "-canary";
  /** Argo Rollouts cuts the stable Mapping's name at 246 characters before the suffix; so does Sluice. */
  static final int MAX_BASE = 246;

  private final RoutingTarget target;
  private final List<ObjectRef<Mapping>> mappings;

  public AmbassadorRouter(ChangeExecutor executor, RoutingTarget target) {
    super(executor);
    this.target = target;
    AmbassadorTrafficRouting spec = target.trafficRouting().ambassador;
    if (spec.mappings == null || spec.mappings.isEmpty()) {
      throw new InvalidRoutingSpecException(SpecFields.AMBASSADOR + ".mappings", "name at least one Mapping");
    }
    List<ObjectRef<Mapping>> refs = new ArrayList<>();
    for (int i = 0; i < spec.mappings.size(); i++) {
      refs.add(ObjectRef.of(Mapping.class, target.namespace(), spec.mappings.get(i), SpecFields.AMBASSADOR + ".mappings[" + i + "]"));
    }
    this.mappings = List.copyOf(refs);
    target.requireOwner();
  }

  static String canaryName(String mapping) {
    return (mapping.length() > MAX_BASE ? mapping.substring(0, MAX_BASE) : mapping) + SUFFIX;
  }

  @Override
  public List<Change> weightChanges(int canaryWeight) {
    // Percentages: the CRD refuses maxTrafficWeight with this router.
    checkWeight(canaryWeight, 100);
    List<Change> changes = new ArrayList<>();
    for (ObjectRef<Mapping> stable : mappings) {
      changes.add(new OwnedObjectChange<>(canaryRef(stable), target.owner(),
          () -> target.releaseInProgress() && canaryWeight > 0 ? desired(stable, executor.read(stable), canaryWeight) : null));
    }
    return changes;
  }

  private Mapping desired(ObjectRef<Mapping> ref, Mapping stable, int canaryWeight) {
    ObjectNode spec = stable.getSpec();
    if (spec == null || !spec.path("service").isTextual()) {
      throw ref.invalid("has no spec.service: the canary Mapping copies it with the canary Service");
    }
    JsonNode weight = spec.get("weight");
    if (weight != null && !weight.isNull() && weight.asInt() != 0) {
      throw ref.invalid("sets spec.weight " + weight + "; the Mapping Sluice copies must carry the rest of the traffic "
          + "(remove its weight)");
    }
    ObjectNode copy = spec.deepCopy();
    copy.put("service", canaryService(spec.get("service").asText()));
    copy.put("weight", canaryWeight);
    Mapping canary = new Mapping();
    canary.setMetadata(new ObjectMeta());
    canary.setSpec(copy);
    return canary;
  }

  /** The canary Service, on the port the stable Mapping names (service: name[.namespace][:port], as Argo keeps it). */
  String canaryService(String service) {
    int colon = service.lastIndexOf(':');
    if (colon > 0 && service.substring(colon + 1).chars().allMatch(Character::isDigit) && colon < service.length() - 1) {
      return target.canaryService() + service.substring(colon);
    }
    return target.canaryService();
  }

  private ObjectRef<Mapping> canaryRef(ObjectRef<Mapping> stable) {
    return ObjectRef.of(Mapping.class, stable.namespace(), canaryName(stable.name()), stable.specField());
  }

  /** Nothing: the CRD lets these steps through only when another router takes them. */
  @Override
  public List<Change> headerRouteChanges(SetHeaderRoute route) {
    return List.of();
  }

  @Override
  public List<Change> mirrorRouteChanges(SetMirrorRoute route) {
    return List.of();
  }

  @Override
  public List<Change> removalChanges() {
    return List.of();
  }

  /** Verified when each canary Mapping carries the weight, or, at weight 0, when there is none. */
  @Override
  public WeightVerification verifyWeight(int canaryWeight) {
    checkWeight(canaryWeight, 100);
    List<String> mismatches = new ArrayList<>();
    for (ObjectRef<Mapping> stable : mappings) {
      ObjectRef<Mapping> ref = canaryRef(stable);
      Mapping canary = executor.find(ref);
      if (canary == null) {
        if (canaryWeight != 0) {
          mismatches.add(ref + " does not exist, want weight " + canaryWeight);
        }
        continue;
      }
      JsonNode weight = canary.getSpec() == null ? null : canary.getSpec().get("weight");
      int actual = weight == null || !weight.canConvertToInt() ? 0 : weight.asInt();
      if (actual != canaryWeight) {
        mismatches.add(ref + " has weight " + actual + ", want " + canaryWeight);
      }
    }
    return WeightVerification.of(mismatches);
  }
}
