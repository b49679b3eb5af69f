package dev.sluice.operator.cache;

/**
 * The page size of every informer's list (its start, and each relist after a watch expired). Unpaged, the API server
 * answers with the whole collection in one body, which the client holds in memory while it decodes it: at 2,000
 * Rollouts the lists at start kept about 35 MB of response buffers alive at once, and the heap the JVM grew for them
 * stayed committed long after (the serial collector gives memory back only at a full collection). 500 is the page
 * size kubectl and client-go's informers use.
 */
public final class ListPages {
  public static final long LIMIT = 500;

  private ListPages() {
  }
}
