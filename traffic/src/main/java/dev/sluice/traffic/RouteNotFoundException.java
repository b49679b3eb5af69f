package dev.sluice.traffic;

/** An object the Rollout's trafficRouting names (HTTPRoute, VirtualService, DestinationRule) does not exist. */
public class RouteNotFoundException extends TrafficRoutingException {
  private final String kind;
  private final String namespace;
  private final String name;

  public RouteNotFoundException(String kind, String namespace, String name, String specField) {
    super(kind + " " + namespace + "/" + name + " does not exist (named by " + specField + ")", specField, null);
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
