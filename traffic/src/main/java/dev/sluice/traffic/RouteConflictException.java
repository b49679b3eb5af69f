package dev.sluice.traffic;

/**
 * Someone else changed the object between Sluice's read and its patch, so the patch's guards failed and nothing
 * was written; retrying (re-reading) is safe.
 */
public class RouteConflictException extends TrafficRoutingException {
  public RouteConflictException(String kind, String namespace, String name, Throwable cause) {
    super(kind + " " + namespace + "/" + name + " changed while Sluice was patching it; nothing was written, the next attempt re-reads it",
        null, cause);
  }
}
