package dev.sluice.analysis.condition;

import com.google.common.primitives.UnsignedLong;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelStandardFunctions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.regex.Pattern;

/**
 * The helper functions conditions may call, and NaN-correct comparisons between doubles and integers.
 *
 * <p>Helpers: {@code isNaN(double)}, {@code isInf(double)} (either sign), {@code isEmpty(list(double))} and
 * {@code default(x, fallback)} for {@code x} a double (NaN becomes the fallback) or a list of doubles (empty or a
 * single NaN becomes the fallback, a single value is returned as is, more than one value is an error).
 *
 * <p>Argo Rollouts' helpers, which translated conditions call and CEL may call too: {@code isNil(result)} (no value),
 * {@code valueOr(result, fallback)} (Argo's {@code default}: the fallback only when there is no value, NaN kept),
 * {@code asInt}/{@code asFloat} (numbers and strings, as Argo converts them), and expr-lang's builtins {@code max},
 * {@code min}, {@code sum}, {@code mean} (of a list, or of one number), {@code abs}, {@code ceil}, {@code floor},
 * {@code round} (halves away from zero, as Go).
 *
 * <p>Users write {@code result > 0} (an int literal) as they do in Argo Rollouts. CEL accepts that with heterogeneous
 * numeric comparisons, but cel-java implements those with {@link Double#compare}, which orders NaN above every number:
 * {@code NaN > 0} would be true and a run could pass on a NaN result. Those overloads are replaced by ones with IEEE
 * semantics (every comparison with NaN is false), like the double-double comparisons and like Argo's expression
 * language. {@code ==} and {@code !=} are {@link StrictEquality}'s: across kinds (a string and a boolean) they are an
 * error in analysis conditions, and false (expr-lang's answer) in conditions over objects.
 */
final class ConditionFunctions {
  private static final ListType DOUBLES = ListType.create(SimpleType.DOUBLE);
  private static final Pattern MIXED_COMPARISON =
      Pattern.compile("(LESS|LESS_EQUALS|GREATER|GREATER_EQUALS)_(DOUBLE_U?INT64|U?INT64_DOUBLE)");

  private ConditionFunctions() {
  }

  static List<CelFunctionDecl> declarations() {
    return List.of(
        CelFunctionDecl.newFunctionDeclaration("isNaN",
            CelOverloadDecl.newGlobalOverload("sluice_is_nan_double", SimpleType.BOOL, SimpleType.DOUBLE)),
        CelFunctionDecl.newFunctionDeclaration("isInf",
            CelOverloadDecl.newGlobalOverload("sluice_is_inf_double", SimpleType.BOOL, SimpleType.DOUBLE)),
        CelFunctionDecl.newFunctionDeclaration("isEmpty",
            CelOverloadDecl.newGlobalOverload("sluice_is_empty_list", SimpleType.BOOL, DOUBLES)),
        CelFunctionDecl.newFunctionDeclaration("default",
            CelOverloadDecl.newGlobalOverload("sluice_default_double", SimpleType.DOUBLE, SimpleType.DOUBLE,
                SimpleType.DOUBLE),
            CelOverloadDecl.newGlobalOverload("sluice_default_list", SimpleType.DOUBLE, DOUBLES, SimpleType.DOUBLE)),
        CelFunctionDecl.newFunctionDeclaration("isNil",
            CelOverloadDecl.newGlobalOverload("sluice_is_nil_double", SimpleType.BOOL, SimpleType.DOUBLE),
            CelOverloadDecl.newGlobalOverload("sluice_is_nil_list", SimpleType.BOOL, DOUBLES)),
        CelFunctionDecl.newFunctionDeclaration("valueOr",
            CelOverloadDecl.newGlobalOverload("sluice_value_or_double", SimpleType.DOUBLE, SimpleType.DOUBLE,
                SimpleType.DOUBLE),
            CelOverloadDecl.newGlobalOverload("sluice_value_or_list", SimpleType.DOUBLE, DOUBLES, SimpleType.DOUBLE)),
        CelFunctionDecl.newFunctionDeclaration("asInt",
            CelOverloadDecl.newGlobalOverload("sluice_as_int_double", SimpleType.INT, SimpleType.DOUBLE),
            CelOverloadDecl.newGlobalOverload("sluice_as_int_int", SimpleType.INT, SimpleType.INT),
            CelOverloadDecl.newGlobalOverload("sluice_as_int_string", SimpleType.INT, SimpleType.STRING)),
        CelFunctionDecl.newFunctionDeclaration("asFloat",
            CelOverloadDecl.newGlobalOverload("sluice_as_float_double", SimpleType.DOUBLE, SimpleType.DOUBLE),
            CelOverloadDecl.newGlobalOverload("sluice_as_float_int", SimpleType.DOUBLE, SimpleType.INT),
            CelOverloadDecl.newGlobalOverload("sluice_as_float_string", SimpleType.DOUBLE, SimpleType.STRING)),
        aggregate("max"), aggregate("min"), aggregate("sum"), aggregate("mean"),
        CelFunctionDecl.newFunctionDeclaration("abs",
            CelOverloadDecl.newGlobalOverload("sluice_abs_double", SimpleType.DOUBLE, SimpleType.DOUBLE),
            CelOverloadDecl.newGlobalOverload("sluice_abs_int", SimpleType.INT, SimpleType.INT)),
        rounding("ceil"), rounding("floor"), rounding("round"));
  }

