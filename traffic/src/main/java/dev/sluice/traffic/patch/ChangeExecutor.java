package dev.sluice.traffic.patch;

import dev.sluice.traffic.RouteConflictException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies changes: reads and plans every object first, so that a missing or unusable object stops the operation
 * before anything is written; then patches each in order. A patch whose guards fail is re-planned on a fresh read,
 * up to {@value #ATTEMPTS} attempts.
 */
public final class ChangeExecutor {
  static final int ATTEMPTS = 3;

  private final ResourceAccess access;

  public ChangeExecutor(ResourceAccess access) {
    this.access = access;
  }

  public void apply(List<ObjectChange<?>> changes) {
    List<Runnable> writes = new ArrayList<>();
    for (ObjectChange<?> change : changes) {
      writes.add(prepare(change));
    }
    writes.forEach(Runnable::run);
  }

  /** The live object; a RouteNotFoundException naming the spec field when it does not exist. */
  public <T extends HasMetadata> T read(ObjectRef<T> ref) {
    T object = access.get(ref);
    if (object == null) {
      throw ref.notFound();
    }
    return object;
  }

  private <T extends HasMetadata> Runnable prepare(ObjectChange<T> change) {
    JsonPatch planned = change.planner().apply(read(change.ref()));
    return () -> write(change, planned);
  }

  private <T extends HasMetadata> void write(ObjectChange<T> change, JsonPatch planned) {
    JsonPatch patch = planned;
    for (int attempt = 1; !patch.changesNothing(); attempt++) {
      try {
        access.patch(change.ref(), patch);
        return;
      } catch (RouteConflictException e) {
        if (attempt == ATTEMPTS) {
          throw e;
        }
        patch = change.planner().apply(read(change.ref()));
      }
    }
  }
}
