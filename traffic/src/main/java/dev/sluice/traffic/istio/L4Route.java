package dev.sluice.traffic.istio;

/**
 * A tls or tcp route of a VirtualService that splits traffic between the stable and canary destinations: its section
 * ({@code tls} or {@code tcp}), its index there and the indexes of the two destinations.
 */
record L4Route(String section, int index, int stable, int canary) {
  String describe() {
    return section + " route " + index;
  }
}
