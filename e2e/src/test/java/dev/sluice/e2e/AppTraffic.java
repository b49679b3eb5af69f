package dev.sluice.e2e;

import dev.sluice.analysis.testing.MetricsEndpoint;
import dev.sluice.analysis.testing.PrometheusServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An app's request counters as a real Prometheus scrapes them: 100 answered requests per scrape, and as many HTTP
 * 500s as the test says. Analysis templates query {@link #ERROR_RATE} against {@link #prometheusUrl()}.
 */
public final class AppTraffic implements AutoCloseable {
  public static final String ERROR_RATE =
      "sum(rate(http_requests_total{code=\"500\"}[5s])) / sum(rate(http_requests_total[5s]))";

  private final AtomicLong ok = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private volatile long errorsPerScrape;
  private final MetricsEndpoint endpoint;
  private final PrometheusServer prometheus;

  private AppTraffic(long errorsPerScrape) throws Exception {
    this.errorsPerScrape = errorsPerScrape;
    this.endpoint = MetricsEndpoint.start()
        .counter("http_requests_total", Map.of("code", "200"), () -> ok.addAndGet(100))
        .counter("http_requests_total", Map.of("code", "500"), () -> errors.addAndGet(this.errorsPerScrape));
    try {
      this.prometheus = PrometheusServer.start(List.of(endpoint.target()));
      prometheus.awaitTargetsUp(1, Duration.ofSeconds(30));
    } catch (Exception e) {
      endpoint.close();
      throw e;
    }
  }

  /** Starts the endpoint and Prometheus (Debian's binary), and waits until Prometheus scrapes it. */
  public static AppTraffic start(long errorsPerScrape) throws Exception {
    PrometheusServer.requireBinary();
    return new AppTraffic(errorsPerScrape);
  }

  public String prometheusUrl() {
    return prometheus.url();
  }

  /** From the next scrape on, this many of every 100 + errors requests fail. */
  public void failing(long errorsPerScrape) {
    this.errorsPerScrape = errorsPerScrape;
  }

  /** Prometheus goes away; the endpoint stays. */
  public void stopPrometheus() {
    prometheus.stop();
  }

  @Override
  public void close() {
    prometheus.close();
    endpoint.close();
  }
}
