package dev.sluice.analysis.influxdb;

import dev.sluice.analysis.provider.ProviderChecks;
import dev.sluice.analysis.provider.SpecProblems;
import dev.sluice.api.v1alpha1.InfluxdbMetric;
import dev.sluice.api.v1alpha1.MetricProvider;

/** The {@code influxdb} provider's spec, and what of it can be checked before querying. */
public final class InfluxdbChecks implements ProviderChecks<InfluxdbMetric> {
  /** Argo Rollouts' default profile Secret. */
  public static final String DEFAULT_PROFILE = "influxdb";

  @Override
  public String name() {
    return "influxdb";
  }

  @Override
  public InfluxdbMetric spec(MetricProvider provider) {
    return provider.influxdb;
  }

  @Override
  public void check(InfluxdbMetric spec, SpecProblems problems) {
    if (spec.query == null || spec.query.isBlank()) {
      problems.add("influxdb.query is empty");
    } else {
      problems.declaredArgs("influxdb.query", spec.query);
    }
    if (spec.profile != null && !spec.profile.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?")) {
      problems.add("influxdb.profile must be the name of a Secret in the run's namespace");
    }
  }

  static String profile(InfluxdbMetric spec) {
    return spec.profile == null || spec.profile.isBlank() ? DEFAULT_PROFILE : spec.profile;
  }
}
