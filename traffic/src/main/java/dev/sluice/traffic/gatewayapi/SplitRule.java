package dev.sluice.traffic.gatewayapi;

/**
 * A rule of an HTTPRoute that splits traffic between the stable and canary services: the rule's index and the
 * indexes of the two backendRefs. Managed rules are the mirror rules Sluice added (header rules have no stable
 * backend, so they never split).
 */
record SplitRule(int index, int stableRef, int canaryRef, boolean managed) {
}
