package dev.sluice.analysis.prometheus;

import dev.sluice.analysis.args.ArgTemplate;
import dev.sluice.analysis.args.ArgumentException;
import dev.sluice.analysis.oauth2.OAuth2Clients;
import dev.sluice.analysis.oauth2.OAuth2Tokens;
import dev.sluice.analysis.provider.MeasureContext;
import dev.sluice.api.v1alpha1.PrometheusMetric;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
      throw new IllegalArgumentException("bearer, basic, basicAuth, oauth2 and sigv4 are mutually exclusive");
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
    if (authentication.basicAuth != null) {
      // Argo's form: the values are arguments, read from Secrets by the run and redacted like them.
      var args = secrets.args().values();
      username = ArgTemplate.substitute("authentication.basicAuth.username", authentication.basicAuth.username, args);
      password = ArgTemplate.substitute("authentication.basicAuth.password", authentication.basicAuth.password, args);
      if (username == null || username.isEmpty() || password == null || password.isEmpty()) {
        throw new ArgumentException("authentication.basicAuth needs username and password");
      }
    }
    String ca = authentication.ca == null ? null : secrets.secret("authentication.ca", authentication.ca);
    OAuth2Tokens.Client oauth2 = authentication.oauth2 == null ? null
        : OAuth2Clients.resolve(authentication.oauth2, "authentication.oauth2", secrets);
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
