package dev.sluice.analysis.condition;

import com.google.common.primitives.UnsignedLong;
import dev.cel.common.values.NullValue;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code ==} and {@code !=} for conditions: numbers compare by value across int and double (NaN equals nothing), lists
 * and maps element by element. Values of different kinds (a string and a boolean, an object and a number, null and
 * anything else) are decided by the caller's {@link AcrossKinds}:
 * <ul>
 *   <li>{@link AcrossKinds#ERROR} for analysis: an error naming both kinds. CEL and expr-lang say false there, so
 *       {@code result != true} on a web answer {@code "ok"} would be a success no one meant; the measurement is an
 *       Error instead, as Argo Rollouts makes {@code <} and {@code >} across types. A web answer with nothing at
 *       {@code jsonPath} is reported as no data rather than as a verdict.</li>
 *   <li>{@link AcrossKinds#UNEQUAL} for conditions over objects (a notification trigger's {@code when}): expr-lang's
 *       answer, so {@code rollout.metadata.labels.team == 'payments'} is false for a Rollout without that label (a
 *       missing key is nil) instead of an error that would silence the trigger.</li>
 * </ul>
 * Typed conditions (a number, a list of numbers) never reach the kinds rule: CEL's type check refuses them first.
 */
final class StrictEquality {
  /** What {@code ==} says of two values of different kinds. */
  enum AcrossKinds { ERROR, UNEQUAL }

  private final AcrossKinds acrossKinds;

  private StrictEquality(AcrossKinds acrossKinds) {
    this.acrossKinds = acrossKinds;
  }

  static List<CelFunctionBinding> bindings(AcrossKinds acrossKinds) {
    StrictEquality equality = new StrictEquality(acrossKinds);
    return List.of(
        CelFunctionBinding.from("equals", Object.class, Object.class, equality::equal),
        CelFunctionBinding.from("not_equals", Object.class, Object.class, (a, b) -> !equality.equal(a, b)));
  }

  /** True for the standard overloads these bindings replace. */
  static boolean replaces(Enum<?> overload) {
    String owner = overload.getDeclaringClass().getSimpleName();
    return owner.equals("EqualsOverload") && overload.name().equals("EQUALS")
        || owner.equals("NotEqualsOverload") && overload.name().equals("NOT_EQUALS");
  }

  boolean equal(Object a, Object b) throws CelEvaluationException {
    if (isNull(a) && isNull(b)) {
      return true;
    }
    if (isNumber(a) && isNumber(b)) {
      if (a instanceof Double || b instanceof Double) {
        return number(a) == number(b);
      }
      return integer(a).equals(integer(b));
    }
    if (a instanceof List<?> left && b instanceof List<?> right) {
      if (left.size() != right.size()) {
        return false;
      }
      Iterator<?> r = right.iterator();
      for (Object element : left) {
        if (!equal(element, r.next())) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof Map<?, ?> left && b instanceof Map<?, ?> right) {
      if (left.size() != right.size()) {
        return false;
      }
      for (Map.Entry<?, ?> entry : left.entrySet()) {
        if (!right.containsKey(entry.getKey()) || !equal(entry.getValue(), right.get(entry.getKey()))) {
          return false;
        }
      }
      return true;
    }
    String left = kind(a);
    String right = kind(b);
    if (left != null && right != null && !left.equals(right)) {
      if (acrossKinds == AcrossKinds.UNEQUAL) {
        return false;
      }
      throw new CelEvaluationException("cannot compare " + left + " with " + right);
    }
    return Objects.equals(a, b);
  }

  /** What a JSON-like value is, in words; null for other CEL values (types, durations), compared as CEL does. */
  static String kind(Object value) {
    if (isNull(value)) {
      return "null";
    }
    if (value instanceof Boolean) {
      return "a boolean";
    }
    if (value instanceof String) {
      return "a string";
    }
    if (isNumber(value)) {
      return "a number";
    }
    if (value instanceof List<?>) {
      return "a list";
    }
    if (value instanceof Map<?, ?>) {
      return "an object";
    }
    return null;
  }

  private static boolean isNull(Object value) {
    return value == null || value instanceof NullValue;
  }

  private static boolean isNumber(Object value) {
    return value instanceof Double || value instanceof Long || value instanceof UnsignedLong;
  }

  private static double number(Object value) {
    return value instanceof UnsignedLong u ? u.doubleValue() : ((Number) value).doubleValue();
  }

  private static BigInteger integer(Object value) {
    return value instanceof UnsignedLong u ? u.bigIntegerValue() : BigInteger.valueOf((Long) value);
  }
}
