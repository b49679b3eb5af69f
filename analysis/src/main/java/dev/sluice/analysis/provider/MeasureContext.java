package dev.sluice.analysis.provider;

import dev.sluice.analysis.args.ArgumentException;
import dev.sluice.analysis.args.ArgumentResolver;
import dev.sluice.analysis.args.ResolvedArgs;
import dev.sluice.analysis.args.SecretLookup;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one measurement may use besides its spec: the run it is for, the run's resolved arguments, the Secrets of the
 * run's namespace and, for providers that create objects, the Kubernetes client. Every Secret value read through
 * {@link #secret} is remembered, so {@link #redact} can keep it out of the measurement's message.
 */
public final class MeasureContext {
  private final AnalysisRunRef run;
  private final ResolvedArgs args;
  private final SecretLookup secrets;
  private final KubernetesClient kubernetes;
  private final String metricName;
  private final int measurementIndex;
  private final Set<String> secretsRead = ConcurrentHashMap.newKeySet();

  /**
   * @param metricName the metric being measured
   * @param measurementIndex how many measurements of the metric the run has recorded: the same until this one is
   *     recorded, so a provider can name what it creates for this measurement and find it again
   */
  public MeasureContext(AnalysisRunRef run, ResolvedArgs args, SecretLookup secrets, KubernetesClient kubernetes,
      String metricName, int measurementIndex) {
    this.run = run;
    this.args = args;
    this.secrets = secrets;
    this.kubernetes = kubernetes;
    this.metricName = metricName;
    this.measurementIndex = measurementIndex;
  }

  public String metricName() {
    return metricName;
  }

  public int measurementIndex() {
    return measurementIndex;
  }

  public AnalysisRunRef run() {
    return run;
  }

  public ResolvedArgs args() {
    return args;
  }

  /** The Kubernetes client, or null where there is none (unit tests of HTTP providers). */
  public KubernetesClient kubernetes() {
    return kubernetes;
  }

  /**
   * The value of a Secret key of the run's namespace; {@code what} names the field in errors ("headers[0]"). A missing
   * Secret or key is an {@link ArgumentException} naming both, never the value.
   */
  public String secret(String what, SecretKeySelector ref) throws ArgumentException {
    String value = ArgumentResolver.secret(what, ref, secrets);
    secretsRead.add(value);
    return value;
  }

  /**
   * A key of a Secret of the run's namespace that is not itself secret (an address or account id kept beside the keys,
   * as Argo Rollouts' Datadog and New Relic Secrets do), or empty: not redacted, so messages can name the server.
   */
  public Optional<String> setting(String secretName, String key) {
    return secrets.value(secretName, key);
  }

  /**
   * Marks {@code value}, a credential read elsewhere than through {@link #secret} (the operator's environment or
   * namespace, see {@link OperatorSecrets}), as secret: {@link #redact} removes it too. Returns it; null stays null.
   */
  public String remember(String value) {
    if (value != null) {
      secretsRead.add(value);
    }
    return value;
  }

  /** {@code text} without any secret argument or Secret value read for this measurement. */
  public String redact(String text) {
    String redacted = args.redact(text);
    if (redacted == null) {
      return null;
    }
    for (String secret : secretsRead.stream().filter(s -> !s.isEmpty())
        .sorted(Comparator.comparingInt(String::length).reversed()).toList()) {
      redacted = redacted.replace(secret, ResolvedArgs.REDACTED);
    }
    return redacted;
  }
}
