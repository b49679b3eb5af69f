package dev.sluice.kubectl.kube;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URL;
import java.util.Optional;
import javax.net.ssl.HttpsURLConnection;

/**
 * GETs from the API server over the JDK's HttpsURLConnection: HTTP/1.1 on one kept-alive connection, so a run makes
 * one TLS handshake however many objects it reads (fabric8's JDK client negotiates HTTP/2 and starts its selector and
 * executor threads). Any answer but 200, and any failure to connect or read, is empty: the caller then reads through
 * fabric8, which retries what is worth retrying and reports the rest in the plugin's words (KubeErrors). No proxy,
 * as fabric8 has none without one in the kubeconfig; the connect and request timeouts of {@link Cluster#DEFAULT}.
 */
final class DirectApi {
  private final DirectConnection connection;

  DirectApi(DirectConnection connection) {
    this.connection = connection;
    // Every HttpsURLConnection starts with the default factory and is then given this one; left unset, the default
    // is made on the first connection only to be replaced: the JDK's default SSLContext, which reads cacerts (~140
    // certificates, 0.05-0.1 s). The plugin makes no other HttpsURLConnection (fabric8 uses the JDK's HttpClient).
    HttpsURLConnection.setDefaultSSLSocketFactory(connection.tls());
  }

  /** The body of a 200 answer to GET path (with its query), else empty. */
  Optional<byte[]> get(String path) {
    try {
      HttpsURLConnection http = (HttpsURLConnection) new URL(connection.server() + path).openConnection(Proxy.NO_PROXY);
      http.setSSLSocketFactory(connection.tls());
      http.setConnectTimeout((int) Cluster.DEFAULT.connect().toMillis());
      http.setReadTimeout((int) Cluster.DEFAULT.request().toMillis());
      http.setRequestProperty("Accept", "application/json");
      http.setRequestProperty("User-Agent", "kubectl-sluice");
      if (connection.token() != null) {
        http.setRequestProperty("Authorization", "Bearer " + connection.token());
      }
      if (http.getResponseCode() != HttpURLConnection.HTTP_OK) {
        drain(http.getErrorStream());
        return Optional.empty();
      }
      try (InputStream in = http.getInputStream()) {
        return Optional.of(in.readAllBytes());
      }
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Reads an error body to its end, so the connection is kept for the next request. */
  private static void drain(InputStream in) throws IOException {
    if (in != null) {
      try (in) {
        in.readAllBytes();
      }
    }
  }
}
