package dev.sluice.analysis.newrelic;

import dev.sluice.analysis.provider.ProviderChecks;
import dev.sluice.analysis.provider.SpecProblems;
import dev.sluice.analysis.provider.Timeouts;
import dev.sluice.api.v1alpha1.MetricProvider;
import dev.sluice.api.v1alpha1.NewRelicMetric;

/** The {@code newRelic} provider's spec, and what of it can be checked before querying. */
public final class NewRelicChecks implements ProviderChecks<NewRelicMetric> {
  @Override
  public String name() {
    return "newRelic";
  }

  @Override
  public NewRelicMetric spec(MetricProvider provider) {
    return provider.newRelic;
  }

  @Override
  public Results results() {
    return Results.ROWS;
  }

  @Override
  public void check(NewRelicMetric spec, SpecProblems problems) {
    if (spec.query == null || spec.query.isBlank()) {
      problems.add("newRelic.query is empty");
    }
    problems.declaredArgs("newRelic.query", spec.query);
    if (spec.timeout != null && (spec.timeout < 1 || spec.timeout > Timeouts.MAX.toSeconds())) {
      problems.add("newRelic.timeout must be between 1 and " + Timeouts.MAX.toSeconds() + " seconds");
    }
  }
}
