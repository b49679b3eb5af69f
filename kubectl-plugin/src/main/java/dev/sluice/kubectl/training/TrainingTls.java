package dev.sluice.kubectl.training;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Key material for a training run over mutual TLS, as a kubeconfig with a CA and a client certificate has: the
 * handshake, certificate parsing and key loading are a third of a real run's classes. One self-signed RSA
 * certificate for 127.0.0.1, made by the JDK's keytool (Java has no API for it), is the server's, the client's and
 * the CA. Made for one training run and deleted with it; no keytool (a trimmed runtime) means no TLS training.
 */
record TrainingTls(SSLContext server, String certificatePem, String keyPem) {
  private static final char[] PASSWORD = "training".toCharArray();

  static Optional<TrainingTls> create(Path dir) throws IOException, InterruptedException {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Path store = dir.resolve("training.p12");
    if (!Files.isExecutable(keytool)) {
      return Optional.empty();
    }
    Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-keyalg", "RSA", "-keysize", "2048",
        "-alias", "training", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "1",
        "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", new String(PASSWORD))
        .redirectErrorStream(true).redirectOutput(dir.resolve("keytool.log").toFile()).start();
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0 || !Files.isRegularFile(store)) {
      process.destroyForcibly();
      return Optional.empty();
    }
    try (InputStream in = Files.newInputStream(store)) {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(in, PASSWORD);
      Certificate certificate = keys.getCertificate("training");
      KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keyManagers.init(keys, PASSWORD);
      KeyStore trusted = KeyStore.getInstance("PKCS12");
      trusted.load(null, null);
      trusted.setCertificateEntry("training", certificate);
      TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trustManagers.init(trusted);
      SSLContext server = SSLContext.getInstance("TLS");
      server.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
      return Optional.of(new TrainingTls(server, pem("CERTIFICATE", certificate.getEncoded()),
          pem("PRIVATE KEY", keys.getKey("training", PASSWORD).getEncoded())));
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("training key material: " + e, e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  /** For a kubeconfig's *-data fields. */
  static String base64(String pem) {
    return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
  }
}
