package dev.sluice.api.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusTextTest {
  @Test
  void shortTextIsKeptAsItIs() {
    assertThat(StatusText.message("query returned no data")).isEqualTo("query returned no data");
    assertThat(StatusText.message(null)).isNull();
    String exactly = "x".repeat(StatusText.MAX_CHARS);
    assertThat(StatusText.message(exactly)).isSameAs(exactly);
  }

  @Test
  void longTextKeepsItsStartAndSaysHowMuchWasLeftOut() {
    String mebibyte = "prometheus error (bad_data): " + "y".repeat(1024 * 1024);
    String bounded = StatusText.message(mebibyte);
    assertThat(bounded).hasSizeLessThanOrEqualTo(StatusText.MAX_CHARS)
        .startsWith("prometheus error (bad_data): yyy")
        .matches("(?s).*y\\.\\.\\. \\(\\d+ more characters\\)$");
    int kept = bounded.indexOf("... (");
    long omitted = Long.parseLong(bounded.substring(kept + 5, bounded.indexOf(' ', kept + 5)));
    assertThat(kept + omitted).as("kept and left out add up to the whole").isEqualTo(mebibyte.length());
  }

  @Test
  void neverSplitsASurrogatePair() {
    String emoji = "\uD83D\uDE00";
    String text = "a".repeat(StatusText.MAX_CHARS - 30) + emoji.repeat(100);
    String bounded = StatusText.message(text);
    String kept = bounded.substring(0, bounded.indexOf("... ("));
    assertThat(Character.isHighSurrogate(kept.charAt(kept.length() - 1))).isFalse();
  }

  @Test
  void aShortListIsShownWhole() {
    assertThat(StatusText.list(List.of())).isEqualTo("[]");
    assertThat(StatusText.list(List.of("0.99", "0.98"))).isEqualTo("[0.99,0.98]");
    List<String> ten = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      ten.add(String.valueOf(i));
    }
    assertThat(StatusText.list(ten)).isEqualTo("[0,1,2,3,4,5,6,7,8,9]");
  }

  @Test
  void aLongListShowsTheFirstValuesAndTheCount() {
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      many.add(String.valueOf(i));
    }
    assertThat(StatusText.list(many)).isEqualTo("[0,1,2,3,4,5,6,7,8,9,...] (100000 values, first 10 shown)");
  }

  @Test
  void aListOfHugeValuesIsStillBounded() {
    assertThat(StatusText.list(List.of("1".repeat(5000), "2"))).hasSizeLessThanOrEqualTo(StatusText.MAX_CHARS)
        .endsWith("more characters)");
  }
}
