package dev.sluice.analysis.datadog;

import dev.sluice.analysis.provider.ProviderChecks;
import dev.sluice.analysis.provider.SpecProblems;
import dev.sluice.analysis.provider.Timeouts;
import dev.sluice.api.v1alpha1.DatadogMetric;
import dev.sluice.api.v1alpha1.MetricProvider;
import java.time.Duration;
import java.util.Map;

/** The {@code datadog} provider's spec, and what of it can be checked before querying (Argo Rollouts' rules). */
public final class DatadogChecks implements ProviderChecks<DatadogMetric> {
  @Override
  public String name() {
    return "datadog";
  }

  @Override
  public DatadogMetric spec(MetricProvider provider) {
    return provider.datadog;
  }

  @Override
  public void check(DatadogMetric spec, SpecProblems problems) {
    boolean v2 = v2(spec);
    if (spec.apiVersion != null && !spec.apiVersion.equals("v1") && !v2) {
      problems.add("datadog.apiVersion must be v1 or v2");
    }
    Map<String, String> queries = spec.queries == null ? Map.of() : spec.queries;
    boolean hasQuery = spec.query != null && !spec.query.isBlank();
    if (hasQuery == !queries.isEmpty()) {
      problems.add("datadog needs exactly one of query and queries");
    }
    if (!queries.isEmpty() && !v2) {
      problems.add("datadog.queries need apiVersion v2 (v1 takes one query)");
    }
    if (spec.formula != null && queries.isEmpty()) {
      problems.add("datadog.formula needs queries");
    }
    if (spec.formula == null && queries.size() > 1) {
      problems.add("datadog: several queries need a formula (Datadog's columns come in no set order)");
    }
    if (spec.aggregator != null && !v2) {
      problems.add("datadog.aggregator needs apiVersion v2");
    }
    problems.declaredArgs("datadog.query", spec.query);
    queries.forEach((name, query) -> {
      if (query == null || query.isBlank()) {
        problems.add("datadog.queries." + name + " is empty");
      }
      problems.declaredArgs("datadog.queries." + name, query);
    });
    problems.declaredArgs("datadog.formula", spec.formula);
    problems.placed("datadog.interval", spec.interval)
        .ifPresent(interval -> problems.duration("datadog.interval", interval));
    problems.placed("datadog.requestTimeout", spec.requestTimeout).ifPresent(text -> {
      Duration timeout = problems.duration("datadog.requestTimeout", text);
      if (timeout != null && timeout.compareTo(Timeouts.MAX) > 0) {
        problems.add("datadog.requestTimeout is at most " + Timeouts.MAX.toSeconds() + "s");
      }
    });
    if (spec.secretRef != null && Boolean.TRUE.equals(spec.secretRef.namespaced)
        && (spec.secretRef.name == null || spec.secretRef.name.isBlank())) {
      problems.add("datadog.secretRef.name is required when namespaced is true");
    }
  }

  static boolean v2(DatadogMetric spec) {
    return "v2".equals(spec.apiVersion);
  }
}
