package dev.sluice.traffic.patch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Plans the JSON Patch operations on a list of named entries (HTTPRoute rules, VirtualService http routes) that
 * replace the entries of one managed route. Managed entries go to the front of the list, in the order of
 * trafficRouting.managedRoutes: Istio takes the first matching http route, and Gateway API breaks precedence ties
 * by rule order.
 */
public final class ManagedEntries {
  private ManagedEntries() {
  }

  /**
   * Makes the entries owned by managedRoute equal desired (an empty desired removes them). Adds no operation when
   * the live entries already contain what desired holds.
   */
  public static void replace(JsonPatch patch, String listPath, List<JsonNode> existing, String managedRoute,
      List<JsonNode> desired, List<String> precedence) {
    List<Integer> owned = indexesOwnedBy(existing, managedRoute);
    if (owned.size() == desired.size() && isContained(existing, owned, desired)) {
      return;
    }
    List<String> remaining = new ArrayList<>();
    for (int i = 0; i < existing.size(); i++) {
      if (!owned.contains(i)) {
        remaining.add(name(existing.get(i)));
      }
    }
    remove(patch, listPath, existing, owned);
    int position = insertionPoint(remaining, managedRoute, precedence);
    for (int k = 0; k < desired.size(); k++) {
      patch.add(listPath + "/" + (position + k), desired.get(k));
    }
  }

  /** Removes every entry Sluice added, whichever managed route owns it. */
  public static void removeAll(JsonPatch patch, String listPath, List<JsonNode> existing) {
    List<Integer> managed = new ArrayList<>();
    for (int i = 0; i < existing.size(); i++) {
      if (ManagedRouteNames.owner(name(existing.get(i))).isPresent()) {
        managed.add(i);
      }
    }
    remove(patch, listPath, existing, managed);
  }

  /** Whether the entry at this index is one Sluice added. */
  public static boolean isManaged(JsonNode entry) {
    return ManagedRouteNames.owner(name(entry)).isPresent();
  }

  private static List<Integer> indexesOwnedBy(List<JsonNode> existing, String managedRoute) {
    List<Integer> owned = new ArrayList<>();
    for (int i = 0; i < existing.size(); i++) {
      if (ManagedRouteNames.owner(name(existing.get(i))).filter(managedRoute::equals).isPresent()) {
        owned.add(i);
      }
    }
    return owned;
  }

  private static boolean isContained(List<JsonNode> existing, List<Integer> owned, List<JsonNode> desired) {
    for (int k = 0; k < desired.size(); k++) {
      if (!JsonSubset.contains(existing.get(owned.get(k)), desired.get(k))) {
        return false;
      }
    }
    return true;
  }

  // Highest index first, so the lower indexes stay valid; each removal is guarded by the entry's name.
  private static void remove(JsonPatch patch, String listPath, List<JsonNode> existing, List<Integer> indexes) {
    for (int k = indexes.size() - 1; k >= 0; k--) {
      int i = indexes.get(k);
      patch.test(listPath + "/" + i + "/name", name(existing.get(i)));
      patch.remove(listPath + "/" + i);
    }
  }

  /** After the leading managed entries that take precedence over managedRoute. */
  private static int insertionPoint(List<String> names, String managedRoute, List<String> precedence) {
    int rank = rank(managedRoute, precedence);
    int position = 0;
    while (position < names.size()) {
      Optional<String> owner = ManagedRouteNames.owner(names.get(position));
      if (owner.isEmpty() || rank(owner.get(), precedence) > rank) {
        break;
      }
      position++;
    }
    return position;
  }

  private static int rank(String managedRoute, List<String> precedence) {
    int rank = precedence.indexOf(managedRoute);
    return rank < 0 ? Integer.MAX_VALUE : rank;
  }

  private static String name(JsonNode entry) {
    JsonNode name = entry.get("name");
    return name == null || name.isNull() ? null : name.asText();
  }
}
