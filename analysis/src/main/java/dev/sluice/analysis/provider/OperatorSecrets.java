package dev.sluice.analysis.provider;

import dev.sluice.analysis.args.SecretLookup;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Secrets of the operator's own namespace, where Argo Rollouts keeps the credentials of some providers (Datadog's
 * {@code datadog}, New Relic's {@code newrelic}): a migrating user brings them there. The namespace is the operator's
 * {@code POD_NAMESPACE} (set by the chart), else {@code default}, as for notifications. Values read here must be passed
 * to {@link MeasureContext#remember} so they are redacted like any Secret value.
 */
public final class OperatorSecrets {
  private OperatorSecrets() {
  }

  /** The operator's namespace. */
  public static String namespace() {
    String namespace = System.getenv("POD_NAMESPACE");
    return namespace == null || namespace.isBlank() ? "default" : namespace;
  }

  /** Reads Secrets of {@link #namespace()} with {@code kubernetes}; with no client, finds nothing. */
  public static SecretLookup lookup(KubernetesClient kubernetes) {
    String namespace = namespace();
    return (name, key) -> {
      if (kubernetes == null) {
        return Optional.empty();
      }
      Secret secret = kubernetes.secrets().inNamespace(namespace).withName(name).get();
      if (secret == null || secret.getData() == null || secret.getData().get(key) == null) {
        return Optional.empty();
      }
      return Optional.of(new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8));
    };
  }
}
