package dev.sluice.analysis.oauth2;

import dev.sluice.analysis.args.ArgTemplate;
import dev.sluice.analysis.args.ArgumentException;
import dev.sluice.analysis.provider.MeasureContext;
import dev.sluice.api.v1alpha1.OAuth2;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;

/** A provider's {@code authentication.oauth2} as the client the token endpoint is asked for. */
public final class OAuth2Clients {
  private OAuth2Clients() {
  }

  /**
   * The client of {@code spec} with the run's arguments placed and its secret read (through {@code context}, so it
   * is redacted from messages); {@code at} names the field in errors, e.g. {@code web.authentication.oauth2}.
   */
  public static OAuth2Tokens.Client resolve(OAuth2 spec, String at, MeasureContext context)
      throws ArgumentException {
    Map<String, String> args = context.args().values();
    String tokenUrl = ArgTemplate.substitute(at + ".tokenUrl", spec.tokenUrl, args);
    HttpUrl url = tokenUrl == null ? null : HttpUrl.parse(tokenUrl);
    if (url == null) {
      throw new ArgumentException(at + ".tokenUrl is not an http(s) URL");
    }
    String clientId = ArgTemplate.substitute(at + ".clientId", spec.clientId, args);
    if (clientId == null || clientId.isEmpty()) {
      throw new ArgumentException(at + ".clientId is required");
    }
    String secret;
    if (spec.clientSecretRef != null) {
      secret = context.secret(at + ".clientSecretRef", spec.clientSecretRef);
    } else if (spec.clientSecret != null) {
      secret = ArgTemplate.substitute(at + ".clientSecret", spec.clientSecret, args);
    } else {
      throw new ArgumentException(at + " needs clientSecret or clientSecretRef");
    }
    List<String> scopes = new ArrayList<>();
    for (String scope : spec.scopes == null ? List.<String>of() : spec.scopes) {
      scopes.add(ArgTemplate.substitute(at + ".scopes", scope, args));
    }
    return new OAuth2Tokens.Client(url, clientId, secret, List.copyOf(scopes));
  }
}
