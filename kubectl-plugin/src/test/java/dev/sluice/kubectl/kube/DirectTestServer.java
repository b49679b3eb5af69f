package dev.sluice.kubectl.kube;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * An API server stand-in for the direct-read tests: HTTPS on 127.0.0.1 with the certificate of kube/direct/server.crt
 * (signed by ca.crt, for IP 127.0.0.1 only), requiring a client certificate signed by ca.crt when asked to. Answers
 * GETs from a map of path (with query) to JSON, 404 otherwise, and records what it was asked.
 */
final class DirectTestServer implements AutoCloseable {
  /** One request: path with query, the Authorization header, the client's port (one port: one connection). */
  record Request(String path, String authorization, int clientPort) {
  }

  private final HttpsServer server;
  final List<Request> requests = new CopyOnWriteArrayList<>();

  private DirectTestServer(HttpsServer server) {
    this.server = server;
  }

  static DirectTestServer start(Map<String, String> answers, boolean needClientCertificate) throws Exception {
    HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    SSLContext tls = tls();
    server.setHttpsConfigurator(new HttpsConfigurator(tls) {
      @Override
      public void configure(HttpsParameters parameters) {
        var ssl = tls.getDefaultSSLParameters();
        ssl.setNeedClientAuth(needClientCertificate);
        parameters.setSSLParameters(ssl);
      }
    });
    DirectTestServer test = new DirectTestServer(server);
    server.createContext("/", exchange -> test.answer(exchange, answers));
    server.start();
    return test;
  }

  int port() {
    return server.getAddress().getPort();
  }

  private void answer(HttpExchange exchange, Map<String, String> answers) throws IOException {
    String path = exchange.getRequestURI().getRawPath()
        + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
    requests.add(new Request(path, exchange.getRequestHeaders().getFirst("Authorization"),
        exchange.getRemoteAddress().getPort()));
    String body = answers.get(path);
    byte[] bytes = (body != null ? body : "{\"kind\":\"Status\",\"code\":404}").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(body != null ? 200 : 404, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static SSLContext tls() throws Exception {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    char[] password = "test".toCharArray();
    keys.setKeyEntry("server", Pem.privateKey(PemTest.resource("server.key")), password,
        Pem.certificates(PemTest.resource("server.crt")).toArray(java.security.cert.Certificate[]::new));
    KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(keys, password);
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    trusted.setCertificateEntry("ca", Pem.certificates(PemTest.resource("ca.crt")).get(0));
    TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
    return context;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
