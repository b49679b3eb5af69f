package dev.sluice.analysis.wavefront;

import dev.sluice.analysis.provider.ProviderChecks;
import dev.sluice.analysis.provider.SpecProblems;
import dev.sluice.api.v1alpha1.MetricProvider;
import dev.sluice.api.v1alpha1.WavefrontMetric;
import java.net.URI;
import java.net.URISyntaxException;

/** The {@code wavefront} provider's spec, and what of it can be checked before querying. */
public final class WavefrontChecks implements ProviderChecks<WavefrontMetric> {
  /** Argo Rollouts' Secret of API tokens, one key per Wavefront host. */
  public static final String TOKENS_SECRET = "wavefront-api-tokens";

  @Override
  public String name() {
    return "wavefront";
  }

  @Override
  public WavefrontMetric spec(MetricProvider provider) {
    return provider.wavefront;
  }

  @Override
  public void check(WavefrontMetric spec, SpecProblems problems) {
    if (spec.address == null || spec.address.isBlank()) {
      problems.add("wavefront.address is required");
    } else if (base(spec.address) == null) {
      problems.add("wavefront.address must be a host (example.wavefront.com) or an http(s):// URL of host and port");
    }
    if (spec.query == null || spec.query.isBlank()) {
      problems.add("wavefront.query is empty");
    } else {
      problems.declaredArgs("wavefront.query", spec.query);
    }
  }

  /**
   * The API's base URL, {@code scheme://host[:port]}: Argo's bare host means HTTPS. Null when the address is neither a
   * host nor such a URL.
   */
  static String base(String address) {
    String trimmed = address.trim();
    String url = trimmed.startsWith("http://") || trimmed.startsWith("https://") ? trimmed : "https://" + trimmed;
    try {
      URI uri = new URI(url);
      if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
          || uri.getRawFragment() != null || !(uri.getRawPath() == null || uri.getRawPath().isEmpty()
              || uri.getRawPath().equals("/"))) {
        return null;
      }
      return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /** The key of {@link #TOKENS_SECRET} holding the address's token: its host, as Argo keys it by address. */
  static String tokenKey(String address) {
    String base = base(address);
    return base == null ? null : URI.create(base).getHost();
  }
}
