package dev.sluice.analysis.prometheus;

import dev.sluice.analysis.oauth2.OAuth2Checks;
import dev.sluice.analysis.provider.ProviderChecks;
import dev.sluice.analysis.provider.SpecProblems;
import dev.sluice.api.v1alpha1.Durations;
import dev.sluice.api.v1alpha1.MetricProvider;
import dev.sluice.api.v1alpha1.PrometheusMetric;
import java.net.URI;
import java.net.URISyntaxException;

/** The {@code prometheus} provider's spec, and what of it can be checked before querying. */
public final class PrometheusChecks implements ProviderChecks<PrometheusMetric> {
  @Override
  public String name() {
    return "prometheus";
  }

  @Override
  public PrometheusMetric spec(MetricProvider provider) {
    return provider.prometheus;
  }

  @Override
  public void check(PrometheusMetric prometheus, SpecProblems problems) {
    // Argo's docs put arguments in the address ("http://prometheus:{{args.port}}"): a run checks the address with its
    // values placed; a template, whose values come later, checks that the references are declared (placed reports the others).
    String address = prometheus.address;
    boolean checkAddress = true;
    if (address != null && address.contains("{{")) {
      java.util.Optional<String> placed = problems.placed("prometheus.address", address);
      checkAddress = placed.isPresent();
      address = placed.orElse(null);
    }
    if (checkAddress && !isHttpUrl(address)) {
      problems.add("prometheus.address must be an http:// or https:// URL");
    }
    if (prometheus.query == null || prometheus.query.isBlank()) {
      problems.add("prometheus.query is empty");
    } else {
      problems.declaredArgs("prometheus.query", prometheus.query);
    }
    if (prometheus.timeout != null) {
      try {
        // Seconds, as Argo Rollouts writes it, or a duration.
        if (Durations.parseSecondsOrDuration(prometheus.timeout).isZero()) {
          problems.add("prometheus.timeout must be positive");
        }
      } catch (IllegalArgumentException e) {
        problems.add("prometheus.timeout: " + e.getMessage());
      }
    }
    if (prometheus.authentication != null) {
      checkAuthentication(prometheus.authentication, problems);
    }
    PrometheusMetric.RangeQuery range = prometheus.rangeQuery;
    if (range != null) {
      if (range.start == null) {
        problems.add("prometheus.rangeQuery.start is required, e.g. now-5m or now() - duration(\"5m\")");
      } else {
        rangeOffset(problems, "start", range.start);
      }
      rangeOffset(problems, "end", range.end);
      if (range.step == null) {
        problems.add("prometheus.rangeQuery.step is required");
      } else {
        problems.duration("prometheus.rangeQuery.step", range.step);
      }
    }
  }

  private static void checkAuthentication(PrometheusMetric.Authentication auth, SpecProblems problems) {
    int schemes = (auth.bearer != null ? 1 : 0) + (auth.basic != null ? 1 : 0) + (auth.basicAuth != null ? 1 : 0)
        + (auth.oauth2 != null ? 1 : 0) + (auth.sigv4 != null ? 1 : 0);
    if (schemes > 1) {
      problems.add("prometheus.authentication: bearer, basic, basicAuth, oauth2 and sigv4 are mutually exclusive");
    }
    if (auth.basicAuth != null) {
      if (auth.basicAuth.username == null || auth.basicAuth.username.isEmpty()
          || auth.basicAuth.password == null || auth.basicAuth.password.isEmpty()) {
        problems.add("prometheus.authentication.basicAuth needs username and password");
      }
      problems.declaredArgs("prometheus.authentication.basicAuth.username", auth.basicAuth.username);
      problems.declaredArgs("prometheus.authentication.basicAuth.password", auth.basicAuth.password);
    }
    if (auth.oauth2 != null) {
      OAuth2Checks.check(auth.oauth2, "prometheus.authentication.oauth2", problems);
    }
    PrometheusMetric.Sigv4 sigv4 = auth.sigv4;
    if (sigv4 != null) {
      // Arguments in these fields are placed when the run starts; only literal values are checked here.
      problems.declaredArgs("prometheus.authentication.sigv4.region", sigv4.region);
      problems.declaredArgs("prometheus.authentication.sigv4.roleArn", sigv4.roleArn);
      if (literal(sigv4.region) && !sigv4.region.matches("[a-z]{2}(-[a-z]+)+-[0-9]+")) {
        problems.add("prometheus.authentication.sigv4.region \"" + sigv4.region
            + "\" is not an AWS region name, e.g. us-east-1");
      }
      if (literal(sigv4.roleArn) && !sigv4.roleArn.matches("arn:aws[a-z-]*:iam::[0-9]{12}:role/\\S+")) {
        problems.add("prometheus.authentication.sigv4.roleArn must be an IAM role ARN,"
            + " arn:aws:iam::<account>:role/<name>");
      }
    }
  }

  private static boolean literal(String text) {
    return text != null && !text.isBlank() && !text.contains("{{");
  }

  /** A range query's start or end as an offset from now ({@link RangeTimes}), once its arguments are placed. */
  private static void rangeOffset(SpecProblems problems, String field, String text) {
    problems.placed("prometheus.rangeQuery." + field, text).ifPresent(placed -> {
      try {
        RangeTimes.offset(field, placed);
      } catch (IllegalArgumentException e) {
        problems.add("prometheus." + e.getMessage() + (placed.equals(text) ? "" : " (from " + text + ")"));
      }
    });
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
