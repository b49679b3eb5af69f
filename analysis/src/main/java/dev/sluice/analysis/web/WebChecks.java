package dev.sluice.analysis.web;

import dev.sluice.analysis.oauth2.OAuth2Checks;
import dev.sluice.analysis.provider.ProviderChecks;
import dev.sluice.analysis.provider.SpecProblems;
import dev.sluice.analysis.provider.Timeouts;
import dev.sluice.api.v1alpha1.MetricProvider;
import dev.sluice.api.v1alpha1.WebMetric;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/** The {@code web} provider's spec, and what of it can be checked before any request. */
public final class WebChecks implements ProviderChecks<WebMetric> {
  private static final List<String> METHODS = List.of("GET", "POST", "PUT");

  @Override
  public String name() {
    return "web";
  }

  @Override
  public WebMetric spec(MetricProvider provider) {
    return provider.web;
  }

  /** Argo Rollouts gives web conditions the JSON at jsonPath as it is: {@code result == true}, {@code result.ok}. */
  @Override
  public Results results() {
    return Results.JSON;
  }

  @Override
  public void check(WebMetric web, SpecProblems problems) {
    if (web.url == null || web.url.isBlank()) {
      problems.add("web.url is required");
    } else {
      problems.declaredArgs("web.url", web.url);
      if (!web.url.startsWith("{{") && !isHttpUrl(web.url)) {
        problems.add("web.url must be an http:// or https:// URL");
      }
    }
    String method = method(web);
    if (!METHODS.contains(method)) {
      problems.add("web.method must be GET, POST or PUT");
    }
    if (web.body != null && web.jsonBody != null) {
      problems.add("web: body and jsonBody are mutually exclusive");
    }
    if ((web.body != null || web.jsonBody != null) && "GET".equals(method)) {
      problems.add("web: body and jsonBody need method POST or PUT");
    }
    problems.declaredArgs("web.body", web.body);
    if (web.timeoutSeconds != null && (web.timeoutSeconds < 1 || web.timeoutSeconds > Timeouts.MAX.toSeconds())) {
      problems.add("web.timeoutSeconds must be between 1 and " + Timeouts.MAX.toSeconds());
    }
    if (web.jsonPath != null && !web.jsonPath.isBlank()) {
      try {
        JsonPath.compile(web.jsonPath);
      } catch (IllegalArgumentException e) {
        problems.add("web." + e.getMessage());
      }
    }
    if (web.authentication != null && web.authentication.oauth2 != null) {
      OAuth2Checks.check(web.authentication.oauth2, "web.authentication.oauth2", problems);
    }
    List<WebMetric.Header> headers = web.headers == null ? List.of() : web.headers;
    for (int i = 0; i < headers.size(); i++) {
      WebMetric.Header header = headers.get(i);
      String at = "web.headers[" + i + "]";
      if (header.key == null || header.key.isBlank()) {
        problems.add(at + ".key is required");
      }
      boolean fromSecret = header.valueFrom != null && header.valueFrom.secretKeyRef != null;
      if ((header.value != null) == fromSecret) {
        problems.add(at + " needs exactly one of value and valueFrom.secretKeyRef");
      }
      problems.declaredArgs(at + ".value", header.value);
    }
  }

  static String method(WebMetric web) {
    return web.method == null || web.method.isBlank() ? "GET" : web.method;
  }

  /** An http(s) URL with a host, once placeholders stand for some value. */
  private static boolean isHttpUrl(String url) {
    try {
      URI uri = new URI(url.replaceAll("\\{\\{[^}]*}}", "x"));
      return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
          && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
