package dev.sluice.analysis.condition;

import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.NullValue;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.sluice.analysis.condition.CelFragments.Frag;
import dev.sluice.analysis.condition.CelFragments.Type;
import java.util.List;
import java.util.Map;

/**
 * expr-lang's member access and indexing ({@code a.b}, {@code a['b']}, {@code a[0]}) on decoded JSON, as the CEL
 * function {@code fetch(from, key)}. CEL's own {@code a.b} is an error when the key is missing; expr-lang's is
 * {@code nil}, and Argo's trigger conditions rely on that ({@code rollout.metadata.labels.team == 'x'} is false for a
 * Rollout without the label, not an error). As in expr-lang, reading anything from {@code nil} is an error, an index
 * out of range is an error, and a negative index counts from the end.
 */
final class ObjectFetch {
  static final String FUNCTION = "fetch";
  private static final String OVERLOAD = "sluice_fetch_dyn_dyn";

  private ObjectFetch() {
  }

  /** The translated access {@code from[key]}. */
  static Frag of(Frag from, Frag key) {
    return new Frag(FUNCTION + "(" + from.cel() + ", " + key.cel() + ")", Type.DYN);
  }

  static CelFunctionDecl declaration() {
    return CelFunctionDecl.newFunctionDeclaration(FUNCTION,
        CelOverloadDecl.newGlobalOverload(OVERLOAD, SimpleType.DYN, SimpleType.DYN, SimpleType.DYN));
  }

  static CelFunctionBinding binding() {
    return CelFunctionBinding.from(OVERLOAD, Object.class, Object.class, ObjectFetch::fetch);
  }

  static Object fetch(Object from, Object key) throws CelEvaluationException {
    if (from instanceof Map<?, ?> map) {
      Object value = map.get(key instanceof String ? key : String.valueOf(key));
      return value == null ? NullValue.NULL_VALUE : value;
    }
    if (from instanceof List<?> list) {
      long i = index(key);
      long at = i < 0 ? list.size() + i : i;
      if (at < 0 || at >= list.size()) {
        throw new CelEvaluationException("index " + i + " out of range (the list has " + list.size() + " items)");
      }
      return list.get((int) at);
    }
    String what = from == null || from instanceof NullValue ? "nil" : "a " + kind(from);
    throw new CelEvaluationException("cannot read " + describe(key) + " from " + what);
  }

  private static long index(Object key) throws CelEvaluationException {
    if (key instanceof Long l) {
      return l;
    }
    if (key instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
      return d.longValue();
    }
    throw new CelEvaluationException("a list is indexed by a whole number, not " + describe(key));
  }

  private static String describe(Object key) {
    if (key instanceof String s) {
      return "'" + (s.length() <= 60 ? s : s.substring(0, 60) + "...") + "'";
    }
    return key instanceof Number n ? "[" + n + "]" : kind(key);
  }

  private static String kind(Object value) {
    if (value instanceof String) {
      return "string";
    }
    if (value instanceof Number) {
      return "number";
    }
    if (value instanceof Boolean) {
      return "bool";
    }
    return value == null || value instanceof NullValue ? "nil" : value.getClass().getSimpleName();
  }
}
