package dev.sluice.traffic.patch;

import dev.sluice.traffic.RouteConflictException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies changes: reads and plans every object first, so that a missing or unusable object stops the operation
 * before anything is written; then writes each in order. A write whose guards fail (the object changed since it was
 * read) is re-planned on a fresh read, up to {@value #ATTEMPTS} attempts.
 */
public final class ChangeExecutor {
  static final int ATTEMPTS = 3;

  private final ResourceAccess access;

  public ChangeExecutor(ResourceAccess access) {
    this.access = access;
  }

  public void apply(List<? extends Change> changes) {
    List<Runnable> writes = new ArrayList<>();
    for (Change change : changes) {
      writes.add(change instanceof ObjectChange<?> patch ? prepare(patch) : prepare((OwnedObjectChange<?>) change));
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

  /** The live object, or null when it does not exist. */
  public <T extends HasMetadata> T find(ObjectRef<T> ref) {
    return access.get(ref);
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

  // --- objects Sluice owns ---------------------------------------------------------------------------------

  private <T extends HasMetadata> Runnable prepare(OwnedObjectChange<T> change) {
    T desired = change.desired().get();
    Runnable planned = plan(change, access.get(change.ref()), desired);
    return () -> {
      Runnable write = planned;
      for (int attempt = 1; ; attempt++) {
        try {
          write.run();
          return;
        } catch (RouteConflictException e) {
          if (attempt == ATTEMPTS) {
            throw e;
          }
          write = plan(change, access.get(change.ref()), desired);
        }
      }
    };
  }

  /** The one write that brings the live object (null: absent) to desired (null: must not exist). */
  private <T extends HasMetadata> Runnable plan(OwnedObjectChange<T> change, T live, T desired) {
    ObjectRef<T> ref = change.ref();
    if (live != null && !OwnedObjects.controlledBy(live, change.owner())) {
      throw ref.invalid("exists and is not controlled by " + change.owner().getKind() + " " + change.owner().getName()
          + "; Sluice neither changes nor deletes an object it does not own (delete or rename it)");
    }
    if (live == null) {
      return desired == null ? () -> { } : () -> access.create(ref, OwnedObjects.forCreation(ref, desired, change.owner()));
    }
    if (desired == null) {
      String resourceVersion = live.getMetadata().getResourceVersion();
      return () -> access.delete(ref, resourceVersion);
    }
    JsonPatch patch = OwnedObjects.update(live, desired);
    return patch.changesNothing() ? () -> { } : () -> access.patch(ref, patch);
  }
}
