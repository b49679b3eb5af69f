package dev.sluice.operator.cache;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.source.informer.TransformingItemStore;

/**
 * An informer's store that keeps each object pruned by {@link PrunedCache}. A class of its own, with no arguments,
 * so that a controller's own informer can name it: {@code @ControllerConfiguration(informer = @Informer(itemStore =
 * PrunedStore.class))}; event sources build one with {@link PrunedCache#store()}.
 */
public class PrunedStore<R extends HasMetadata> extends TransformingItemStore<R> {
  public PrunedStore() {
    super(PrunedCache::prune);
  }
}
