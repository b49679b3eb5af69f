package dev.sluice.operator.routes;

import dev.sluice.traffic.RouteConflictException;
import dev.sluice.traffic.patch.JsonPatch;
import dev.sluice.traffic.patch.ObjectRef;
import dev.sluice.traffic.patch.ResourceAccess;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Optional;

/**
 * Routers' reads from the informer caches where there is one, writes through the API server. The informer lags
 * Sluice's own writes by a watch event, so the object a patch or a creation returned is read instead until the
 * informer holds it or a newer one, and an object Sluice deleted is known gone until one is created again
 * ({@link RecentWrites}); an object the cache lacks is read live (created a moment ago, or in a
 * namespace the controller does not watch); after a conflict the object is read live once, since the cache may be
 * what was stale.
 */
public final class CachedRouteAccess implements ResourceAccess {
  private final ResourceAccess live;
  private final RouteInformers informers;
  private final RecentWrites recent;

  public CachedRouteAccess(ResourceAccess live, RouteInformers informers, RecentWrites recent) {
    this.live = live;
    this.informers = informers;
    this.recent = recent;
  }

  @Override
  public <T extends HasMetadata> T get(ObjectRef<T> ref) {
    Optional<Optional<T>> cached = informers.cached(ref.type(), ref.namespace(), ref.name());
    if (cached.isEmpty() || recent.readLive(ref)) {
      return live.get(ref);
    }
    T inCache = cached.get().orElse(null);
    if (recent.gone(ref, inCache)) {
      return null;
    }
    T known = recent.newest(ref, inCache);
    return known != null ? known : live.get(ref);
  }

  @Override
  public <T extends HasMetadata> T patch(ObjectRef<T> ref, JsonPatch patch) {
    return recorded(ref, () -> live.patch(ref, patch));
  }

  @Override
  public <T extends HasMetadata> T create(ObjectRef<T> ref, T object) {
    return recorded(ref, () -> live.create(ref, object));
  }

  /** A write, remembered so that the next read does not take the informer's older copy for the truth. */
  private <T extends HasMetadata> T recorded(ObjectRef<T> ref, java.util.function.Supplier<T> write) {
    try {
      T stored = write.get();
      if (informers.informs(ref.type())) {
        recent.wrote(ref, stored);
      }
      return stored;
    } catch (RouteConflictException e) {
      recent.conflicted(ref);
      throw e;
    }
  }

  @Override
  public <T extends HasMetadata> void delete(ObjectRef<T> ref, String resourceVersion) {
    try {
      live.delete(ref, resourceVersion);
      if (informers.informs(ref.type())) {
        recent.deleted(ref, resourceVersion);
      }
    } catch (RouteConflictException e) {
      recent.conflicted(ref);
      throw e;
    }
  }

  @Override
  public List<String> servedVersions(String group) {
    return live.servedVersions(group);
  }
}
