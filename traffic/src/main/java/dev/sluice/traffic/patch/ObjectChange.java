package dev.sluice.traffic.patch;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.function.Function;

/**
 * A change to one object, as a pure function from its live state to the patch that makes it right (empty when it
 * already is). The planner may throw a TrafficRoutingException: the object cannot be changed safely.
 */
public record ObjectChange<T extends HasMetadata>(ObjectRef<T> ref, Function<T, JsonPatch> planner) implements Change {
}
