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
 * <p>Users write {@code result > 0} (an int literal) as they do in Argo Rollouts. CEL accepts that with heterogeneous
 * numeric comparisons, but cel-java implements those with {@link Double#compare}, which orders NaN above every number:
 * {@code NaN > 0} would be true and a run could pass on a NaN result. Those overloads are replaced by ones with IEEE
 * semantics (every comparison with NaN is false), like the double-double comparisons and like Argo's expression
 * language.
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
            CelOverloadDecl.newGlobalOverload("sluice_default_list", SimpleType.DOUBLE, DOUBLES, SimpleType.DOUBLE)));
  }

  /** The standard runtime functions minus the mixed double/integer comparisons that {@link #bindings()} replaces. */
  static CelStandardFunctions standardFunctions() {
    return CelStandardFunctions.newBuilder()
        .filterFunctions((function, overload) ->
            !(overload instanceof Enum<?> e && MIXED_COMPARISON.matcher(e.name()).matches()))
        .build();
  }

  static List<CelFunctionBinding> bindings() {
    List<CelFunctionBinding> bindings = new ArrayList<>(List.of(
        CelFunctionBinding.from("sluice_is_nan_double", Double.class, x -> x.isNaN()),
        CelFunctionBinding.from("sluice_is_inf_double", Double.class, x -> x.isInfinite()),
        CelFunctionBinding.from("sluice_is_empty_list", List.class, List::isEmpty),
        CelFunctionBinding.from("sluice_default_double", Double.class, Double.class,
            (x, fallback) -> x.isNaN() ? fallback : x),
        CelFunctionBinding.from("sluice_default_list", List.class, Double.class, ConditionFunctions::defaultOf)));
    comparison(bindings, "less", (a, b) -> a < b);
    comparison(bindings, "less_equals", (a, b) -> a <= b);
    comparison(bindings, "greater", (a, b) -> a > b);
    comparison(bindings, "greater_equals", (a, b) -> a >= b);
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
