package dev.sluice.analysis.args;

import java.util.Optional;

/**
 * Reads Secrets of the analysis run's namespace for the resolver; supplied by the reconciler (typically backed by an
 * informer cache). Values are the decoded bytes as UTF-8.
 */
@FunctionalInterface
public interface SecretLookup {
  /** The value stored under {@code key} in Secret {@code secretName}; empty when the Secret or the key is missing. */
  Optional<String> value(String secretName, String key);
}
