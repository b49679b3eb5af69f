package dev.sluice.analysis.condition;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A bounded, least-recently-used cache of compiled conditions by their text, errors included (a condition that does
 * not compile is refused again without recompiling). Thread-safe. {@code compile} gives a compiled condition of type
 * {@code T}, or the reason it is not one as a String.
 */
final class CompiledConditions<T> {
  private final Class<T> type;
  private final Function<String, Object> compile;
  private final Map<String, Object> cache;

  CompiledConditions(Class<T> type, int size, Function<String, Object> compile) {
    this.type = type;
    this.compile = compile;
    this.cache = new LinkedHashMap<>(64, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
        return size() > size;
      }
    };
  }

  T get(String expression) throws InvalidConditionException {
    if (expression == null || expression.isBlank()) {
      throw new InvalidConditionException("condition is empty");
    }
    Object cached;
    synchronized (cache) {
      cached = cache.get(expression);
    }
    if (cached == null) {
      cached = compile.apply(expression);
      synchronized (cache) {
        cache.put(expression, cached);
      }
    }
    if (type.isInstance(cached)) {
      return type.cast(cached);
    }
    throw new InvalidConditionException((String) cached);
  }
}
