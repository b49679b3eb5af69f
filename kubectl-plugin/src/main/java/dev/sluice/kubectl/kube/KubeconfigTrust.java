package dev.sluice.kubectl.kube;

import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Security;

/**
 * Trusts only the kubeconfig's CA when it names one, as kubectl does.
 *
 * <p>fabric8 (7.4, {@code CertUtils.createTrustStore}) adds the kubeconfig's CA to a base store: the trust store file
 * of the configuration when it has one, else the JDK's {@code cacerts} (~140 certificates to parse), only to trust
 * authorities an API server's certificate is not signed by. Given an empty store as the base, fabric8 trusts the CA
 * alone. (The JDK still reads {@code cacerts} once during the handshake, for its {@code jdkCA} algorithm
 * constraint, so a run saves one of two loads: little CPU, see docs/performance.md.) Left as fabric8 does it: no
 * CA in the kubeconfig (the server's certificate is checked against the system's authorities), insecure-skip-tls-verify, a
 * trust store the user chose (the configuration's or {@code javax.net.ssl.trustStore}), and an auth-provider (OIDC
 * refreshes its token at the identity provider with the same trust managers, and that provider is usually signed
 * by a public authority).
 */
final class KubeconfigTrust {
  private static final String PASSPHRASE = "empty";

  private KubeconfigTrust() {
  }

  /** Whether the connection should trust only the CA the configuration names. */
  static boolean onlyTheNamedCa(Config config) {
    boolean namesCa = notEmpty(config.getCaCertData()) || notEmpty(config.getCaCertFile());
    return namesCa && !config.isTrustCerts() && !notEmpty(config.getTrustStoreFile())
        && !notEmpty(System.getProperty("javax.net.ssl.trustStore")) && config.getAuthProvider() == null;
  }

  /**
   * When {@link #onlyTheNamedCa}, points the configuration at an empty trust store, a temporary file deleted when
   * the JVM exits (fabric8 reads it when it builds the client).
   */
  static void restrictToTheNamedCa(Config config) {
    if (!onlyTheNamedCa(config)) {
      return;
    }
    Path store = emptyStore();
    config.setTrustStoreFile(store.toString());
    config.setTrustStorePassphrase(PASSPHRASE);
  }

  private static Path emptyStore() {
    try {
      Path file = Files.createTempFile("kubectl-sluice-trust", ".jks");
      file.toFile().deleteOnExit();
      KeyStore keyStore = KeyStore.getInstance(format());
      keyStore.load(null, null);
      try (OutputStream out = Files.newOutputStream(file)) {
        keyStore.store(out, PASSPHRASE.toCharArray());
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a trust store for the kubeconfig's CA", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot make an empty trust store", e);
    }
  }

  /**
   * The type fabric8 opens the store as (its trust store type, by default the JDK's: PKCS12), except that JKS is
   * written where a PKCS12 store reads JKS files too (keystore.type.compat): a JKS store's integrity check is one
   * SHA-1, a PKCS12 store's MAC 10000 PBKDF2 rounds on write and again on read.
   */
  private static String format() {
    String type = System.getProperty("javax.net.ssl.trustStoreType", KeyStore.getDefaultType());
    boolean readsJks = type.equalsIgnoreCase("PKCS12") && "true".equalsIgnoreCase(Security.getProperty("keystore.type.compat"));
    return readsJks ? "JKS" : type;
  }

  private static boolean notEmpty(String value) {
    return value != null && !value.isEmpty();
  }
}
