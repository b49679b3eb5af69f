package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.Eventually;
import dev.sluice.testing.OperatorProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The running operator's /q/metrics page, read as Prometheus would scrape it. */
final class OperatorMetrics {
  private final URI uri;

  private OperatorMetrics(URI uri) {
    this.uri = uri;
  }

  private static final Pattern LISTENING = Pattern.compile("Listening on: http://[^:]+:(\\d+)");

  /**
   * The HTTP port comes from the operator's own log (it listens on a free port in the tests). Quarkus prints it once
   * startup is over, which on a busy machine can come after the operator already leads: wait for it.
   */
  static OperatorMetrics of(OperatorProcess operator) {
    Eventually.until("the operator's HTTP port in its log", Duration.ofSeconds(30),
        () -> LISTENING.matcher(operator.log()).find());
    Matcher port = LISTENING.matcher(operator.log());
    assertThat(port.find()).as("the operator's HTTP port in its log").isTrue();
    return new OperatorMetrics(URI.create("http://127.0.0.1:" + port.group(1) + "/q/metrics"));
  }

  String scrape() {
    try {
      HttpResponse<String> response = HttpClient.newHttpClient()
          .send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      return response.body();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  Optional<Double> value(String series) {
    return value(scrape(), series);
  }

  /** The value of one series (name and labels exactly as Prometheus' text format prints them). */
  static Optional<Double> value(String page, String series) {
    String name = series.contains("{") ? series.substring(0, series.indexOf('{')) : series;
    String labels = series.contains("{") ? series.substring(series.indexOf('{') + 1, series.length() - 1) : "";
    return page.lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
        .filter(l -> labels.isEmpty() || List.of(labelsOf(l)).containsAll(List.of(labels.split(","))))
        .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst();
  }

  private static String[] labelsOf(String line) {
    int open = line.indexOf('{');
    int close = line.indexOf('}');
    return open < 0 ? new String[0] : line.substring(open + 1, close).split(",");
  }
}
