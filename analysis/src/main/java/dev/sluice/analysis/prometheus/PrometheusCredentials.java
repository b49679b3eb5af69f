package dev.sluice.analysis.prometheus;

import dev.sluice.analysis.args.ArgumentException;
import dev.sluice.analysis.provider.MeasureContext;
import dev.sluice.api.v1alpha1.PrometheusMetric;
import java.util.ArrayList;
import java.util.List;

/**
 * Credentials for one Prometheus query, already read from their Secrets. At most one of bearer token and basic auth
 * is set. {@code caPem} is a PEM bundle of the CAs that verify the server (it replaces the JVM's trust store for
 * that server); it is not secret, but it comes from a Secret like the rest.
 */
public record PrometheusCredentials(String bearerToken, String username, String password, String caPem) {
  public static final PrometheusCredentials NONE = new PrometheusCredentials(null, null, null, null);

  public PrometheusCredentials {
    if (bearerToken != null && (username != null || password != null)) {
      throw new IllegalArgumentException("bearer token and basic auth are mutually exclusive");
    }
    if ((username == null) != (password == null)) {
      throw new IllegalArgumentException("basic auth needs both username and password");
    }
  }

  public static PrometheusCredentials bearer(String token) {
    return new PrometheusCredentials(token, null, null, null);
  }

  public static PrometheusCredentials basic(String username, String password) {
    return new PrometheusCredentials(null, username, password, null);
  }

  public PrometheusCredentials withCa(String pem) {
    return new PrometheusCredentials(bearerToken, username, password, pem);
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
    try {
      return new PrometheusCredentials(bearer, username, password, ca);
    } catch (IllegalArgumentException e) {
      throw new ArgumentException("authentication: " + e.getMessage());
    }
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
    return out;
  }

  @Override
  public String toString() {
    return "PrometheusCredentials[" + (bearerToken != null ? "bearer" : username != null ? "basic" : "none")
        + (caPem != null ? ", ca" : "") + "]";
  }
}
