package dev.sluice.analysis.oauth2;

import dev.sluice.analysis.provider.SpecProblems;
import dev.sluice.api.v1alpha1.OAuth2;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/**
 * What of a provider's {@code authentication.oauth2} can be checked when a template is applied. Free of HTTP client
 * classes, so {@code kubectl sluice lint} loads none.
 */
public final class OAuth2Checks {
  private OAuth2Checks() {
  }

  /** {@code at} names the field, e.g. {@code web.authentication.oauth2}. */
  public static void check(OAuth2 oauth2, String at, SpecProblems problems) {
    if (oauth2.tokenUrl == null || oauth2.tokenUrl.isBlank()) {
      problems.add(at + ".tokenUrl is required");
    } else {
      problems.placed(at + ".tokenUrl", oauth2.tokenUrl).ifPresent(url -> {
        if (!isHttpUrl(url)) {
          problems.add(at + ".tokenUrl must be an http:// or https:// URL");
        }
      });
    }
    if (oauth2.clientId == null || oauth2.clientId.isBlank()) {
      problems.add(at + ".clientId is required");
    } else {
      problems.declaredArgs(at + ".clientId", oauth2.clientId);
    }
    if ((oauth2.clientSecret != null) == (oauth2.clientSecretRef != null)) {
      problems.add(at + " needs exactly one of clientSecret and clientSecretRef");
    }
    problems.declaredArgs(at + ".clientSecret", oauth2.clientSecret);
    for (String scope : oauth2.scopes == null ? List.<String>of() : oauth2.scopes) {
      problems.declaredArgs(at + ".scopes", scope);
    }
  }

  private static boolean isHttpUrl(String url) {
    try {
      URI uri = new URI(url);
      return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
          && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
