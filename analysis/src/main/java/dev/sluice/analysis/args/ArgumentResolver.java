package dev.sluice.analysis.args;

import dev.sluice.api.v1alpha1.Argument;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Gives every argument of a run its value, reading Secrets through the reconciler's {@link SecretLookup}. */
public final class ArgumentResolver {
  private ArgumentResolver() {
  }

  public static ResolvedArgs resolve(List<Argument> runArgs, SecretLookup secrets) throws ArgumentException {
    Map<String, String> values = new LinkedHashMap<>();
    Set<String> secretValues = new HashSet<>();
    for (Argument arg : runArgs == null ? List.<Argument>of() : runArgs) {
      if (arg.value != null) {
        values.put(arg.name, arg.value);
      } else if (arg.valueFrom != null && arg.valueFrom.secretKeyRef != null) {
        String secret = secret("argument \"" + arg.name + "\"", arg.valueFrom.secretKeyRef, secrets);
        values.put(arg.name, secret);
        secretValues.add(secret);
      } else if (arg.valueFrom != null && arg.valueFrom.fieldRef != null) {
        throw new ArgumentException("argument \"" + arg.name + "\": fieldRef (" + arg.valueFrom.fieldRef.getFieldPath()
            + ") is read from the rollout when the run is created; a run cannot resolve it");
      } else {
        throw new ArgumentException("argument \"" + arg.name + "\" has no value");
      }
    }
    return new ResolvedArgs(values, secretValues);
  }

  /** A value from a Secret, for the resolver and for provider credentials; {@code what} names the use in errors. */
  public static String secret(String what, SecretKeySelector ref, SecretLookup secrets) throws ArgumentException {
    if (ref.getName() == null || ref.getName().isBlank() || ref.getKey() == null || ref.getKey().isBlank()) {
      throw new ArgumentException(what + ": secretKeyRef needs name and key");
    }
    Optional<String> value = secrets.value(ref.getName(), ref.getKey());
    if (value.isPresent()) {
      return value.get();
    }
    if (Boolean.TRUE.equals(ref.getOptional())) {
      return "";
    }
    throw new ArgumentException(
        what + ": secret \"" + ref.getName() + "\" does not exist or has no key \"" + ref.getKey() + "\"");
  }
}