  /** {@code name(list(double))} over the values, and {@code name(double)} of a single value (itself). */
  private static CelFunctionDecl aggregate(String name) {
    return CelFunctionDecl.newFunctionDeclaration(name,
        CelOverloadDecl.newGlobalOverload("sluice_" + name + "_list", SimpleType.DOUBLE, DOUBLES),
        CelOverloadDecl.newGlobalOverload("sluice_" + name + "_double", SimpleType.DOUBLE, SimpleType.DOUBLE));
  }

  private static CelFunctionDecl rounding(String name) {
    return CelFunctionDecl.newFunctionDeclaration(name,
        CelOverloadDecl.newGlobalOverload("sluice_" + name + "_double", SimpleType.DOUBLE, SimpleType.DOUBLE));
  }

  /**
   * The standard runtime functions minus the mixed double/integer comparisons and the equality that
   * {@link #bindings()} replaces.
   */
  static CelStandardFunctions standardFunctions() {
    return CelStandardFunctions.newBuilder()
        .filterFunctions((function, overload) ->
            !(overload instanceof Enum<?> e
                && (MIXED_COMPARISON.matcher(e.name()).matches() || StrictEquality.replaces(e))))
        .build();
  }

  /** The runtime functions; {@code ==} across kinds decided by {@code acrossKinds} ({@link StrictEquality}). */
  static List<CelFunctionBinding> bindings(StrictEquality.AcrossKinds acrossKinds) {
    List<CelFunctionBinding> bindings = new ArrayList<>(List.of(
        CelFunctionBinding.from("sluice_is_nan_double", Double.class, x -> x.isNaN()),
        CelFunctionBinding.from("sluice_is_inf_double", Double.class, x -> x.isInfinite()),
        CelFunctionBinding.from("sluice_is_empty_list", List.class, List::isEmpty),
        CelFunctionBinding.from("sluice_default_double", Double.class, Double.class,
            (x, fallback) -> x.isNaN() ? fallback : x),
        CelFunctionBinding.from("sluice_default_list", List.class, Double.class, ConditionFunctions::defaultOf),
        CelFunctionBinding.from("sluice_is_nil_double", Double.class, x -> false),
        CelFunctionBinding.from("sluice_is_nil_list", List.class, List::isEmpty),
        CelFunctionBinding.from("sluice_value_or_double", Double.class, Double.class, (x, fallback) -> x),
        CelFunctionBinding.from("sluice_value_or_list", List.class, Double.class, ConditionFunctions::valueOr),
        CelFunctionBinding.from("sluice_as_int_double", Double.class, ConditionFunctions::asInt),
        CelFunctionBinding.from("sluice_as_int_int", Long.class, x -> x),
        CelFunctionBinding.from("sluice_as_int_string", String.class, ConditionFunctions::asInt),
        CelFunctionBinding.from("sluice_as_float_double", Double.class, x -> x),
        CelFunctionBinding.from("sluice_as_float_int", Long.class, x -> (double) x),
        CelFunctionBinding.from("sluice_as_float_string", String.class, ConditionFunctions::asFloat),
        CelFunctionBinding.from("sluice_abs_double", Double.class, Math::abs),
        CelFunctionBinding.from("sluice_abs_int", Long.class, Math::abs),
        CelFunctionBinding.from("sluice_ceil_double", Double.class, Math::ceil),
        CelFunctionBinding.from("sluice_floor_double", Double.class, Math::floor),
        CelFunctionBinding.from("sluice_round_double", Double.class, ConditionFunctions::roundHalfAwayFromZero)));
    aggregate(bindings, "max", values -> values.stream().mapToDouble(Double::doubleValue).reduce(ConditionFunctions::max));
    aggregate(bindings, "min", values -> values.stream().mapToDouble(Double::doubleValue).reduce(ConditionFunctions::min));
    aggregate(bindings, "sum", values -> java.util.OptionalDouble.of(
        values.stream().mapToDouble(Double::doubleValue).sum()));
    aggregate(bindings, "mean", values -> values.stream().mapToDouble(Double::doubleValue).average());
    comparison(bindings, "less", (a, b) -> a < b);
    comparison(bindings, "less_equals", (a, b) -> a <= b);
    comparison(bindings, "greater", (a, b) -> a > b);
    comparison(bindings, "greater_equals", (a, b) -> a >= b);
    bindings.addAll(StrictEquality.bindings(acrossKinds));
    return List.copyOf(bindings);
  }

