package dev.sluice.gitops;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Where one snapshot asks for one change's bad value, and what makes that uncertain. */
record Findings(ValueChange change, List<Occurrence> occurrences, List<String> problems) {

  Findings {
    occurrences = List.copyOf(occurrences);
    problems = List.copyOf(problems);
  }

  List<Occurrence> owned() {
    return occurrences.stream().filter(Occurrence::owned).toList();
  }

  /** Whether the Rollout's manifests ask for the bad value. */
  boolean asked() {
    return occurrences.stream().anyMatch(Occurrence::owned);
  }

  Set<String> ownedLocations() {
    return occurrences.stream().filter(Occurrence::owned).map(Occurrence::location).collect(Collectors.toSet());
  }
}
