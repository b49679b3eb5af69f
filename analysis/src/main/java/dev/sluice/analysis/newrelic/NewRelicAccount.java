package dev.sluice.analysis.newrelic;

import dev.sluice.analysis.args.ArgumentException;
import dev.sluice.analysis.args.SecretLookup;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * A New Relic profile, read from its Secret as Argo Rollouts reads it: {@code personal-api-key}, {@code account-id},
 * {@code region} ({@code us}, the default, or {@code eu}) and {@code base-url-nerdgraph} (a proxy's NerdGraph URL,
 * which replaces the region's). Messages name the Secret and keys, never the key's value.
 */
record NewRelicAccount(String apiKey, long accountId, HttpUrl nerdGraph) {
  static final String DEFAULT_PROFILE = "newrelic";
  static final String US = "https://api.newrelic.com/graphql";
  static final String EU = "https://api.eu.newrelic.com/graphql";

  @Override
  public String toString() {
    return "NewRelicAccount[" + accountId + ", " + nerdGraph + "]";
  }

  /** {@code secrets} reads the namespace the profile is in, described by {@code where} for messages. */
  static NewRelicAccount read(String profile, SecretLookup secrets, String where) throws ArgumentException {
    String name = profile == null || profile.isBlank() ? DEFAULT_PROFILE : profile;
    String at = "newRelic: Secret \"" + name + "\" in " + where;
    Optional<String> apiKey = secrets.value(name, "personal-api-key").filter(v -> !v.isBlank());
    Optional<String> accountId = secrets.value(name, "account-id").map(String::trim).filter(v -> !v.isEmpty());
    if (apiKey.isEmpty() || accountId.isEmpty()) {
      throw new ArgumentException(at + " is missing or has no personal-api-key and account-id");
    }
    long account;
    try {
      account = Long.parseLong(accountId.get());
    } catch (NumberFormatException e) {
      throw new ArgumentException(at + ": account-id is not a number");
    }
    String region = secrets.value(name, "region").map(String::trim).filter(v -> !v.isEmpty()).orElse("us");
    Optional<String> override = secrets.value(name, "base-url-nerdgraph").map(String::trim)
        .filter(v -> !v.isEmpty());
    String url;
    if (override.isPresent()) {
      url = override.get();
    } else if (region.equalsIgnoreCase("us")) {
      url = US;
    } else if (region.equalsIgnoreCase("eu")) {
      url = EU;
    } else {
      throw new ArgumentException(at + ": region must be us or eu (or set base-url-nerdgraph)");
    }
    HttpUrl nerdGraph = HttpUrl.parse(url);
    if (nerdGraph == null) {
      throw new ArgumentException(at + ": base-url-nerdgraph is not an http(s) URL");
    }
    return new NewRelicAccount(apiKey.get().trim(), account, nerdGraph);
  }
}
