package dev.sluice.analysis.condition;

/**
 * CEL text for the operators of Argo Rollouts' expression language, built from already translated operands whose
 * type the translation tracks. What makes the CEL answer as expr-lang does lives here: integers next to floats become
 * floats, {@code /} divides as floats, a negative index counts from the end, {@code result == nil} is
 * {@code isNil(result)}. Every operation is put in parentheses, so the CEL keeps expr-lang's precedence.
 */
final class CelFragments {
  private CelFragments() {
  }

  /** What the translation knows of a sub-expression's type; RESULT is "a number or a list of numbers". */
  enum Type { INT, DOUBLE, BOOL, STRING, NUMBERS, RESULT, DYN, NULL }

  /** A translated sub-expression; {@code intLiteral} is set for integer literals (which can become floats). */
  record Frag(String cel, Type type, Long intLiteral) {
    Frag(String cel, Type type) {
      this(cel, type, null);
    }
  }

  static Frag unary(String op, Frag operand) {
    return switch (op) {
      case "not", "!" -> new Frag("!(" + operand.cel() + ")", Type.BOOL);
      case "-" -> operand.intLiteral() != null
          ? new Frag(Long.toString(-operand.intLiteral()), Type.INT, -operand.intLiteral())
          : new Frag("-(" + operand.cel() + ")", operand.type() == Type.INT ? Type.INT : Type.DOUBLE);
      default -> operand;
    };
  }

  static Frag binary(String op, Frag left, Frag right) throws InvalidConditionException {
    if (op.startsWith("not ")) {
      return new Frag("!" + binary(op.substring(4), left, right).cel(), Type.BOOL);
    }
    switch (op) {
      case "or", "||" -> {
        return new Frag("(" + left.cel() + " || " + right.cel() + ")", Type.BOOL);
      }
      case "and", "&&" -> {
        return new Frag("(" + left.cel() + " && " + right.cel() + ")", Type.BOOL);
      }
      case "==", "!=", "<", ">", "<=", ">=" -> {
        // result == nil: no value, as isNil(result) (CEL's null never equals a number or a list).
        if ((op.equals("==") || op.equals("!=")) && (left.type() == Type.NULL || right.type() == Type.NULL)
            && (left.type() == Type.RESULT || right.type() == Type.RESULT)) {
          return new Frag((op.equals("==") ? "" : "!") + "isNil(result)", Type.BOOL);
        }
        Frag[] pair = numericPair(left, right);
        return new Frag("(" + pair[0].cel() + " " + op + " " + pair[1].cel() + ")", Type.BOOL);
      }
      case "in" -> {
        Frag element = isListOfNumbers(right) && left.type() == Type.INT ? toDouble(left) : left;
        return new Frag("(" + element.cel() + " in " + right.cel() + ")", Type.BOOL);
      }
      case "matches", "contains", "startsWith", "endsWith" -> {
        return new Frag("(" + left.cel() + "." + op + "(" + right.cel() + "))", Type.BOOL);
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

  static Frag conditional(Frag test, Frag whenTrue, Frag whenFalse) {
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

  static boolean isListOfNumbers(Frag frag) {
    return frag.type() == Type.NUMBERS || frag.type() == Type.RESULT;
  }

  static Frag toDouble(Frag frag) {
    if (frag.type() != Type.INT) {
      return frag;
    }
    if (frag.intLiteral() != null) {
      return new Frag(frag.intLiteral() + ".0", Type.DOUBLE);
    }
    return new Frag("double(" + frag.cel() + ")", Type.DOUBLE);
  }

  static Frag index(Frag collection, Frag key) {
    Type element = isListOfNumbers(collection) ? Type.DOUBLE : Type.DYN;
    if (key.intLiteral() != null && key.intLiteral() < 0) {
      // expr-lang counts a negative index from the end.
      return new Frag(collection.cel() + "[size(" + collection.cel() + ") - " + (-key.intLiteral()) + "]", element);
    }
    return new Frag(collection.cel() + "[" + key.cel() + "]", element);
  }

  /** A CEL double-quoted string literal with the same characters. */
  static String celString(String value) {
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
