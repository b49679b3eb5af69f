package dev.sluice.analysis.condition;

import static dev.sluice.analysis.condition.CelFragments.binary;
import static dev.sluice.analysis.condition.CelFragments.celString;
import static dev.sluice.analysis.condition.CelFragments.conditional;
import static dev.sluice.analysis.condition.CelFragments.index;
import static dev.sluice.analysis.condition.CelFragments.toDouble;
import static dev.sluice.analysis.condition.CelFragments.unary;

import dev.sluice.analysis.condition.CelFragments.Frag;
import dev.sluice.analysis.condition.CelFragments.Type;
import dev.sluice.analysis.condition.ArgoExprLexer.Kind;
import dev.sluice.analysis.condition.ArgoExprLexer.Token;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Translates a condition written in Argo Rollouts' expression language (expr-lang, as Argo's docs and examples write
 * conditions) into an equivalent CEL expression, which {@link ConditionCompiler} then type-checks and runs under the
 * same cost bounds as any CEL condition.
 *
 * <p>The parser follows expr-lang's operator precedence ({@code or}/{@code ||} lowest, then {@code and}/{@code &&},
 * comparisons and {@code in}/{@code matches}/{@code contains}, {@code +}/{@code -}, {@code *}/{@code /}/{@code %},
 * unary operators, member access and indexing) and puts explicit parentheses around every operation in the output.
 *
 * <p>What changes in translation, so that the CEL gives the answer expr-lang gives:
 * <ul>
 *   <li>expr-lang compares and computes across int and float; CEL does not. An integer operand next to a float is
 *       made a float ({@code result == 1} becomes {@code result == 1.0}); {@code /} always divides as floats;</li>
 *   <li>a negative index counts from the end ({@code result[-1]} is the last value);</li>
 *   <li>builtins become CEL: {@code len} is {@code size}, {@code all}/{@code any}/{@code none}/{@code one}/
 *       {@code filter}/{@code map}/{@code count} with a {@code #} predicate become macros, {@code float} is
 *       {@code double};</li>
 *   <li>Argo's helpers: {@code isNil(x)} and {@code default(x, d)} read the query's result whatever their first
 *       argument, as Argo's do; {@code default} keeps NaN (unlike Sluice's CEL {@code default}), so it is
 *       {@code valueOr}. {@code asInt}, {@code asFloat}, {@code isNaN}, {@code isInf} keep their names.</li>
 * </ul>
 * Anything else (slices, {@code ??}, pipes, map literals, methods) is refused with a message naming it.
 *
 * <p>An expression over objects ({@link #toCel(String, Set)}: a notification trigger's {@code when} reading
 * {@code rollout}) names its variables instead of {@code result}, and reads fields and indexes as expr-lang does,
 * through {@link ObjectFetch}: a key a map lacks is {@code nil} (so {@code rollout.metadata.labels.team == 'x'} is
 * false for a Rollout without that label), reading from {@code nil} is an error, a negative index counts from the end.
 */
final class ArgoExprTranslator {
  /** The element a {@code #} or {@code .field} inside a predicate stands for. */
  private record Closure(String variable, Type element) {
  }

  private static final Map<String, Integer> BINARY = Map.ofEntries(
      Map.entry("or", 10), Map.entry("||", 10),
      Map.entry("and", 15), Map.entry("&&", 15),
      Map.entry("==", 20), Map.entry("!=", 20), Map.entry("<", 20), Map.entry(">", 20), Map.entry("<=", 20),
      Map.entry(">=", 20), Map.entry("in", 20), Map.entry("matches", 20),
      Map.entry("contains", 20), Map.entry("startsWith", 20), Map.entry("endsWith", 20),
      Map.entry("..", 25),
      Map.entry("+", 30), Map.entry("-", 30),
      Map.entry("*", 60), Map.entry("/", 60), Map.entry("%", 60),
      Map.entry("**", 100), Map.entry("^", 100),
      Map.entry("??", 500));
  private static final Map<String, Integer> UNARY = Map.of("not", 50, "!", 50, "-", 90, "+", 90);
  private static final Set<String> NEGATABLE = Set.of("in", "contains", "matches", "startsWith", "endsWith");
  private static final Set<String> PREDICATE_BUILTINS = Set.of("all", "any", "none", "one", "filter", "map", "count");
  private static final Set<String> MATH_BUILTINS = Set.of("max", "min", "sum", "mean");
  private static final Set<String> CEL_RESERVED = Set.of("as", "break", "const", "continue", "else", "for",
      "function", "if", "import", "let", "loop", "package", "namespace", "return", "var", "void", "while", "in",
      "null", "true", "false");

  private final List<Token> tokens;
  /** The variables of an expression over objects; empty for an analysis condition, which reads {@code result}. */
  private final Set<String> objects;
  private final Deque<Closure> closures = new ArrayDeque<>();
  private int index;

  private ArgoExprTranslator(List<Token> tokens, Set<String> objects) {
    this.tokens = tokens;
    this.objects = objects;
  }

  /** The CEL equivalent of an analysis condition; throws when it is not expr-lang this translator understands. */
  static String toCel(String expression) throws InvalidConditionException {
    return toCel(expression, Set.of());
  }

  /**
   * The CEL equivalent of an expression over the named object variables (maps, lists, strings, numbers as doubles,
   * as decoded JSON), with expr-lang's field access; throws when it is not expr-lang this translator understands.
   */
  static String toCel(String expression, Set<String> objects) throws InvalidConditionException {
    ArgoExprTranslator translator = new ArgoExprTranslator(ArgoExprLexer.tokens(expression), objects);
    Frag frag = translator.parseExpression(0);
    if (translator.current().kind() != Kind.EOF) {
      throw translator.unexpected();
    }
    return frag.cel();
  }

  // ---- parsing (precedence climbing, as expr-lang's parser) ----

  private Frag parseExpression(int minPrecedence) throws InvalidConditionException {
    Frag left = parsePrimary();
    while (true) {
      String op = binaryOperator();
      if (op == null || BINARY.get(op.startsWith("not ") ? op.substring(4) : op) < minPrecedence) {
        break;
      }
      int precedence = BINARY.get(op.startsWith("not ") ? op.substring(4) : op);
      index += op.startsWith("not ") ? 2 : 1;
      boolean rightAssociative = op.equals("**") || op.equals("^");
      Frag right = parseExpression(rightAssociative ? precedence : precedence + 1);
      left = binary(op, left, right);
    }
    if (minPrecedence == 0) {
      while (current().is("?")) {
        index++;
        if (current().is(":")) {
          throw unsupported("the ?: operator");
        }
        Frag whenTrue = parseExpression(0);
        expect(":");
        Frag whenFalse = parseExpression(0);
        left = conditional(left, whenTrue, whenFalse);
      }
      if (current().is("|")) {
        throw unsupported("the pipe operator |");
      }
    }
    return left;
  }

  /** The binary operator at the current token, or null. */
  private String binaryOperator() {
    Token token = current();
    if (token.kind() == Kind.PUNCT && BINARY.containsKey(token.text())) {
      return token.text();
    }
    if (token.kind() == Kind.IDENT) {
      // expr-lang's negated operators: "not in", "not contains", "not matches", "not startsWith", "not endsWith".
      if (token.text().equals("not") && peek(1).kind() == Kind.IDENT && NEGATABLE.contains(peek(1).text())) {
        return "not " + peek(1).text();
      }
      if (BINARY.containsKey(token.text()) && Character.isLetter(token.text().charAt(0))) {
        return token.text();
      }
    }
    return null;
  }

  private Frag parsePrimary() throws InvalidConditionException {
    Token token = current();
    String unary = token.kind() == Kind.PUNCT || token.isWord("not") ? token.text() : null;
    if (unary != null && UNARY.containsKey(unary)) {
      index++;
      Frag operand = parseExpression(UNARY.get(unary));
      return parsePostfix(unary(unary, operand));
    }
    if (token.is("(")) {
      index++;
      Frag inner = parseExpression(0);
      expect(")");
      return parsePostfix(inner);
    }
    return parsePostfix(parseSecondary());
  }

  private Frag parseSecondary() throws InvalidConditionException {
    Token token = current();
    switch (token.kind()) {
      case INT -> {
        index++;
        long value = Long.parseLong(token.text());
        return new Frag(Long.toString(value), Type.INT, value);
      }
      case FLOAT -> {
        index++;
        return new Frag(token.text(), Type.DOUBLE);
      }
      case STRING -> {
        index++;
        return new Frag(celString(token.text()), Type.STRING);
      }
      case POINTER -> {
        index++;
        if (!token.text().isEmpty()) {
          throw unsupported("#" + token.text());
        }
        Closure closure = closures.peek();
        if (closure == null) {
          throw new InvalidConditionException(at(token) + "# is only valid inside a predicate, e.g. all(result, # < 1)");
        }
        return new Frag(closure.variable(), closure.element());
      }
      case IDENT -> {
        index++;
        return identifier(token);
      }
      case PUNCT -> {
        if (token.is("[")) {
          index++;
          return arrayLiteral();
        }
        if (token.is(".") && peek(1).kind() == Kind.IDENT && !closures.isEmpty()) {
          // ".field" inside a predicate is "#.field": the element, then the member access as a postfix.
          return new Frag(closures.peek().variable(), closures.peek().element());
        }
        if (token.is("{")) {
          throw unsupported("a map literal or a predicate outside all/any/none/one/filter/map/count");
        }
        throw unexpected();
      }
      default -> throw unexpected();
    }
  }

  private Frag identifier(Token token) throws InvalidConditionException {
    String name = token.text();
    if (current().is("(")) {
      index++;
      return call(token);
    }
    if (objects.contains(name)) {
      return new Frag(name, Type.DYN);
    }
    return switch (name) {
      case "true", "false" -> new Frag(name, Type.BOOL);
      case "nil" -> new Frag("null", Type.NULL);
      default -> {
        if (objects.isEmpty() && name.equals("result")) {
          yield new Frag("result", Type.RESULT);
        }
        if (!objects.isEmpty() && name.equals("time")) {
          throw unsupported("Argo's time functions (time.Now(), time.Parse())");
        }
        throw new InvalidConditionException(at(token) + "unknown name " + name
            + (objects.isEmpty() ? "" : "; the expression may read " + String.join(", ", new java.util.TreeSet<>(objects))));
      }
    };
  }

  private Frag parsePostfix(Frag node) throws InvalidConditionException {
    while (true) {
      Token token = current();
      if (token.is(".") || token.is("?.")) {
        if (token.is("?.")) {
          throw unsupported("?.");
        }
        index++;
        Token field = current();
        if (field.kind() != Kind.IDENT) {
          throw unexpected();
        }
        index++;
        if (current().is("(")) {
          throw unsupported("method calls (" + field.text() + "())");
        }
        if (!objects.isEmpty()) {
          node = ObjectFetch.of(node, new Frag(celString(field.text()), Type.STRING));
        } else if (CEL_RESERVED.contains(field.text())) {
          node = new Frag(node.cel() + "[" + celString(field.text()) + "]", Type.DYN);
        } else {
          node = new Frag(node.cel() + "." + field.text(), Type.DYN);
        }
      } else if (token.is("[")) {
        index++;
        if (current().is(":")) {
          throw unsupported("slices (a[i:j])");
        }
        Frag key = parseExpression(0);
        if (current().is(":")) {
          throw unsupported("slices (a[i:j])");
        }
        expect("]");
        node = objects.isEmpty() ? index(node, key) : ObjectFetch.of(node, key);
      } else {
        return node;
      }
    }
  }

  private Frag arrayLiteral() throws InvalidConditionException {
    List<Frag> items = new ArrayList<>();
    if (!current().is("]")) {
      do {
        if (current().is("]")) {
          break; // trailing comma
        }
        items.add(parseExpression(0));
      } while (accept(","));
    }
    expect("]");
    boolean numeric = !items.isEmpty() && items.stream().allMatch(f -> f.type() == Type.INT || f.type() == Type.DOUBLE);
    boolean anyDouble = items.stream().anyMatch(f -> f.type() == Type.DOUBLE);
    List<Frag> unified = numeric && anyDouble ? items.stream().map(CelFragments::toDouble).toList() : items;
    String cel = unified.stream().map(Frag::cel).collect(Collectors.joining(", ", "[", "]"));
    return new Frag(cel, numeric && anyDouble ? Type.NUMBERS : Type.DYN);
  }

  private List<Frag> arguments() throws InvalidConditionException {
    List<Frag> args = new ArrayList<>();
    if (!current().is(")")) {
      do {
        args.add(parseExpression(0));
      } while (accept(","));
    }
    expect(")");
    return args;
  }

  // ---- builtins ----

  private Frag call(Token function) throws InvalidConditionException {
    String name = function.text();
    if (PREDICATE_BUILTINS.contains(name)) {
      return predicateCall(function);
    }
    List<Frag> args = arguments();
    return switch (name) {
      case "len" -> {
        arity(function, args, 1);
        yield new Frag("size(" + args.get(0).cel() + ")", Type.INT);
      }
      case "isNaN", "isInf" -> {
        arity(function, args, 1);
        yield new Frag(name + "(" + toDouble(args.get(0)).cel() + ")", Type.BOOL);
      }
      // Argo's isNil and default look at the metric's result whatever they are given.
      case "isNil" -> {
        analysisOnly(function);
        arity(function, args, 1);
        yield new Frag("isNil(result)", Type.BOOL);
      }
      case "default" -> {
        analysisOnly(function);
        arity(function, args, 2);
        yield new Frag("valueOr(result, " + toDouble(args.get(1)).cel() + ")", Type.DOUBLE);
      }
      case "asInt" -> {
        arity(function, args, 1);
        yield new Frag("asInt(" + args.get(0).cel() + ")", Type.INT);
      }
      case "asFloat" -> {
        arity(function, args, 1);
        yield new Frag("asFloat(" + args.get(0).cel() + ")", Type.DOUBLE);
      }
      case "int" -> {
        arity(function, args, 1);
        yield new Frag("int(" + args.get(0).cel() + ")", Type.INT);
      }
      case "float" -> {
        arity(function, args, 1);
        yield new Frag("double(" + args.get(0).cel() + ")", Type.DOUBLE);
      }
      case "string" -> {
        arity(function, args, 1);
        yield new Frag("string(" + args.get(0).cel() + ")", Type.STRING);
      }
      case "abs" -> {
        arity(function, args, 1);
        Frag arg = args.get(0);
        yield new Frag("abs(" + arg.cel() + ")", arg.type() == Type.INT ? Type.INT : Type.DOUBLE);
      }
      case "ceil", "floor", "round" -> {
        arity(function, args, 1);
        yield new Frag(name + "(" + toDouble(args.get(0)).cel() + ")", Type.DOUBLE);
      }
      default -> {
        if (MATH_BUILTINS.contains(name)) {
          yield math(function, args);
        }
        throw new InvalidConditionException(at(function) + "unknown function " + name
            + "(); conditions may use len, all, any, none, one, filter, map, count, isNaN, isInf, isNil, default,"
            + " asInt, asFloat, int, float, string, abs, ceil, floor, round, max, min, sum, mean");
      }
    };
  }

  /** {@code max(result)} over a list, {@code max(a, b, ...)} over its arguments (all as floats). */
  private Frag math(Token function, List<Frag> args) throws InvalidConditionException {
    String name = function.text();
    if (args.isEmpty()) {
      throw new InvalidConditionException(at(function) + name + "() needs an argument");
    }
    if (args.size() == 1) {
      Frag only = args.get(0);
      return new Frag(name + "(" + (only.type() == Type.INT ? toDouble(only) : only).cel() + ")", Type.DOUBLE);
    }
    String list = args.stream().map(a -> toDouble(a).cel()).collect(Collectors.joining(", ", "[", "]"));
    return new Frag(name + "(" + list + ")", Type.DOUBLE);
  }

  private Frag predicateCall(Token function) throws InvalidConditionException {
    String name = function.text();
    Frag collection = parseExpression(0);
    if (!accept(",")) {
      throw new InvalidConditionException(at(function) + name + "() needs a collection and a predicate, e.g. "
          + name + "(result, # < 1)");
    }
    Type element = collection.type() == Type.NUMBERS || collection.type() == Type.RESULT ? Type.DOUBLE : Type.DYN;
    String variable = "x" + closures.size();
    closures.push(new Closure(variable, element));
    Frag predicate;
    try {
      if (accept("{")) {
        predicate = parseExpression(0);
        expect("}");
      } else {
        predicate = parseExpression(0);
      }
    } finally {
      closures.pop();
    }
    expect(")");
    String c = collection.cel();
    String p = predicate.cel();
    return switch (name) {
      case "all" -> new Frag(c + ".all(" + variable + ", " + p + ")", Type.BOOL);
      case "any" -> new Frag(c + ".exists(" + variable + ", " + p + ")", Type.BOOL);
      case "none" -> new Frag(c + ".all(" + variable + ", !(" + p + "))", Type.BOOL);
      case "one" -> new Frag(c + ".exists_one(" + variable + ", " + p + ")", Type.BOOL);
      case "filter" -> new Frag(c + ".filter(" + variable + ", " + p + ")", element == Type.DOUBLE ? Type.NUMBERS : Type.DYN);
      case "map" -> new Frag(c + ".map(" + variable + ", " + (predicate.type() == Type.INT ? toDouble(predicate).cel() : p)
          + ")", predicate.type() == Type.DOUBLE || predicate.type() == Type.INT ? Type.NUMBERS : Type.DYN);
      case "count" -> new Frag("size(" + c + ".filter(" + variable + ", " + p + "))", Type.INT);
      default -> throw new IllegalStateException(name);
    };
  }

  // ---- tokens ----

  private Token current() {
    return tokens.get(index);
  }

  private Token peek(int ahead) {
    return tokens.get(Math.min(index + ahead, tokens.size() - 1));
  }

  private boolean accept(String punct) {
    if (current().is(punct)) {
      index++;
      return true;
    }
    return false;
  }

  private void expect(String punct) throws InvalidConditionException {
    if (!accept(punct)) {
      throw new InvalidConditionException(at(current()) + "expected " + punct + describe(current()));
    }
  }

  private InvalidConditionException unexpected() {
    Token token = current();
    return new InvalidConditionException(at(token) + "unexpected " + (token.kind() == Kind.EOF ? "end of expression"
        : "token " + token.text()));
  }

  private InvalidConditionException unsupported(String what) {
    return new InvalidConditionException(at(current()) + what + " is not supported in conditions");
  }

  private static String describe(Token token) {
    return token.kind() == Kind.EOF ? " at the end" : ", found " + token.text();
  }

  private static String at(Token token) {
    return "at character " + token.column() + ": ";
  }

  /** Argo's analysis helpers read the metric's result, which an expression over objects has not. */
  private void analysisOnly(Token function) throws InvalidConditionException {
    if (!objects.isEmpty()) {
      throw new InvalidConditionException(at(function) + function.text() + "() reads an analysis result; compare with"
          + " nil instead (x == nil)");
    }
  }

  private static void arity(Token function, List<Frag> args, int expected) throws InvalidConditionException {
    if (args.size() != expected) {
      throw new InvalidConditionException(at(function) + function.text() + "() takes " + expected + " argument"
          + (expected == 1 ? "" : "s") + ", got " + args.size());
    }
  }
}