  private static Object defaultOf(List<?> values, Double fallback) throws CelEvaluationException {
    if (values.isEmpty()) {
      return fallback;
    }
    if (values.size() > 1) {
      throw new CelEvaluationException("default() needs at most one value, the query returned " + values.size()
          + "; use default(result[i], fallback) or aggregate the query");
    }
    double value = (Double) values.get(0);
    return Double.isNaN(value) ? fallback : value;
  }

  /** Argo's {@code default}: the value as it is (NaN included), or the fallback when the query returned nothing. */
  private static Object valueOr(List<?> values, Double fallback) throws CelEvaluationException {
    if (values.isEmpty()) {
      return fallback;
    }
    if (values.size() > 1) {
      throw new CelEvaluationException("default() needs at most one value, the query returned " + values.size()
          + "; aggregate the query or test every value with all(result, ...)");
    }
    return values.get(0);
  }

  /** Argo's asInt: truncates toward zero; a string must be a whole number. */
  private static Object asInt(Double value) throws CelEvaluationException {
    if (value.isNaN() || value.isInfinite()) {
      throw new CelEvaluationException("asInt() of " + dev.sluice.analysis.MetricValue.format(value) + " is not a number");
    }
    return (long) value.doubleValue();
  }

  private static Object asInt(String text) throws CelEvaluationException {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new CelEvaluationException("asInt(): \"" + text + "\" is not a whole number");
    }
  }

  /** Argo's asFloat of a string, read as Go reads floats: decimal, NaN and Inf spelled in any case. */
  private static Object asFloat(String text) throws CelEvaluationException {
    String lower = text.toLowerCase(java.util.Locale.ROOT);
    switch (lower) {
      case "nan" -> {
        return Double.NaN;
      }
      case "inf", "+inf", "infinity", "+infinity" -> {
        return Double.POSITIVE_INFINITY;
      }
      case "-inf", "-infinity" -> {
        return Double.NEGATIVE_INFINITY;
      }
      default -> {
        // Java also reads "1d", "1f" and hex floats; Go does not.
        if (!lower.matches("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(e[+-]?[0-9]+)?")) {
          throw new CelEvaluationException("asFloat(): \"" + text + "\" is not a number");
        }
        return Double.parseDouble(text);
      }
    }
  }

  /** Go's math.Round: halves away from zero (Java's Math.round rounds them up). */
  private static Object roundHalfAwayFromZero(Double value) {
    if (value.isNaN() || value.isInfinite()) {
      return value;
    }
    return Math.copySign(Math.floor(Math.abs(value) + 0.5), value);
  }

  /** Like Go's math.Max: NaN if either is NaN. */
  private static double max(double a, double b) {
    return Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.max(a, b);
  }

  private static double min(double a, double b) {
    return Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.min(a, b);
  }

  private interface Aggregate {
    java.util.OptionalDouble of(List<Double> values);
  }

  private static void aggregate(List<CelFunctionBinding> out, String name, Aggregate aggregate) {
    out.add(CelFunctionBinding.from("sluice_" + name + "_double", Double.class, x -> x));
    out.add(CelFunctionBinding.from("sluice_" + name + "_list", List.class, values -> {
      @SuppressWarnings("unchecked")
      java.util.OptionalDouble value = aggregate.of((List<Double>) values);
      if (value.isEmpty()) {
        throw new CelEvaluationException(name + "() of no values");
      }
      return value.getAsDouble();
    }));
  }

  /** Java's primitive comparison operators already follow IEEE 754: false whenever an operand is NaN. */
  private static void comparison(List<CelFunctionBinding> out, String id, BiPredicate<Double, Double> op) {
    out.add(CelFunctionBinding.from(id + "_double_int64", Double.class, Long.class,
        (a, b) -> op.test(a, (double) b)));
    out.add(CelFunctionBinding.from(id + "_int64_double", Long.class, Double.class,
        (a, b) -> op.test((double) a, b)));
    out.add(CelFunctionBinding.from(id + "_double_uint64", Double.class, UnsignedLong.class,
        (a, b) -> op.test(a, b.doubleValue())));
    out.add(CelFunctionBinding.from(id + "_uint64_double", UnsignedLong.class, Double.class,
        (a, b) -> op.test(a.doubleValue(), b)));
  }
}
