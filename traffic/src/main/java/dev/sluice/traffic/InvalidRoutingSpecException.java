package dev.sluice.traffic;

/** The Rollout asks for something the routers cannot do, whatever the routes hold (e.g. an unlisted managed route). */
public class InvalidRoutingSpecException extends TrafficRoutingException {
  public InvalidRoutingSpecException(String specField, String message) {
    super(specField + ": " + message, specField, null);
  }
}
