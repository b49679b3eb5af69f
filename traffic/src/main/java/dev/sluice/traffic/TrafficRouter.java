package dev.sluice.traffic;

import dev.sluice.api.v1alpha1.SetHeaderRoute;
import dev.sluice.api.v1alpha1.SetMirrorRoute;

/**
 * Shifts a Rollout's traffic between its canary and stable services on the routes its trafficRouting names.
 * Every method reads the live objects, computes the change and writes it as one guarded JSON Patch per object;
 * nothing is written when the objects are already as desired, and nothing at all when any object is missing or
 * unusable (a {@link TrafficRoutingException} says which and why).
 */
public interface TrafficRouter {
  /** Canary gets canaryWeight of maxTrafficWeight (0..100 by default), stable the rest. Idempotent: no write when already so. */
  void setWeight(int canaryWeight);

  /** Adds/updates the named managed header route sending matching requests to the canary; a route with no match removes it. */
  void setHeaderRoute(SetHeaderRoute route);

  /** Adds/updates the named managed mirror route (percentage of matching requests mirrored to the canary); no match removes it. */
  void setMirrorRoute(SetMirrorRoute route);

  /** Reads the live objects back: verified only when every managed backend carries exactly the desired weights. */
  WeightVerification verifyWeight(int canaryWeight);

  /** Removes every managed (header/mirror) route Sluice added. */
  void removeManagedRoutes();
}
