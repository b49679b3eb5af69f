package dev.sluice.traffic.istio;

/**
 * An http route of a VirtualService that splits traffic between the stable and canary destinations: its index,
 * its name (null for an unnamed single route) and the indexes of the two destinations. Managed routes are the
 * mirror routes Sluice added.
 */
record SplitRoute(int index, String name, int stable, int canary, boolean managed) {
}
