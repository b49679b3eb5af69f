package dev.sluice.analysis.condition;

import dev.cel.common.CelValidationResult;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.ast.CelExpr.ExprKind.Kind;
import dev.cel.common.navigation.CelNavigableAst;

/**
 * Finds an index by a negative number ({@code result[-1]}) in a parsed CEL expression. CEL refuses such an index every
 * time it runs; Argo's expression language counts it from the end. So an expression that has one is read as Argo's.
 */
final class NegativeIndex {
  private NegativeIndex() {
  }

  static boolean in(CelValidationResult parsed) {
    if (parsed.hasError()) {
      return false;
    }
    try {
      return CelNavigableAst.fromAst(parsed.getAst()).getRoot().allNodes()
          .map(node -> node.expr())
          .anyMatch(NegativeIndex::isNegativeIndex);
    } catch (dev.cel.common.CelValidationException e) {
      return false;
    }
  }

  private static boolean isNegativeIndex(CelExpr expr) {
    if (expr.exprKind().getKind() != Kind.CALL || !expr.call().function().equals("_[_]")
        || expr.call().args().size() != 2) {
      return false;
    }
    CelExpr key = expr.call().args().get(1);
    if (key.exprKind().getKind() == Kind.CONSTANT) {
      CelConstant constant = key.constant();
      return constant.getKind() == CelConstant.Kind.INT64_VALUE && constant.int64Value() < 0;
    }
    return key.exprKind().getKind() == Kind.CALL && key.call().function().equals("-_");
  }
}
