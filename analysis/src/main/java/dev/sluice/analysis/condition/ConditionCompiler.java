package dev.sluice.analysis.condition;

import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Compiles success and failure conditions and caches them by expression text, so each expression is compiled once
 * per process however often it is evaluated. Thread-safe; share one instance. A condition is CEL over {@code result}
 * when it compiles as CEL, else Argo Rollouts' expression language (expr-lang) translated to CEL; both run on the same
 * CEL runtime under the same cost bounds.
 *
 * <p>See {@link Condition} for what {@code result} is and {@code ConditionFunctions} for the helper functions.
 */
public final class ConditionCompiler {
  public static final int DEFAULT_CACHE_SIZE = 1024;
  /** Bounds comprehensions ({@code all}, {@code exists}, {@code map}, ...) over large vectors. */
  private static final int MAX_COMPREHENSION_ITERATIONS = 100_000;

  /** Built at the first compile: CEL's classes (about a thousand) stay unloaded in an operator that runs no analysis. */
  private final BuiltOnFirstUse<Cel> cel = new BuiltOnFirstUse<>(Cel::build);
  private final CompiledConditions<Condition> cache;

  public ConditionCompiler() {
    this(DEFAULT_CACHE_SIZE);
  }

  public ConditionCompiler(int cacheSize) {
    this.cache = new CompiledConditions<>(Condition.class, cacheSize, this::doCompile);
  }

  /** The compilers (one per type {@code result} may have) and the runtime; all immutable and thread-safe. */
  private record Cel(CelCompiler numberCompiler, CelCompiler listCompiler, CelCompiler rowCompiler,
      CelCompiler rowsCompiler, CelCompiler jsonCompiler, CelRuntime runtime) {
    static Cel build() {
      CelOptions options = CelOptions.current()
          .enableHeterogeneousNumericComparisons(true)
          .comprehensionMaxIterations(MAX_COMPREHENSION_ITERATIONS)
          .build();
      return new Cel(compiler(options, SimpleType.DOUBLE), compiler(options, ListType.create(SimpleType.DOUBLE)),
          // New Relic's rows: result.successRate, result['average.duration'], result[0].count.
          compiler(options, MapType.create(SimpleType.STRING, SimpleType.DYN)),
          compiler(options, ListType.create(MapType.create(SimpleType.STRING, SimpleType.DYN))),
          // A web answer as it is: result == true, result == "ok", size(result) > 0 on a list of strings.
          compiler(options, SimpleType.DYN),
          CelRuntimeFactory.standardCelRuntimeBuilder()
              .setOptions(options)
              .setStandardEnvironmentEnabled(false)
              .setStandardFunctions(ConditionFunctions.standardFunctions())
              .addFunctionBindings(ConditionFunctions.bindings(StrictEquality.AcrossKinds.ERROR))
              .build());
    }
  }

  private Cel cel() {
    return cel.get();
  }

  /** The compile error of {@code expression} on one line, or empty when it compiles. For admission-time checks. */
  public Optional<String> validate(String expression) {
    try {
      compile(expression);
      return Optional.empty();
    } catch (InvalidConditionException e) {
      return Optional.of(e.getMessage());
    }
  }

  public Condition compile(String expression) throws InvalidConditionException {
    return cache.get(expression);
  }

