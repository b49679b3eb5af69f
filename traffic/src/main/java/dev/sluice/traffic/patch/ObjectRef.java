package dev.sluice.traffic.patch;

import dev.sluice.traffic.InvalidRouteException;
import dev.sluice.traffic.RouteNotFoundException;
import io.fabric8.kubernetes.api.model.HasMetadata;

/** An object a router reads and patches, with the Rollout field that names it (for error messages). */
public record ObjectRef<T extends HasMetadata>(Class<T> type, String namespace, String name, String specField) {
  public static <T extends HasMetadata> ObjectRef<T> of(Class<T> type, String namespace, String name, String specField) {
    return new ObjectRef<>(type, namespace, name, specField);
  }

  public String kind() {
    return HasMetadata.getKind(type);
  }

  public RouteNotFoundException notFound() {
    return new RouteNotFoundException(kind(), namespace, name, specField);
  }

  public InvalidRouteException invalid(String problem) {
    return new InvalidRouteException(kind(), namespace, name, specField, problem);
  }

  public InvalidRouteException invalid(String specField, String problem) {
    return new InvalidRouteException(kind(), namespace, name, specField, problem);
  }

  @Override
  public String toString() {
    return kind() + " " + namespace + "/" + name;
  }
}
