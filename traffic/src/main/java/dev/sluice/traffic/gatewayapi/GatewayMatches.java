package dev.sluice.traffic.gatewayapi;

import dev.sluice.api.v1alpha1.HeaderRoutingMatch;
import dev.sluice.api.v1alpha1.RouteMatch;
import dev.sluice.api.v1alpha1.StringMatch;
import dev.sluice.traffic.InvalidRoutingSpecException;
import dev.sluice.traffic.patch.Json;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPHeaderMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPHeaderMatchBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPPathMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPPathMatchBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the steps' matches into Gateway API matches and narrows a rule's match by them. Gateway API has no prefix
 * match for headers, so a header prefix becomes an anchored regular expression (RegularExpression support, and its
 * dialect, depend on the implementation); a path prefix becomes PathPrefix, which matches whole path segments.
 */
final class GatewayMatches {
  static final String PATH_PREFIX = "PathPrefix";
  static final String EXACT = "Exact";
  static final String REGULAR_EXPRESSION = "RegularExpression";
  private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");

  private GatewayMatches() {
  }

  static List<HTTPHeaderMatch> headers(List<HeaderRoutingMatch> matches, String field) {
    List<HTTPHeaderMatch> headers = new ArrayList<>();
    for (int i = 0; i < matches.size(); i++) {
      HeaderRoutingMatch match = matches.get(i);
      headers.add(header(match.headerName, match.headerValue, field + ".match[" + i + "].headerValue"));
    }
    return headers;
  }

  static HTTPRouteMatch match(RouteMatch match, String field) {
    HTTPRouteMatch out = new HTTPRouteMatch();
    if (match.path != null) {
      out.setPath(path(match.path, field + ".path"));
    }
    if (match.method != null) {
      out.setMethod(method(match.method, field + ".method"));
    }
    if (match.headers != null) {
      List<HTTPHeaderMatch> headers = new ArrayList<>();
      for (Map.Entry<String, StringMatch> header : match.headers.entrySet()) {
        headers.add(header(header.getKey(), header.getValue(), field + ".headers." + header.getKey()));
      }
      out.setHeaders(headers);
    }
    return out;
  }

  /** A match for requests that satisfy both; empty when one match cannot express that. */
  static Optional<HTTPRouteMatch> and(HTTPRouteMatch rule, HTTPRouteMatch extra) {
    HTTPRouteMatch out = Json.copy(rule);
    Optional<HTTPPathMatch> path = andPath(rule.getPath(), extra.getPath());
    if (path.isEmpty()) {
      return Optional.empty();
    }
    out.setPath(path.get());
    if (extra.getMethod() != null) {
      if (rule.getMethod() != null && !rule.getMethod().equals(extra.getMethod())) {
        return Optional.empty();
      }
      out.setMethod(extra.getMethod());
    }
    List<HTTPHeaderMatch> headers = new ArrayList<>(out.getHeaders() == null ? List.of() : out.getHeaders());
    for (HTTPHeaderMatch header : extra.getHeaders() == null ? List.<HTTPHeaderMatch>of() : extra.getHeaders()) {
      Optional<HTTPHeaderMatch> same = headers.stream().filter(h -> h.getName().equalsIgnoreCase(header.getName())).findFirst();
      if (same.isEmpty()) {
        headers.add(header);
      } else if (!type(same.get().getType(), EXACT).equals(type(header.getType(), EXACT))
          || !Objects.equals(same.get().getValue(), header.getValue())) {
        return Optional.empty();
      }
    }
    out.setHeaders(headers);
    return Optional.of(out);
  }

  /** The match Gateway API assumes for a rule without matches. */
  static HTTPRouteMatch everything() {
    HTTPRouteMatch match = new HTTPRouteMatch();
    match.setPath(pathMatch(PATH_PREFIX, "/"));
    return match;
  }

  static String describe(HTTPRouteMatch match) {
    return Json.write(match);
  }

  private static Optional<HTTPPathMatch> andPath(HTTPPathMatch rule, HTTPPathMatch extra) {
    if (extra == null) {
      return Optional.ofNullable(rule);
    }
    if (rule == null || isRoot(rule)) {
      return Optional.of(extra);
    }
    String ruleType = type(rule.getType(), PATH_PREFIX);
    String extraType = type(extra.getType(), PATH_PREFIX);
    if (ruleType.equals(extraType) && Objects.equals(rule.getValue(), extra.getValue())) {
      return Optional.of(rule);
    }
    boolean narrows = ruleType.equals(PATH_PREFIX) && !extraType.equals(REGULAR_EXPRESSION)
        && isUnderPrefix(extra.getValue(), rule.getValue());
    return narrows ? Optional.of(extra) : Optional.empty();
  }

  private static boolean isRoot(HTTPPathMatch path) {
    return type(path.getType(), PATH_PREFIX).equals(PATH_PREFIX) && (path.getValue() == null || path.getValue().equals("/"));
  }

  // PathPrefix matches whole segments: /api covers /api and /api/v2, not /apis.
  private static boolean isUnderPrefix(String path, String prefix) {
    String base = prefix.endsWith("/") ? prefix : prefix + "/";
    return path != null && (path.equals(prefix) || path.startsWith(base));
  }

  private static String type(String type, String defaultType) {
    return type == null ? defaultType : type;
  }

  private static HTTPHeaderMatch header(String name, StringMatch value, String field) {
    if (value == null) {
      throw new InvalidRoutingSpecException(field, "a header value match is required");
    }
    if (value.exact != null) {
      return headerMatch(name, EXACT, value.exact);
    }
    if (value.prefix != null) {
      return headerMatch(name, REGULAR_EXPRESSION, "^" + literalRegex(value.prefix) + ".*");
    }
    if (value.regex != null) {
      return headerMatch(name, REGULAR_EXPRESSION, value.regex);
    }
    throw new InvalidRoutingSpecException(field, "set one of exact, prefix, regex");
  }

  private static HTTPPathMatch path(StringMatch value, String field) {
    if (value.exact != null) {
      return pathMatch(EXACT, value.exact);
    }
    if (value.prefix != null) {
      return pathMatch(PATH_PREFIX, value.prefix);
    }
    if (value.regex != null) {
      return pathMatch(REGULAR_EXPRESSION, value.regex);
    }
    throw new InvalidRoutingSpecException(field, "set one of exact, prefix, regex");
  }

  private static String method(StringMatch value, String field) {
    String method = value.exact == null ? null : value.exact.toUpperCase(Locale.ROOT);
    if (method == null || !METHODS.contains(method)) {
      throw new InvalidRoutingSpecException(field, "Gateway API matches a method exactly, one of " + METHODS.stream().sorted().toList());
    }
    return method;
  }

  private static HTTPHeaderMatch headerMatch(String name, String type, String value) {
    return new HTTPHeaderMatchBuilder().withName(name).withType(type).withValue(value).build();
  }

  private static HTTPPathMatch pathMatch(String type, String value) {
    return new HTTPPathMatchBuilder().withType(type).withValue(value).build();
  }

  /** Escapes the metacharacters shared by RE2, PCRE and POSIX extended expressions. */
  static String literalRegex(String text) {
    return text.replaceAll("[\\\\^$.|?*+()\\[\\]{}]", "\\\\$0");
  }
}
