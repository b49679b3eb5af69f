package dev.sluice.kubectl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.kubectl.render.Style;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContextTest {
  private static Context context(boolean terminal, Map<String, String> env) {
    return new Context(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), InputStream.nullInputStream(),
        env, Clock.systemUTC(), terminal, StandardCharsets.UTF_8);
  }

  @Test
  void colourOnlyOnATerminalWithoutNoColor() {
    assertThat(context(true, Map.of()).style()).isSameAs(Style.COLOR);
    assertThat(context(false, Map.of()).style()).isSameAs(Style.PLAIN);
    assertThat(context(true, Map.of("NO_COLOR", "1")).style()).isSameAs(Style.PLAIN);
    // no-color.org: an empty NO_COLOR does not count
    assertThat(context(true, Map.of("NO_COLOR", "")).style()).isSameAs(Style.COLOR);
  }
}
