package dev.sluice.analysis.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;

/**
 * One OkHttpClient per distinct TLS configuration, all derived from one base client so they share the connection pool
 * and dispatcher (OkHttp keys pooled connections by address including TLS settings, so clients never share a
 * connection they should not). A bounded LRU keeps rotated CA bundles from piling up.
 */
public final class HttpClients implements AutoCloseable {
  public static final int MAX_TLS_CONFIGURATIONS = 32;

  private final OkHttpClient base;
  private final Map<TlsSettings, OkHttpClient> clients = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<TlsSettings, OkHttpClient> eldest) {
      return size() > MAX_TLS_CONFIGURATIONS;
    }
  };

  public HttpClients() {
    // The per-call timeout (the metric's) bounds the whole exchange; read/write timeouts would cut it short.
    this.base = new OkHttpClient.Builder()
        .connectTimeout(Duration.ofSeconds(10))
        .readTimeout(Duration.ZERO)
        .writeTimeout(Duration.ZERO)
        // A redirect could carry credentials to another server; report it instead.
        .followRedirects(false)
        .followSslRedirects(false)
        .build();
  }

  /** The client for {@code tls}; throws GeneralSecurityException when the CA bundle is unusable. */
  public synchronized OkHttpClient forTls(TlsSettings tls) throws GeneralSecurityException {
    if (tls.equals(TlsSettings.DEFAULT)) {
      return base;
    }
    OkHttpClient client = clients.get(tls);
    if (client == null) {
      client = build(tls);
      clients.put(tls, client);
    }
    return client;
  }

  private OkHttpClient build(TlsSettings tls) throws GeneralSecurityException {
    X509TrustManager trust = tls.insecure() ? TrustEverything.INSTANCE : trustOnly(tls.caPem());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {trust}, null);
    OkHttpClient.Builder builder = base.newBuilder().sslSocketFactory(context.getSocketFactory(), trust);
    if (tls.insecure()) {
      builder.hostnameVerifier((host, session) -> true);
    }
    return builder.build();
  }

  private static X509TrustManager trustOnly(String pem) throws GeneralSecurityException {
    Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
        .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    if (certificates.isEmpty()) {
      throw new GeneralSecurityException("the CA bundle holds no certificate");
    }
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    try {
      store.load(null, null);
    } catch (IOException e) {
      throw new GeneralSecurityException(e);
    }
    int i = 0;
    for (Certificate certificate : certificates) {
      store.setCertificateEntry("ca-" + i++, certificate);
    }
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    for (TrustManager manager : factory.getTrustManagers()) {
      if (manager instanceof X509TrustManager x509) {
        return x509;
      }
    }
    throw new GeneralSecurityException("no X.509 trust manager available");
  }

  public synchronized int cachedClients() {
    return clients.size();
  }

  @Override
  public void close() {
    base.dispatcher().executorService().shutdown();
    base.connectionPool().evictAll();
  }

  /** Only for {@code insecure: true}, which the API documents as meant for test servers. */
  private enum TrustEverything implements X509TrustManager {
    INSTANCE;

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
