package dev.sluice.gitops;

import java.util.Objects;

/**
 * One value by which the failed canary's pod template differs from the stable one, e.g.
 * {@code spec.containers[name=app].image: ghcr.io/acme/app:2.0 -> ghcr.io/acme/app:3.0}. {@code stable} is null
 * when the release added the field, {@code bad} is null when it removed it.
 *
 * @param field path inside the pod template (the Rollout's {@code spec.template})
 */
public record ValueChange(FieldPath field, String stable, String bad) {

  public ValueChange {
    Objects.requireNonNull(field, "field");
    if (stable == null && bad == null) {
      throw new IllegalArgumentException("a change needs a stable or a bad value: " + field);
    }
    if (Objects.equals(stable, bad)) {
      throw new IllegalArgumentException("stable and bad values are equal: " + field);
    }
  }

  public static ValueChange of(String field, String stable, String bad) {
    return new ValueChange(FieldPath.parse(field), stable, bad);
  }

  /** A container's {@code image} (containers, initContainers or ephemeralContainers). */
  public boolean isImage() {
    return field.last().equals("image") && field.size() >= 2 && FieldPath.nameOf(field.tokens().get(field.size() - 2)) != null;
  }

  public boolean isModification() {
    return stable != null && bad != null;
  }

  public boolean isAddition() {
    return stable == null;
  }

  public boolean isRemoval() {
    return bad == null;
  }

  /** The same field with stable and bad swapped: locates where the stable value is asked for. */
  ValueChange reversed() {
    return new ValueChange(field, bad, stable);
  }

  @Override
  public String toString() {
    return field + ": " + (stable == null ? "(absent)" : stable) + " -> " + (bad == null ? "(absent)" : bad);
  }
}
