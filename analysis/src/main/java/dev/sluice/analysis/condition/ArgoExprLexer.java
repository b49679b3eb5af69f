package dev.sluice.analysis.condition;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a condition written in Argo Rollouts' expression language (expr-lang) into tokens: numbers, strings (double,
 * single or back quotes), identifiers (word operators such as {@code and}, {@code not}, {@code in} included; the parser
 * tells them apart), {@code #} pointers and punctuation. Comments ({@code //}, {@code /* *\/}) are skipped.
 */
final class ArgoExprLexer {
  enum Kind { INT, FLOAT, STRING, IDENT, POINTER, PUNCT, EOF }

  /** One token; {@code text} is the decoded value for strings and numbers, {@code column} is 1-based. */
  record Token(Kind kind, String text, int column) {
    boolean is(String punct) {
      return kind == Kind.PUNCT && text.equals(punct);
    }

    boolean isWord(String word) {
      return kind == Kind.IDENT && text.equals(word);
    }
  }

  /** Longest first, so {@code **} wins over {@code *} and {@code ==} over {@code =}. */
  private static final List<String> PUNCTUATION = List.of("**", "==", "!=", "<=", ">=", "&&", "||", "??", "?.", "..",
      "!", "<", ">", "+", "-", "*", "/", "%", "^", "?", ":", ".", ",", "(", ")", "[", "]", "{", "}", "|");

  private final String source;
  private int pos;

  private ArgoExprLexer(String source) {
    this.source = source;
  }

  static List<Token> tokens(String source) throws InvalidConditionException {
    return new ArgoExprLexer(source).all();
  }

  private List<Token> all() throws InvalidConditionException {
    List<Token> tokens = new ArrayList<>();
    while (true) {
      skipSpaceAndComments();
      if (pos >= source.length()) {
        tokens.add(new Token(Kind.EOF, "", pos + 1));
        return tokens;
      }
      tokens.add(next());
    }
  }

  private void skipSpaceAndComments() throws InvalidConditionException {
    while (pos < source.length()) {
      char c = source.charAt(pos);
      if (Character.isWhitespace(c)) {
        pos++;
      } else if (source.startsWith("//", pos)) {
        int end = source.indexOf('\n', pos);
        pos = end < 0 ? source.length() : end + 1;
      } else if (source.startsWith("/*", pos)) {
        int end = source.indexOf("*/", pos + 2);
        if (end < 0) {
          throw error(pos, "unterminated comment");
        }
        pos = end + 2;
      } else {
        return;
      }
    }
  }

  private Token next() throws InvalidConditionException {
    int start = pos;
    char c = source.charAt(pos);
    if (isDigit(c) || (c == '.' && pos + 1 < source.length() && isDigit(source.charAt(pos + 1)))) {
      return number();
    }
    if (c == '"' || c == '\'') {
      return new Token(Kind.STRING, quoted(c), start + 1);
    }
    if (c == '`') {
      int end = source.indexOf('`', pos + 1);
      if (end < 0) {
        throw error(start, "unterminated string");
      }
      pos = end + 1;
      return new Token(Kind.STRING, source.substring(start + 1, end), start + 1);
    }
    if (c == '#') {
      pos++;
      return new Token(Kind.POINTER, identifier(), start + 1);
    }
    if (isIdentifierStart(c)) {
      return new Token(Kind.IDENT, identifier(), start + 1);
    }
    for (String punct : PUNCTUATION) {
      if (source.startsWith(punct, pos)) {
        pos += punct.length();
        return new Token(Kind.PUNCT, punct, start + 1);
      }
    }
    throw error(start, "unexpected character '" + c + "'");
  }

  private String identifier() {
    int start = pos;
    while (pos < source.length() && (isIdentifierStart(source.charAt(pos)) || isDigit(source.charAt(pos)))) {
      pos++;
    }
    return source.substring(start, pos);
  }

  private Token number() throws InvalidConditionException {
    int start = pos;
    if (source.startsWith("0x", pos) || source.startsWith("0X", pos) || source.startsWith("0o", pos)
        || source.startsWith("0O", pos) || source.startsWith("0b", pos) || source.startsWith("0B", pos)) {
      int radix = switch (Character.toLowerCase(source.charAt(pos + 1))) {
        case 'x' -> 16;
        case 'o' -> 8;
        default -> 2;
      };
      pos += 2;
      int digits = pos;
      while (pos < source.length() && (Character.digit(source.charAt(pos), radix) >= 0 || source.charAt(pos) == '_')) {
        pos++;
      }
      return new Token(Kind.INT, integer(source.substring(digits, pos).replace("_", ""), radix, start), start + 1);
    }
    boolean isFloat = false;
    digits();
    // "1..5" is a range, not the float "1." followed by ".5".
    if (pos < source.length() && source.charAt(pos) == '.' && !source.startsWith("..", pos)) {
      isFloat = true;
      pos++;
      digits();
    }
    if (pos < source.length() && (source.charAt(pos) == 'e' || source.charAt(pos) == 'E')) {
      isFloat = true;
      pos++;
      if (pos < source.length() && (source.charAt(pos) == '+' || source.charAt(pos) == '-')) {
        pos++;
      }
      int exponent = pos;
      digits();
      if (pos == exponent) {
        throw error(start, "invalid number " + source.substring(start, pos));
      }
    }
    String text = source.substring(start, pos).replace("_", "");
    if (pos < source.length() && isIdentifierStart(source.charAt(pos))) {
      throw error(start, "invalid number " + source.substring(start, pos + 1));
    }
    if (isFloat) {
      return new Token(Kind.FLOAT, Double.toString(Double.parseDouble(text)), start + 1);
    }
    return new Token(Kind.INT, integer(text, 10, start), start + 1);
  }

  private String integer(String digits, int radix, int start) throws InvalidConditionException {
    try {
      return Long.toString(Long.parseLong(digits, radix));
    } catch (NumberFormatException e) {
      throw error(start, "invalid integer " + source.substring(start, pos));
    }
  }

  private void digits() {
    while (pos < source.length() && (isDigit(source.charAt(pos)) || source.charAt(pos) == '_')) {
      pos++;
    }
  }

  /** A "..." or '...' string with Go-style escapes, decoded. */
  private String quoted(char quote) throws InvalidConditionException {
    int start = pos;
    pos++;
    StringBuilder out = new StringBuilder();
    while (pos < source.length()) {
      char c = source.charAt(pos++);
      if (c == quote) {
        return out.toString();
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (pos >= source.length()) {
        break;
      }
      char e = source.charAt(pos++);
      switch (e) {
        case 'n' -> out.append('\n');
        case 't' -> out.append('\t');
        case 'r' -> out.append('\r');
        case 'a' -> out.append('\u0007');
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'v' -> out.append('\u000b');
        case '\\', '\'', '"' -> out.append(e);
        case 'x' -> out.appendCodePoint(hex(2, start));
        case 'u' -> out.appendCodePoint(hex(4, start));
        case 'U' -> out.appendCodePoint(hex(8, start));
        default -> {
          if (e >= '0' && e <= '7' && pos + 1 < source.length()) {
            String octal = source.substring(pos - 1, pos + 2);
            try {
              out.append((char) Integer.parseInt(octal, 8));
            } catch (NumberFormatException ex) {
              throw error(start, "invalid escape \\" + octal);
            }
            pos += 2;
          } else {
            throw error(pos - 2, "invalid escape \\" + e);
          }
        }
      }
    }
    throw error(start, "unterminated string");
  }

  private int hex(int length, int start) throws InvalidConditionException {
    if (pos + length > source.length()) {
      throw error(start, "invalid escape in string");
    }
    try {
      int value = Integer.parseInt(source.substring(pos, pos + length), 16);
      pos += length;
      return value;
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      throw error(start, "invalid escape in string");
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isIdentifierStart(char c) {
    return Character.isLetter(c) || c == '_' || c == '$';
  }

  private InvalidConditionException error(int at, String message) {
    return new InvalidConditionException("at character " + (at + 1) + ": " + message);
  }
}
