package dev.sluice.analysis.condition;

import java.util.function.Supplier;

/**
 * A value built the first time it is asked for, once, safely across threads. The condition compilers keep their CEL
 * environments in one: an operator that never compiles a condition loads none of CEL's ~1,000 classes.
 */
final class BuiltOnFirstUse<T> implements Supplier<T> {
  private final Supplier<T> build;
  private volatile T value;

  BuiltOnFirstUse(Supplier<T> build) {
    this.build = build;
  }

  @Override
  public T get() {
    T built = value;
    if (built == null) {
      synchronized (this) {
        if (value == null) {
          value = build.get();
        }
        built = value;
      }
    }
    return built;
  }
}
