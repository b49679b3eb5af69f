package dev.sluice.analysis.prometheus;

import dev.sluice.analysis.provider.SpecProblems;
import dev.sluice.api.v1alpha1.PrometheusMetric;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/** What of a {@code prometheus} metric can be checked before querying. */
final class PrometheusSpecCheck {
  private static final Pattern RANGE_OFFSET = Pattern.compile("^now(-([0-9]+(\\.[0-9]+)?(ms|s|m|h))+)?$");

  private PrometheusSpecCheck() {
  }

  static void check(PrometheusMetric prometheus, SpecProblems problems) {
    if (!isHttpUrl(prometheus.address)) {
      problems.add("prometheus.address must be an http:// or https:// URL");
    }
    if (prometheus.query == null || prometheus.query.isBlank()) {
      problems.add("prometheus.query is empty");
    } else {
      problems.declaredArgs("prometheus.query", prometheus.query);
    }
    problems.duration("prometheus.timeout", prometheus.timeout);
    if (prometheus.authentication != null && prometheus.authentication.bearer != null
        && prometheus.authentication.basic != null) {
      problems.add("prometheus.authentication: bearer and basic are mutually exclusive");
    }
    PrometheusMetric.RangeQuery range = prometheus.rangeQuery;
    if (range != null) {
      if (range.start == null || !RANGE_OFFSET.matcher(range.start).matches()) {
        problems.add("prometheus.rangeQuery.start must be \"now\" or \"now-<duration>\", e.g. now-5m");
      }
      if (range.end != null && !RANGE_OFFSET.matcher(range.end).matches()) {
        problems.add("prometheus.rangeQuery.end must be \"now\" or \"now-<duration>\"");
      }
      if (range.step == null) {
        problems.add("prometheus.rangeQuery.step is required");
      } else {
        problems.duration("prometheus.rangeQuery.step", range.step);
      }
    }
  }

  static boolean isHttpUrl(String address) {
    if (address == null) {
      return false;
    }
    try {
      URI uri = new URI(address);
      return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
          && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
