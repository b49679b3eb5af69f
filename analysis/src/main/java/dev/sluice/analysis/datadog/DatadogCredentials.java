package dev.sluice.analysis.datadog;

import dev.sluice.analysis.args.ArgumentException;
import dev.sluice.analysis.args.SecretLookup;
import dev.sluice.api.v1alpha1.DatadogMetric;
import java.util.Map;
import java.util.Optional;

/**
 * Where a datadog metric's address and keys come from, in Argo Rollouts' order: {@code secretRef} with
 * {@code namespaced: true} names a Secret of the run's namespace; {@code secretRef.name} alone, a Secret of the
 * operator's namespace; without {@code secretRef}, the operator's {@code DD_API_KEY}, {@code DD_APP_KEY} and
 * {@code DD_ADDRESS} (all three), then the Secret {@code datadog} of the operator's namespace. A Secret holds
 * {@code api-key}, {@code app-key} and optionally {@code address}. Messages name Secrets and keys, never values.
 */
record DatadogCredentials(String address, String apiKey, String appKey) {
  static final String DEFAULT_SECRET = "datadog";
  static final String DEFAULT_ADDRESS = "https://api.datadoghq.com";

  @Override
  public String toString() {
    return "DatadogCredentials[" + address + "]";
  }

  static DatadogCredentials find(DatadogMetric.SecretRef ref, SecretLookup runNamespace, String operatorNamespace,
      SecretLookup operatorSecrets, Map<String, String> env) throws ArgumentException {
    String name = ref == null || ref.name == null || ref.name.isBlank() ? null : ref.name;
    if (ref != null && Boolean.TRUE.equals(ref.namespaced)) {
      if (name == null) {
        throw new ArgumentException("datadog.secretRef.name is required when namespaced is true");
      }
      return fromSecret(runNamespace, name, "the run's namespace")
          .orElseThrow(() -> missing(name, "the run's namespace"));
    }
    if (name != null) {
      String where = "the operator's namespace " + operatorNamespace;
      return fromSecret(operatorSecrets, name, where).orElseThrow(() -> missing(name, where));
    }
    String apiKey = env.get("DD_API_KEY");
    String appKey = env.get("DD_APP_KEY");
    String address = env.get("DD_ADDRESS");
    if (apiKey != null && appKey != null && address != null && !apiKey.isEmpty() && !appKey.isEmpty()) {
      return new DatadogCredentials(address.isEmpty() ? DEFAULT_ADDRESS : address, apiKey, appKey);
    }
    String where = "the operator's namespace " + operatorNamespace;
    return fromSecret(operatorSecrets, DEFAULT_SECRET, where).orElseThrow(() -> new ArgumentException(
        "datadog: no credentials: the operator has no DD_API_KEY, DD_APP_KEY and DD_ADDRESS, and Secret \""
            + DEFAULT_SECRET + "\" in " + where + " has no api-key and app-key (or set secretRef)"));
  }

  private static Optional<DatadogCredentials> fromSecret(SecretLookup secrets, String name, String where)
      throws ArgumentException {
    Optional<String> apiKey = secrets.value(name, "api-key").filter(v -> !v.isEmpty());
    Optional<String> appKey = secrets.value(name, "app-key").filter(v -> !v.isEmpty());
    if (apiKey.isEmpty() || appKey.isEmpty()) {
      return Optional.empty();
    }
    String address = secrets.value(name, "address").filter(v -> !v.isBlank()).orElse(DEFAULT_ADDRESS);
    return Optional.of(new DatadogCredentials(address.trim(), apiKey.get(), appKey.get()));
  }

  private static ArgumentException missing(String name, String where) {
    return new ArgumentException("datadog: Secret \"" + name + "\" in " + where
        + " is missing or has no api-key and app-key");
  }
}
