package dev.sluice.traffic;

/**
 * An object exists but Sluice cannot shift traffic on it as it is: a named http route, subset or backend is
 * missing, a rule splits traffic with a third backend, or the API server rejected the change.
 */
public class InvalidRouteException extends TrafficRoutingException {
  private final String kind;
  private final String namespace;
  private final String name;

  public InvalidRouteException(String kind, String namespace, String name, String specField, String problem) {
    this(kind, namespace, name, specField, problem, null);
  }

  public InvalidRouteException(String kind, String namespace, String name, String specField, String problem, Throwable cause) {
    super(kind + " " + namespace + "/" + name + ": " + problem, specField, cause);
    this.kind = kind;
    this.namespace = namespace;
    this.name = name;
  }

  public String kind() {
    return kind;
  }

  public String namespace() {
    return namespace;
  }

  public String name() {
    return name;
  }
}
