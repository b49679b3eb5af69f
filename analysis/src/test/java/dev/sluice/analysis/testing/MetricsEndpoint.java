package dev.sluice.analysis.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;

/**
 * A scrape target the test controls: {@code /metrics} on a loopback port, in the Prometheus text format. Values are
 * read at scrape time, so a supplier such as {@code () -> 10 * secondsSince(start)} makes a counter grow at a known
 * rate without any background thread.
 */
public final class MetricsEndpoint implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, String> types = new ConcurrentHashMap<>();
  private final Map<String, Map<String, DoubleSupplier>> samples = new ConcurrentSkipListMap<>();
  private final AtomicInteger scrapes = new AtomicInteger();

  private MetricsEndpoint(HttpServer server) {
    this.server = server;
  }

  public static MetricsEndpoint start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    MetricsEndpoint endpoint = new MetricsEndpoint(server);
    server.createContext("/metrics", exchange -> {
      byte[] body = endpoint.render().getBytes(StandardCharsets.UTF_8);
      endpoint.scrapes.incrementAndGet();
      exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    return endpoint;
  }

  /** host:port, as a Prometheus static target. */
  public String target() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  public int scrapes() {
    return scrapes.get();
  }

  public MetricsEndpoint counter(String name, Map<String, String> labels, DoubleSupplier value) {
    return put("counter", name, labels, value);
  }

  public MetricsEndpoint gauge(String name, Map<String, String> labels, double value) {
    return put("gauge", name, labels, () -> value);
  }

  public MetricsEndpoint remove(String name) {
    samples.remove(name);
    types.remove(name);
    return this;
  }

  private MetricsEndpoint put(String type, String name, Map<String, String> labels, DoubleSupplier value) {
    types.put(name, type);
    samples.computeIfAbsent(name, k -> new ConcurrentSkipListMap<>()).put(labelText(labels), value);
    return this;
  }

  String render() {
    StringBuilder out = new StringBuilder();
    samples.forEach((name, series) -> {
      out.append("# TYPE ").append(name).append(' ').append(types.getOrDefault(name, "untyped")).append('\n');
      series.forEach((labels, value) -> out.append(name).append(labels).append(' ')
          .append(format(value.getAsDouble())).append('\n'));
    });
    return out.toString();
  }

  private static String labelText(Map<String, String> labels) {
    if (labels.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder("{");
    new TreeMap<>(labels).forEach((k, v) -> out.append(out.length() > 1 ? "," : "").append(k).append("=\"")
        .append(v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")).append('"'));
    return out.append('}').toString();
  }

  private static String format(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    return Double.toString(value);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
