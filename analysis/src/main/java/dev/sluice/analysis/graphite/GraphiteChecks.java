package dev.sluice.analysis.graphite;

import dev.sluice.analysis.provider.ProviderChecks;
import dev.sluice.analysis.provider.SpecProblems;
import dev.sluice.api.v1alpha1.GraphiteMetric;
import dev.sluice.api.v1alpha1.MetricProvider;
import java.net.URI;
import java.net.URISyntaxException;

/** The {@code graphite} provider's spec, and what of it can be checked before querying. */
public final class GraphiteChecks implements ProviderChecks<GraphiteMetric> {
  @Override
  public String name() {
    return "graphite";
  }

  @Override
  public GraphiteMetric spec(MetricProvider provider) {
    return provider.graphite;
  }

  @Override
  public void check(GraphiteMetric spec, SpecProblems problems) {
    if (spec.address == null || spec.address.isBlank()) {
      problems.add("graphite.address is required");
    } else {
      problems.placed("graphite.address", spec.address).ifPresent(address -> {
        if (!isHttpUrl(address)) {
          problems.add("graphite.address must be an http:// or https:// URL");
        }
      });
    }
    if (spec.query == null || spec.query.isBlank()) {
      problems.add("graphite.query is empty");
      return;
    }
    problems.declaredArgs("graphite.query", spec.query);
    if (!GraphiteQueries.compact(spec.query).contains("target=")) {
      problems.add("graphite.query needs a target, e.g. target=sumSeries(app.errors)&from=-5min");
    }
  }

  private static boolean isHttpUrl(String address) {
    try {
      URI uri = new URI(address);
      return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
          && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
