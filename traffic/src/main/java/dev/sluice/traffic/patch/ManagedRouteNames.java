package dev.sluice.traffic.patch;

import dev.sluice.traffic.InvalidRoutingSpecException;
import dev.sluice.traffic.RoutingTarget;
import dev.sluice.traffic.SpecFields;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Names of the entries Sluice adds for a managed route (HTTPRoute rules, VirtualService http routes):
 * {@code sluice.<managed route>.<n>}, n counting the rules or routes the entry was derived from. Managed route names
 * are DNS labels (no dots), so the owner of an entry is unambiguous; HTTPRoute rule names are DNS subdomains, so
 * the dots are valid there.
 */
public final class ManagedRouteNames {
  public static final String PREFIX = "sluice.";
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  private ManagedRouteNames() {
  }

  public static String entryName(String managedRoute, int ordinal) {
    return PREFIX + managedRoute + "." + ordinal;
  }

  /** The managed route that owns an entry of this name; empty for entries Sluice did not add. */
  public static Optional<String> owner(String entryName) {
    if (entryName == null || !entryName.startsWith(PREFIX)) {
      return Optional.empty();
    }
    String rest = entryName.substring(PREFIX.length());
    int dot = rest.indexOf('.');
    return Optional.of(dot < 0 ? rest : rest.substring(0, dot));
  }

  /** Throws unless the step's route is listed in trafficRouting.managedRoutes and can name rules. */
  public static void requireManaged(RoutingTarget target, String managedRoute, String stepField) {
    if (managedRoute == null || !target.managedRoutes().contains(managedRoute)) {
      throw new InvalidRoutingSpecException(stepField + ".name", "managed route \"" + managedRoute
          + "\" is not listed in " + SpecFields.MANAGED_ROUTES + "; Sluice only adds and removes the routes listed there");
    }
    if (!DNS_LABEL.matcher(managedRoute).matches()) {
      throw new InvalidRoutingSpecException(SpecFields.MANAGED_ROUTES, "managed route name \"" + managedRoute
          + "\" must be a DNS label (lowercase letters, digits and '-'): it becomes part of rule and route names");
    }
  }
}
