package dev.sluice.analysis.args;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Argument values ready for substitution. {@code secretValues} are the values read from Secrets: anything written to
 * a status or a log that may echo an argument (a server's error message quoting the query, say) goes through
 * {@link #redact(String)} first.
 */
public record ResolvedArgs(Map<String, String> values, Set<String> secretValues) {
  public static final String REDACTED = "*****";

  public ResolvedArgs {
    values = Map.copyOf(values);
    secretValues = Set.copyOf(secretValues);
  }

  public static ResolvedArgs of(Map<String, String> values) {
    return new ResolvedArgs(values, Set.of());
  }

  public Optional<String> get(String name) {
    return Optional.ofNullable(values.get(name));
  }

  /** Replaces every secret value in {@code text}; longest first, so a secret containing another is fully hidden. */
  public String redact(String text) {
    if (text == null || secretValues.isEmpty()) {
      return text;
    }
    String redacted = text;
    for (String secret : secretValues.stream().filter(s -> !s.isEmpty())
        .sorted((a, b) -> Integer.compare(b.length(), a.length())).toList()) {
      redacted = redacted.replace(secret, REDACTED);
    }
    return redacted;
  }

  @Override
  public String toString() {
    // Records print every component; argument values may be secrets.
    return "ResolvedArgs" + values.keySet();
  }
}
