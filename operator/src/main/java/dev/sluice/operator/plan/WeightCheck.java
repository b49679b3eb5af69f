package dev.sluice.operator.plan;

/** What the router's live objects said about the canary weight recorded in status, before this plan. */
public enum WeightCheck {
  /** No traffic routing, no weight recorded yet, or blue-green: nothing to verify. */
  NOT_CHECKED,
  /** The router carries the recorded weight. */
  VERIFIED,
  /** The router does not (yet) carry the recorded weight. */
  NOT_VERIFIED;

  public static WeightCheck of(boolean verified) {
    return verified ? VERIFIED : NOT_VERIFIED;
  }
}
