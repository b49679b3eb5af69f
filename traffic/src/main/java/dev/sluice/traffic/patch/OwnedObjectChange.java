package dev.sluice.traffic.patch;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.function.Supplier;

/**
 * An object Sluice owns (a canary Ingress): created with {@code owner} as its controller when it should exist and does
 * not, patched to the desired spec, labels and annotations when it differs, deleted when it should not exist. An
 * object of that name that another owner controls is never touched: that is an {@link dev.sluice.traffic.InvalidRouteException}.
 *
 * @param desired the object as it should be (its metadata name and namespace are set from ref), or null when it
 *     should not exist; may read other objects and throw a TrafficRoutingException. Annotations other controllers
 *     add to the live object are kept; those Sluice set before and desired no longer has are removed.
 */
public record OwnedObjectChange<T extends HasMetadata>(ObjectRef<T> ref, OwnerReference owner, Supplier<T> desired)
    implements Change {
}
