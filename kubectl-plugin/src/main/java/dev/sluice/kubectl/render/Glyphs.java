package dev.sluice.kubectl.render;

import java.nio.charset.Charset;

/** Tree branches: box-drawing characters when the output charset has them, ASCII otherwise. */
public record Glyphs(String branch, String last, String pipe, String blank) {
  public static final Glyphs UNICODE = new Glyphs("├── ", "└── ", "│   ", "    ");
  public static final Glyphs ASCII = new Glyphs("|-- ", "`-- ", "|   ", "    ");

  public static Glyphs forCharset(Charset charset) {
    return charset.newEncoder().canEncode("├└│") ? UNICODE : ASCII;
  }
}
