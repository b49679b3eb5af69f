package dev.sluice.operator.routes;

import dev.sluice.traffic.patch.ObjectRef;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The router objects as Sluice's own patches returned them, kept until the informer catches up, and the objects to
 * read live once after a conflict. Entries expire: the map holds only what was written in the last seconds.
 */
public final class RecentWrites {
  static final Duration KEEP = Duration.ofSeconds(30);

  private record Written(HasMetadata object, Instant at) {
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
    Instant now = clock.instant();
    written.values().removeIf(w -> w.at().plus(KEEP).isBefore(now));
    conflicted.values().removeIf(at -> at.plus(KEEP).isBefore(now));
    if (stored != null && stored.getMetadata() != null) {
      written.put(key(ref), new Written(stored, now));
    }
  }

  void conflicted(ObjectRef<?> ref) {
    written.remove(key(ref));
    conflicted.put(key(ref), clock.instant());
  }

  /** Whether this object must be read from the API server this once (its last patch met a conflict). */
  boolean readLive(ObjectRef<?> ref) {
    return conflicted.remove(key(ref)) != null;
  }

  /** The newer of the cached object and the one Sluice's last patch returned; the cached one once it caught up. */
  @SuppressWarnings("unchecked")
  <T extends HasMetadata> T newest(ObjectRef<T> ref, T cached) {
    Written mine = written.get(key(ref));
    if (mine == null) {
      return cached;
    }
    if (cached != null && !olderThan(cached, mine.object())) {
      written.remove(key(ref), mine);
      return cached;
    }
    if (mine.at().plus(KEEP).isBefore(clock.instant())) {
      written.remove(key(ref), mine);
      return cached;
    }
    return (T) mine.object();
  }

  /**
   * resourceVersions are etcd revisions on every API server Sluice runs against; one that is not a number cannot be
   * ordered, and then the informer's copy is taken (as before these caches: at worst a check waits for its event).
   */
  static boolean olderThan(HasMetadata cached, HasMetadata written) {
    String a = cached.getMetadata().getResourceVersion();
    String b = written.getMetadata().getResourceVersion();
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
