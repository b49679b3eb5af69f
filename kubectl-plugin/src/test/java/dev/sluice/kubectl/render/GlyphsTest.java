package dev.sluice.kubectl.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GlyphsTest {
  @Test
  void boxDrawingOnlyWhereTheCharsetHasIt() {
    assertThat(Glyphs.forCharset(StandardCharsets.UTF_8)).isEqualTo(Glyphs.UNICODE);
    assertThat(Glyphs.forCharset(StandardCharsets.US_ASCII)).isEqualTo(Glyphs.ASCII);
    assertThat(Glyphs.forCharset(StandardCharsets.ISO_8859_1)).isEqualTo(Glyphs.ASCII);
  }
}
