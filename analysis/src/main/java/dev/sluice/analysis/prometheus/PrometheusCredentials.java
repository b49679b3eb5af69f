package dev.sluice.analysis.prometheus;

import dev.sluice.analysis.args.ArgTemplate;
import dev.sluice.analysis.args.ArgumentException;
import dev.sluice.analysis.provider.MeasureContext;
import dev.sluice.api.v1alpha1.PrometheusMetric;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;

/**
 * Credentials for one Prometheus query, already read from their Secrets and with arguments placed. At most one of
 * bearer token, basic auth, OAuth2 client and SigV4 signing is set. {@code caPem} is a PEM bundle of the CAs that
 * verify the server (it replaces the JVM's trust store for that server); it is not secret, but it comes from a Secret
 * like the rest.
 */
public record PrometheusCredentials(String bearerToken, String username, String password, String caPem,
    OAuth2Tokens.Client oauth2, PrometheusMetric.Sigv4 sigv4) {
  public static final PrometheusCredentials NONE = new PrometheusCredentials(null, null, null, null);

  public PrometheusCredentials {
    int schemes = (bearerToken != null ? 1 : 0) + (username != null || password != null ? 1 : 0)
        + (oauth2 != null ? 1 : 0) + (sigv4 != null ? 1 : 0);
    if (schemes > 1) {
      throw new IllegalArgumentException("bearer, basic, oauth2 and sigv4 are mutually exclusive");
    }
    if ((username == null) != (password == null)) {
      throw new IllegalArgumentException("basic auth needs both username and password");
    }
  }

  public PrometheusCredentials(String bearerToken, String username, String password, String caPem) {
    this(bearerToken, username, password, caPem, null, null);
  }

  public static PrometheusCredentials bearer(String token) {
    return new PrometheusCredentials(token, null, null, null);
  }

  public static PrometheusCredentials basic(String username, String password) {
    return new PrometheusCredentials(null, username, password, null);
  }

  public PrometheusCredentials withCa(String pem) {
    return new PrometheusCredentials(bearerToken, username, password, pem, oauth2, sigv4);
  }

  /** Reads the Secrets that {@code authentication} names; a missing Secret or key is an error naming it. */
  public static PrometheusCredentials resolve(PrometheusMetric.Authentication authentication, MeasureContext secrets)
      throws ArgumentException {
    if (authentication == null) {
      return NONE;
    }
    String bearer = null;
    String username = null;
    String password = null;
    if (authentication.bearer != null) {
      bearer = secrets.secret("authentication.bearer", authentication.bearer);
    }
    if (authentication.basic != null) {
      if (authentication.basic.username == null || authentication.basic.password == null) {
        throw new ArgumentException("authentication.basic needs username and password");
      }
      username = secrets.secret("authentication.basic.username", authentication.basic.username);
      password = secrets.secret("authentication.basic.password", authentication.basic.password);
    }
    String ca = authentication.ca == null ? null : secrets.secret("authentication.ca", authentication.ca);
    OAuth2Tokens.Client oauth2 = authentication.oauth2 == null ? null : oauth2(authentication.oauth2, secrets);
    try {
      return new PrometheusCredentials(bearer, username, password, ca, oauth2,
          authentication.sigv4 == null ? null : sigv4(authentication.sigv4, secrets.args().values()));
    } catch (IllegalArgumentException e) {
      throw new ArgumentException("authentication: " + e.getMessage());
    }
  }

  /** A copy of {@code spec} with the run's arguments placed. */
  private static PrometheusMetric.Sigv4 sigv4(PrometheusMetric.Sigv4 spec, Map<String, String> args)
      throws ArgumentException {
    PrometheusMetric.Sigv4 placed = new PrometheusMetric.Sigv4();
    placed.region = ArgTemplate.substitute("authentication.sigv4.region", spec.region, args);
    placed.profile = ArgTemplate.substitute("authentication.sigv4.profile", spec.profile, args);
    placed.roleArn = ArgTemplate.substitute("authentication.sigv4.roleArn", spec.roleArn, args);
    return placed;
  }

  /** The client of {@code spec} with the run's arguments placed and its secret read. */
  private static OAuth2Tokens.Client oauth2(PrometheusMetric.OAuth2 spec, MeasureContext context)
      throws ArgumentException {
    Map<String, String> args = context.args().values();
    String tokenUrl = ArgTemplate.substitute("authentication.oauth2.tokenUrl", spec.tokenUrl, args);
    HttpUrl url = tokenUrl == null ? null : HttpUrl.parse(tokenUrl);
    if (url == null) {
      throw new ArgumentException("authentication.oauth2.tokenUrl is not an http(s) URL");
    }
    String clientId = ArgTemplate.substitute("authentication.oauth2.clientId", spec.clientId, args);
    if (clientId == null || clientId.isEmpty()) {
      throw new ArgumentException("authentication.oauth2.clientId is required");
    }
    String secret;
    if (spec.clientSecretRef != null) {
      secret = context.secret("authentication.oauth2.clientSecretRef", spec.clientSecretRef);
    } else if (spec.clientSecret != null) {
      secret = ArgTemplate.substitute("authentication.oauth2.clientSecret", spec.clientSecret, args);
    } else {
      throw new ArgumentException("authentication.oauth2 needs clientSecret or clientSecretRef");
    }
    List<String> scopes = new ArrayList<>();
    for (String scope : spec.scopes == null ? List.<String>of() : spec.scopes) {
      scopes.add(ArgTemplate.substitute("authentication.oauth2.scopes", scope, args));
    }
    return new OAuth2Tokens.Client(url, clientId, secret, List.copyOf(scopes));
  }

  /** Values that must never appear in a message. */
  List<String> secrets() {
    List<String> out = new ArrayList<>(2);
    if (bearerToken != null && !bearerToken.isEmpty()) {
      out.add(bearerToken);
    }
    if (password != null && !password.isEmpty()) {
      out.add(password);
    }
    if (oauth2 != null && !oauth2.clientSecret().isEmpty()) {
      out.add(oauth2.clientSecret());
    }
    return out;
  }

  @Override
  public String toString() {
    return "PrometheusCredentials[" + (bearerToken != null ? "bearer" : username != null ? "basic"
        : oauth2 != null ? "oauth2" : sigv4 != null ? "sigv4" : "none")
        + (caPem != null ? ", ca" : "") + "]";
  }
}
