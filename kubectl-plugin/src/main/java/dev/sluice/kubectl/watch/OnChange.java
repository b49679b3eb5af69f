package dev.sluice.kubectl.watch;

import io.fabric8.kubernetes.client.informers.ResourceEventHandler;

/** An informer handler that runs the same action on every add, update and delete. */
public record OnChange(Runnable action) implements ResourceEventHandler<Object> {
  @Override
  public void onAdd(Object obj) {
    action.run();
  }

  @Override
  public void onUpdate(Object oldObj, Object newObj) {
    action.run();
  }

  @Override
  public void onDelete(Object obj, boolean deletedFinalStateUnknown) {
    action.run();
  }
}
