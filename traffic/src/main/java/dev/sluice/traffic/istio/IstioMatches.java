package dev.sluice.traffic.istio;

import dev.sluice.api.v1alpha1.HeaderRoutingMatch;
import dev.sluice.api.v1alpha1.RouteMatch;
import dev.sluice.traffic.InvalidRoutingSpecException;
import dev.sluice.traffic.patch.Json;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPMatchRequest;
import io.fabric8.istio.api.api.networking.v1alpha3.StringMatch;
import io.fabric8.istio.api.api.networking.v1alpha3.StringMatchExact;
import io.fabric8.istio.api.api.networking.v1alpha3.StringMatchPrefix;
import io.fabric8.istio.api.api.networking.v1alpha3.StringMatchRegex;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the steps' matches into Istio matches (Istio wants lowercase header names) and narrows an http route's match
 * by them: both must hold, so an extra uri is accepted only when the route has none, the same one, or a prefix it
 * lies under.
 */
final class IstioMatches {
  private IstioMatches() {
  }

  static Map<String, StringMatch> headers(List<HeaderRoutingMatch> matches, String field) {
    Map<String, StringMatch> headers = new LinkedHashMap<>();
    for (int i = 0; i < matches.size(); i++) {
      HeaderRoutingMatch match = matches.get(i);
      headers.put(match.headerName.toLowerCase(Locale.ROOT), string(match.headerValue, field + ".match[" + i + "].headerValue"));
    }
    return headers;
  }

  static HTTPMatchRequest match(RouteMatch match, String field) {
    HTTPMatchRequest out = new HTTPMatchRequest();
    if (match.path != null) {
      out.setUri(string(match.path, field + ".path"));
    }
    if (match.method != null) {
      out.setMethod(string(match.method, field + ".method"));
    }
    if (match.headers != null) {
      Map<String, StringMatch> headers = new LinkedHashMap<>();
      match.headers.forEach((name, value) -> headers.put(name.toLowerCase(Locale.ROOT), string(value, field + ".headers." + name)));
      out.setHeaders(headers);
    }
    return out;
  }

  /** A match for requests that satisfy both; empty when one match cannot express that. */
  static Optional<HTTPMatchRequest> and(HTTPMatchRequest route, HTTPMatchRequest extra) {
    HTTPMatchRequest out = Json.copy(route);
    Optional<StringMatch> uri = andUri(route.getUri(), extra.getUri());
    if (uri.isEmpty() && (route.getUri() != null || extra.getUri() != null)) {
      return Optional.empty();
    }
    out.setUri(uri.orElse(null));
    if (extra.getMethod() != null) {
      if (route.getMethod() != null && !same(route.getMethod(), extra.getMethod())) {
        return Optional.empty();
      }
      out.setMethod(extra.getMethod());
    }
    Map<String, StringMatch> headers = new LinkedHashMap<>(out.getHeaders() == null ? Map.of() : out.getHeaders());
    for (Map.Entry<String, StringMatch> header : (extra.getHeaders() == null ? Map.<String, StringMatch>of() : extra.getHeaders()).entrySet()) {
      StringMatch existing = headers.putIfAbsent(header.getKey(), header.getValue());
      if (existing != null && !same(existing, header.getValue())) {
        return Optional.empty();
      }
    }
    out.setHeaders(headers.isEmpty() ? null : headers);
    return Optional.of(out);
  }

  static String describe(HTTPMatchRequest match) {
    return Json.write(match);
  }

  private static Optional<StringMatch> andUri(StringMatch route, StringMatch extra) {
    if (extra == null) {
      return Optional.ofNullable(route);
    }
    if (route == null || same(route, extra)) {
      return Optional.of(extra);
    }
    // Istio's prefix is a plain string prefix.
    if (route.getMatchType() instanceof StringMatchPrefix prefix) {
      String value = extra.getMatchType() instanceof StringMatchPrefix p ? p.getPrefix()
          : extra.getMatchType() instanceof StringMatchExact e ? e.getExact() : null;
      if (value != null && value.startsWith(prefix.getPrefix())) {
        return Optional.of(extra);
      }
    }
    return Optional.empty();
  }

  private static boolean same(StringMatch a, StringMatch b) {
    return Json.tree(a).equals(Json.tree(b));
  }

  private static StringMatch string(dev.sluice.api.v1alpha1.StringMatch value, String field) {
    if (value != null && value.exact != null) {
      return new StringMatch(new StringMatchExact(value.exact));
    }
    if (value != null && value.prefix != null) {
      return new StringMatch(new StringMatchPrefix(value.prefix));
    }
    if (value != null && value.regex != null) {
      return new StringMatch(new StringMatchRegex(value.regex));
    }
    throw new InvalidRoutingSpecException(field, "set one of exact, prefix, regex");
  }
}
