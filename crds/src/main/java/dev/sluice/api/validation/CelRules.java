package dev.sluice.api.validation;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Evaluates x-kubernetes-validations rules over `self`, compiling each rule once. */
final class CelRules {
  private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
      .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
      .addVar("self", SimpleType.DYN)
      .build();
  private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

  private final Map<String, CelRuntime.Program> programs = new ConcurrentHashMap<>();

  /** What a rule said about a value: it holds, it does not, or it could not be evaluated (error says why). */
  record Outcome(boolean holds, String error) {
    boolean failedToEvaluate() {
      return error != null;
    }
  }

  Outcome evaluate(String rule, Object self) {
    try {
      return new Outcome(Boolean.TRUE.equals(programs.computeIfAbsent(rule, CelRules::compile).eval(Map.of("self", self))), null);
    } catch (CelEvaluationException e) {
      return new Outcome(false, e.getMessage());
    }
  }

  private static CelRuntime.Program compile(String rule) {
    try {
      CelAbstractSyntaxTree ast = COMPILER.compile(rule).getAst();
      return RUNTIME.createProgram(ast);
    } catch (CelValidationException | CelEvaluationException e) {
      throw new IllegalStateException("CRD rule does not compile: " + rule, e);
    }
  }
}
