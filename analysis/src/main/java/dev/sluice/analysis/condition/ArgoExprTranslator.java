package dev.sluice.analysis.condition;

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
 */
final class ArgoExprTranslator {
  /** What the translation knows of a sub-expression's type; RESULT is "a number or a list of numbers". */
  private enum Type { INT, DOUBLE, BOOL, STRING, NUMBERS, RESULT, DYN, NULL }

  /** A translated sub-expression; {@code intLiteral} is set for integer literals (which can become floats). */
  private record Frag(String cel, Type type, Long intLiteral) {
    Frag(String cel, Type type) {
      this(cel, type, null);
    }
  }

  /** The element a {@code #} or {@code .field} inside a predicate stands for. */
  private record Closure(String variable, Type element) {
  }

  private static final Map<String, Integer> BINARY = Map.ofEntries(
      Map.entry("or", 10), Map.entry("||", 10),
      Map.entry("and", 15), Map.entry("&&", 15),
      Map.entry("==", 20), Map.entry("!=", 20), Map.entry("<", 20), Map.entry(">", 20), Map.entry("<=", 20),
      Map.entry(">=", 20), Map.entry("in", 20), Map.entry("not in", 20), Map.entry("matches", 20),
      Map.entry("contains", 20), Map.entry("startsWith", 20), Map.entry("endsWith", 20),
      Map.entry("..", 25),
      Map.entry("+", 30), Map.entry("-", 30),
      Map.entry("*", 60), Map.entry("/", 60), Map.entry("%", 60),
      Map.entry("**", 100), Map.entry("^", 100),
      Map.entry("??", 500));
  private static final Map<String, Integer> UNARY = Map.of("not", 50, "!", 50, "-", 90, "+", 90);
  private static final Set<String> PREDICATE_BUILTINS = Set.of("all", "any", "none", "one", "filter", "map", "count");
  private static final Set<String> MATH_BUILTINS = Set.of("max", "min", "sum", "mean");
  private static final Set<String> CEL_RESERVED = Set.of("as", "break", "const", "continue", "else", "for",
      "function", "if", "import", "let", "loop", "package", "namespace", "return", "var", "void", "while", "in",
      "null", "true", "false");

  private final List<Token> tokens;
  private final Deque<Closure> closures = new ArrayDeque<>();
  private int index;

  private ArgoExprTranslator(List<Token> tokens) {
    this.tokens = tokens;
  }

