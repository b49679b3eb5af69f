package dev.sluice.analysis.condition;

import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Compiles conditions over objects written in Argo Rollouts' expression language (expr-lang), such as a notification
 * trigger's {@code when: rollout.status.phase == 'Degraded'}: translated to CEL by {@link ArgoExprTranslator} (the
 * translation analysis conditions use, with expr-lang's field access) and run on the same CEL runtime, with the same
 * helper functions and cost bound. Each variable is any decoded JSON value. Compiled conditions (and errors) are
 * cached by text. Thread-safe; share one instance per set of variables.
 */
public final class ObjectConditionCompiler {
  private static final int CACHE_SIZE = 256;
  private static final int MAX_COMPREHENSION_ITERATIONS = 100_000;

  private final Set<String> variables;
  /** Built at the first compile, as in {@link ConditionCompiler}: CEL's classes load only when a condition is used. */
  private final BuiltOnFirstUse<Cel> cel;
  private final CompiledConditions<ObjectCondition> cache =
      new CompiledConditions<>(ObjectCondition.class, CACHE_SIZE, this::doCompile);

  public ObjectConditionCompiler(Set<String> variables) {
    if (variables.isEmpty()) {
      throw new IllegalArgumentException("a condition over objects reads at least one variable");
    }
    this.variables = Set.copyOf(variables);
    this.cel = new BuiltOnFirstUse<>(() -> Cel.build(this.variables));
  }

  private record Cel(CelCompiler compiler, CelRuntime runtime) {
    static Cel build(Set<String> variables) {
      CelOptions options = CelOptions.current()
          .enableHeterogeneousNumericComparisons(true)
          .comprehensionMaxIterations(MAX_COMPREHENSION_ITERATIONS)
          .build();
      var builder = CelCompilerFactory.standardCelCompilerBuilder()
          .setOptions(options)
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addFunctionDeclarations(ConditionFunctions.declarations())
          .addFunctionDeclarations(ObjectFetch.declaration())
          .setResultType(SimpleType.BOOL);
      variables.forEach(name -> builder.addVar(name, SimpleType.DYN));
      return new Cel(builder.build(), CelRuntimeFactory.standardCelRuntimeBuilder()
          .setOptions(options)
          .setStandardEnvironmentEnabled(false)
          .setStandardFunctions(ConditionFunctions.standardFunctions())
          .addFunctionBindings(ConditionFunctions.bindings(StrictEquality.AcrossKinds.UNEQUAL))
          .addFunctionBindings(ObjectFetch.binding())
          .build());
    }
  }

  private Cel cel() {
    return cel.get();
  }

  public ObjectCondition compile(String expression) throws InvalidConditionException {
    return cache.get(expression);
  }

  /** An {@link ObjectCondition}, or the reason it is not one (errors are cached too). */
  private Object doCompile(String expression) {
    String cel;
    try {
      cel = ArgoExprTranslator.toCel(expression, variables);
    } catch (InvalidConditionException e) {
      return "not Argo Rollouts' expression language: " + e.getMessage();
    }
    Cel compilers = cel();
    CelValidationResult compiled = compilers.compiler().compile(cel);
    if (compiled.hasError()) {
      return "translated to CEL " + cel + ": " + compiled.getErrors().stream()
          .map(issue -> issue.getMessage().replaceAll("\\s*\\R\\s*", " ").trim())
          .collect(Collectors.joining("; "));
    }
    try {
      return new ObjectCondition(expression, cel, variables, compilers.runtime().createProgram(compiled.getAst()));
    } catch (CelValidationException | CelEvaluationException e) {
      return e.getMessage();
    }
  }
}