  /**
   * A {@link Condition}, or the error message as a String (errors are cached too). Which language a condition is in:
   * CEL when it compiles as CEL (Sluice's own form), unless it indexes with a negative number ({@code result[-1]}: an
   * error in CEL, the last value in Argo); otherwise Argo Rollouts' expression language, translated to CEL by
   * {@link ArgoExprTranslator} and compiled the same way; otherwise it is invalid, with the reason in each language.
   * "Compiles" first means with {@code result} typed (numbers or rows): only when neither language types it so is a
   * form with {@code result} of any type taken, so that {@code result == 1} stays Argo's float comparison rather than
   * CEL's untyped one, and a condition a numbers-only provider can run keeps its typed form.
   */
  private Object doCompile(String expression) {
    Object asCel = compileCel(expression, expression, Condition.Language.CEL);
    CelValidationResult parsed = cel().numberCompiler().parse(expression);
    boolean celParses = !parsed.hasError();
    boolean negativeIndex = celParses && NegativeIndex.in(parsed);
    Condition celCondition = asCel instanceof Condition c && !negativeIndex ? c : null;
    if (celCondition != null && celCondition.acceptsNumbersOrRows()) {
      return celCondition;
    }
    String celError = asCel instanceof String error ? error
        : celCondition != null ? celCondition.typeError() : "CEL has no negative index";
    String translated;
    try {
      translated = ArgoExprTranslator.toCel(expression);
    } catch (InvalidConditionException e) {
      // Not expr-lang either. A text that parses as CEL is meant as CEL: its CEL error is the useful one.
      String error = celParses ? celError
          : "neither CEL (" + celError + ") nor Argo Rollouts' expression language (" + e.getMessage() + ")";
      return celCondition != null ? celCondition.withTypeError(error) : error;
    }
    Object asArgo = compileCel(translated, expression, Condition.Language.ARGO_EXPR);
    if (asArgo instanceof Condition argo && argo.acceptsNumbersOrRows()) {
      return argo;
    }
    String argoError = "as Argo Rollouts' expression language, translated to CEL " + translated + ": "
        + (asArgo instanceof Condition argo ? argo.typeError() : asArgo);
    String error = celParses ? celError + "; " + argoError : argoError;
    // Neither language types result: the condition reads a JSON value as it is (result == true), or nothing at all.
    if (celCondition != null) {
      return celCondition.withTypeError(error);
    }
    return asArgo instanceof Condition argo ? argo.withTypeError(error) : error;
  }

  private Object compileCel(String cel, String expression, Condition.Language language) {
    Cel compilers = cel();
    CelValidationResult asNumber = compilers.numberCompiler().compile(cel);
    CelValidationResult asList = compilers.listCompiler().compile(cel);
    CelValidationResult asRow = compilers.rowCompiler().compile(cel);
    CelValidationResult asRows = compilers.rowsCompiler().compile(cel);
    CelValidationResult asJson = compilers.jsonCompiler().compile(cel);
    String typeError = null;
    if (asNumber.hasError() && asList.hasError() && asRow.hasError() && asRows.hasError()) {
      String numberError = describe(asNumber);
      String listError = describe(asList);
      typeError = numberError.equals(listError) ? numberError
          : "does not type-check with result as a number (" + numberError + ") nor as a list of numbers ("
              + listError + ")";
      if (numberError.contains("(double, int)") || numberError.contains("(int, double)")) {
        typeError += "; write 1.0 rather than 1 when result is compared with == or used in arithmetic";
      }
      if (asJson.hasError()) {
        return typeError;
      }
    }
    try {
      return new Condition(expression, language, cel, program(asNumber), program(asList), program(asRow),
          program(asRows), program(asJson), typeError);
    } catch (CelValidationException | CelEvaluationException e) {
      return e.getMessage();
    }
  }

  private CelRuntime.Program program(CelValidationResult result)
      throws CelValidationException, CelEvaluationException {
    return result.hasError() ? null : cel().runtime().createProgram(result.getAst());
  }

  private static String describe(CelValidationResult result) {
    return result.getErrors().stream().map(ConditionCompiler::describe).collect(Collectors.joining("; "));
  }

  private static String describe(CelIssue issue) {
    var location = issue.getSourceLocation();
    String message = issue.getMessage().replaceAll("\\s*\\R\\s*", " ").trim();
    if (location.getLine() > 0) {
      return location.getLine() + ":" + (location.getColumn() + 1) + ": " + message;
    }
    return message;
  }

  private static CelCompiler compiler(CelOptions options, CelType resultType) {
    return CelCompilerFactory.standardCelCompilerBuilder()
        .setOptions(options)
        .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
        .addVar("result", resultType)
        .addFunctionDeclarations(ConditionFunctions.declarations())
        .setResultType(SimpleType.BOOL)
        .build();
  }
}
