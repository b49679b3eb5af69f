package dev.sluice.analysis.condition;

import dev.cel.common.ast.CelExpr;
import dev.cel.common.ast.CelExpr.ExprKind.Kind;
import dev.cel.runtime.CelEvaluationListener;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Counts what one evaluation of a condition costs and stops it past {@link #LIMIT}. cel-java 0.14 has no runtime
 * cost tracking, and its iteration budget counts comprehension steps only: {@code result.all(x, x in result)} takes
 * 100k steps over 100k samples but compares 10^10 numbers (about 90 s of CPU). So the cost is counted here, through
 * the evaluation listener that cel-java calls after every sub-expression:
 *
 * <ul>
 *   <li>1 per sub-expression evaluated;
 *   <li>for a list operation that visits every element ({@code in}, {@code ==}, {@code !=}, {@code +}, and the
 *       aggregates {@code max}, {@code min}, {@code sum}, {@code mean}), the size of each list operand.
 * </ul>
 *
 * The count is deterministic (the same condition and result always cost the same), unlike a deadline. A comprehension's
 * own accumulator is not charged: cel-java appends to it in place, so {@code map} and {@code filter} stay linear.
 * Past the limit every later callback throws again, so a {@code ||} or {@code &&} that absorbs an error cannot carry
 * the evaluation on. An interrupted thread stops the evaluation too. One instance per evaluation; not thread-safe.
 */
final class EvaluationCost implements CelEvaluationListener {
  /** About a second of CPU at worst; a linear condition over 100k samples costs under 1M. */
  static final long LIMIT = 10_000_000;
  private static final Set<String> LIST_WALKS = Set.of("@in", "_==_", "_!=_", "_+_", "max", "min", "sum", "mean");
  private static final Set<String> ACCUMULATORS = Set.of("@result", "__result__");

  private final long limit;
  private long spent;
  /** Sizes of the list values seen, by expression id: the operands of a later list operation. */
  private final Map<Long, Integer> listSizes = new HashMap<>();

  EvaluationCost() {
    this(LIMIT);
  }

  EvaluationCost(long limit) {
    this.limit = limit;
  }

  @Override
  public void callback(CelExpr expr, Object value) {
    spent++;
    Kind kind = expr.exprKind().getKind();
    if (value instanceof Collection<?> list
        && !(kind == Kind.IDENT && ACCUMULATORS.contains(expr.ident().name()))) {
      listSizes.put(expr.id(), list.size());
    }
    if (kind == Kind.CALL && LIST_WALKS.contains(expr.call().function())) {
      for (CelExpr arg : expr.call().args()) {
        Integer size = listSizes.get(arg.id());
        if (size != null) {
          spent += size;
        }
      }
    }
    if (spent > limit) {
      throw new Exceeded(limit);
    }
    if (Thread.currentThread().isInterrupted()) {
      throw new Interrupted();
    }
  }

  long spent() {
    return spent;
  }

  /** The evaluation cost more than the limit. Unchecked: it has to cross cel-java's interpreter. */
  static final class Exceeded extends RuntimeException {
    Exceeded(long limit) {
      super("condition exceeds its evaluation cost limit of " + String.format("%,d", limit)
          + " (each sub-expression evaluated, and each list element that in, ==, !=, + or an aggregate visits,"
          + " costs 1);"
          + " avoid in, == or + on result inside all/exists/map/filter, or aggregate in the query", null, false, false);
    }
  }

  static final class Interrupted extends RuntimeException {
    Interrupted() {
      super("condition evaluation was interrupted", null, false, false);
    }
  }
}
