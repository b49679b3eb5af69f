package dev.sluice.operator.routes;

import dev.sluice.traffic.patch.ObjectRef;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The router objects as Sluice's own patches and creations returned them, kept until the informer catches up; the
 * objects Sluice deleted, known gone until one is created again; and the objects to read live once after a
 * conflict. Entries expire: the map holds only what was written in the last seconds.
 */
public final class RecentWrites {
  static final Duration KEEP = Duration.ofSeconds(30);

  /** What Sluice's last write left: the stored object, or none (deleted) at the resourceVersion it deleted. */
  private record Written(HasMetadata object, String resourceVersion, Instant at) {
  }

  private final Map<String, Written> written = new ConcurrentHashMap<>();
  private final Map<String, Instant> conflicted = new ConcurrentHashMap<>();
  private final Clock clock;

  public RecentWrites() {
    this(Clock.systemUTC());
  }

  RecentWrites(Clock clock) {
    this.clock = clock;
  }

  private static String key(ObjectRef<?> ref) {
    return ref.type().getName() + "/" + ref.namespace() + "/" + ref.name();
  }

  <T extends HasMetadata> void wrote(ObjectRef<T> ref, T stored) {
    Instant now = expire();
    if (stored != null && stored.getMetadata() != null) {
      written.put(key(ref), new Written(stored, stored.getMetadata().getResourceVersion(), now));
    }
  }

  /** Sluice deleted the object it had read at this resourceVersion. */
  void deleted(ObjectRef<?> ref, String resourceVersion) {
    written.put(key(ref), new Written(null, resourceVersion, expire()));
  }

  private Instant expire() {
    Instant now = clock.instant();
    written.values().removeIf(w -> w.at().plus(KEEP).isBefore(now));
    conflicted.values().removeIf(at -> at.plus(KEEP).isBefore(now));
    return now;
  }

  void conflicted(ObjectRef<?> ref) {
    written.remove(key(ref));
    conflicted.put(key(ref), clock.instant());
  }

  /** Whether this object must be read from the API server this once (its last patch met a conflict). */
  boolean readLive(ObjectRef<?> ref) {
    return conflicted.remove(key(ref)) != null;
  }

  /**
   * Whether Sluice deleted the object in the last seconds and the cache holds nothing newer: it is gone, though the
   * informer may not have seen it go yet (or has, and an absent object needs no GET to be known absent).
   */
  boolean gone(ObjectRef<?> ref, HasMetadata cached) {
    Written mine = written.get(key(ref));
    return mine != null && mine.object() == null && !mine.at().plus(KEEP).isBefore(clock.instant())
        && (cached == null || !olderThan(mine.resourceVersion(), cached.getMetadata().getResourceVersion()));
  }

  /** The newer of the cached object and the one Sluice's last write returned; the cached one once it caught up. */
  @SuppressWarnings("unchecked")
  <T extends HasMetadata> T newest(ObjectRef<T> ref, T cached) {
    Written mine = written.get(key(ref));
    if (mine == null) {
      return cached;
    }
    if (caughtUp(cached, mine)) {
      written.remove(key(ref), mine);
      return cached;
    }
    if (mine.at().plus(KEEP).isBefore(clock.instant())) {
      written.remove(key(ref), mine);
      return cached;
    }
    return (T) mine.object();
  }

  /** Whether the cache holds Sluice's write or a later one: for a deletion, the object created again since. */
  private static boolean caughtUp(HasMetadata cached, Written mine) {
    if (mine.object() == null) {
      return cached != null && olderThan(mine.resourceVersion(), cached.getMetadata().getResourceVersion());
    }
    return cached != null && !olderThan(cached.getMetadata().getResourceVersion(), mine.resourceVersion());
  }

  /**
   * resourceVersions are etcd revisions on every API server Sluice runs against; one that is not a number cannot be
   * ordered, and then the informer's copy is taken (as before these caches: at worst a check waits for its event).
   */
  static boolean olderThan(String a, String b) {
    if (a == null || b == null) {
      return false;
    }
    try {
      return Long.parseLong(a) < Long.parseLong(b);
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