  /** The CEL equivalent of {@code expression}; throws when it is not expr-lang this translator understands. */
  static String toCel(String expression) throws InvalidConditionException {
    ArgoExprTranslator translator = new ArgoExprTranslator(ArgoExprLexer.tokens(expression));
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
      if (op == null || BINARY.get(op) < minPrecedence) {
        break;
      }
      int precedence = BINARY.get(op);
      index += op.equals("not in") ? 2 : 1;
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
      if (token.text().equals("not") && peek(1).isWord("in")) {
        return "not in";
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
    return switch (name) {
      case "result" -> new Frag("result", Type.RESULT);
      case "true", "false" -> new Frag(name, Type.BOOL);
      case "nil" -> new Frag("null", Type.NULL);
      default -> throw new InvalidConditionException(at(token) + "unknown name " + name);
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
        if (CEL_RESERVED.contains(field.text())) {
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
        node = index(node, key);
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
    List<Frag> unified = numeric && anyDouble ? items.stream().map(ArgoExprTranslator::toDouble).toList() : items;
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
        arity(function, args, 1);
        yield new Frag("isNil(result)", Type.BOOL);
      }
      case "default" -> {
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

  // ---- operators ----

  private Frag unary(String op, Frag operand) {
    return switch (op) {
      case "not", "!" -> new Frag("!(" + operand.cel() + ")", Type.BOOL);
      case "-" -> operand.intLiteral() != null
          ? new Frag(Long.toString(-operand.intLiteral()), Type.INT, -operand.intLiteral())
          : new Frag("-(" + operand.cel() + ")", operand.type() == Type.INT ? Type.INT : Type.DOUBLE);
      default -> operand;
    };
  }

  private Frag binary(String op, Frag left, Frag right) throws InvalidConditionException {
    switch (op) {
      case "or", "||" -> {
        return new Frag("(" + left.cel() + " || " + right.cel() + ")", Type.BOOL);
      }
      case "and", "&&" -> {
        return new Frag("(" + left.cel() + " && " + right.cel() + ")", Type.BOOL);
      }
      case "==", "!=", "<", ">", "<=", ">=" -> {
        Frag[] pair = numericPair(left, right);
        return new Frag("(" + pair[0].cel() + " " + op + " " + pair[1].cel() + ")", Type.BOOL);
      }
      case "in", "not in" -> {
        Frag element = isListOfNumbers(right) && left.type() == Type.INT ? toDouble(left) : left;
        String in = "(" + element.cel() + " in " + right.cel() + ")";
        return new Frag(op.equals("in") ? in : "!" + in, Type.BOOL);
      }
      case "matches", "contains", "startsWith", "endsWith" -> {
        return new Frag(left.cel() + "." + op + "(" + right.cel() + ")", Type.BOOL);
      }
      case "+", "-", "*", "%" -> {
        if (left.type() == Type.STRING && right.type() == Type.STRING && op.equals("+")) {
          return new Frag("(" + left.cel() + " + " + right.cel() + ")", Type.STRING);
        }
        if (left.type() == Type.INT && right.type() == Type.INT) {
          return new Frag("(" + left.cel() + " " + op + " " + right.cel() + ")", Type.INT);
        }
        Frag[] pair = numericPair(left, right);
        return new Frag("(" + pair[0].cel() + " " + op + " " + pair[1].cel() + ")", Type.DOUBLE);
      }
      case "/" -> {
        // expr-lang divides as floats even for two integers (1 / 2 is 0.5).
        return new Frag("(" + toDouble(left).cel() + " / " + toDouble(right).cel() + ")", Type.DOUBLE);
      }
      default -> throw new InvalidConditionException("the " + op + " operator is not supported in conditions");
    }
  }

  private Frag conditional(Frag test, Frag whenTrue, Frag whenFalse) {
    Frag[] pair = numericPair(whenTrue, whenFalse);
    Type type = pair[0].type() == pair[1].type() ? pair[0].type() : Type.DYN;
    return new Frag("(" + test.cel() + " ? " + pair[0].cel() + " : " + pair[1].cel() + ")", type);
  }

  /** Makes an integer operand a float when the other operand is (or may be) a float, as expr-lang compares them. */
  private static Frag[] numericPair(Frag left, Frag right) {
    if (left.type() == Type.INT && floatLike(right)) {
      return new Frag[] {toDouble(left), right};
    }
    if (right.type() == Type.INT && floatLike(left)) {
      return new Frag[] {left, toDouble(right)};
    }
    return new Frag[] {left, right};
  }

  /** Results and JSON numbers are floats; a value of unknown type is treated as one. */
  private static boolean floatLike(Frag frag) {
    return frag.type() == Type.DOUBLE || frag.type() == Type.RESULT || frag.type() == Type.DYN;
  }

  private static boolean isListOfNumbers(Frag frag) {
    return frag.type() == Type.NUMBERS || frag.type() == Type.RESULT;
  }

  private static Frag toDouble(Frag frag) {
    if (frag.type() != Type.INT) {
      return frag;
    }
    if (frag.intLiteral() != null) {
      return new Frag(frag.intLiteral() + ".0", Type.DOUBLE);
    }
    return new Frag("double(" + frag.cel() + ")", Type.DOUBLE);
  }

  private Frag index(Frag collection, Frag key) {
    Type element = isListOfNumbers(collection) ? Type.DOUBLE : Type.DYN;
    if (key.intLiteral() != null && key.intLiteral() < 0) {
      // expr-lang counts a negative index from the end.
      return new Frag(collection.cel() + "[size(" + collection.cel() + ") - " + (-key.intLiteral()) + "]", element);
    }
    return new Frag(collection.cel() + "[" + key.cel() + "]", element);
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

  private static void arity(Token function, List<Frag> args, int expected) throws InvalidConditionException {
    if (args.size() != expected) {
      throw new InvalidConditionException(at(function) + function.text() + "() takes " + expected + " argument"
          + (expected == 1 ? "" : "s") + ", got " + args.size());
    }
  }

  /** A CEL double-quoted string literal with the same characters. */
  private static String celString(String value) {
    StringBuilder out = new StringBuilder("\"");
    value.codePoints().forEach(cp -> {
      switch (cp) {
        case '\\' -> out.append("\\\\");
        case '"' -> out.append("\\\"");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (cp < 0x20 || cp == 0x7f) {
            out.append(String.format("\\u%04x", cp));
          } else {
            out.appendCodePoint(cp);
          }
        }
      }
    });
    return out.append('"').toString();
  }
}
