package dev.sluice.kubectl.kube;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;

class PemTest {
  static byte[] resource(String name) throws IOException {
    try (InputStream in = PemTest.class.getResourceAsStream("/kube/direct/" + name)) {
      return in.readAllBytes();
    }
  }

  /** Whether the key signs what the certificate's public key verifies: they are a pair. */
  private static boolean pair(PrivateKey key, X509Certificate certificate) throws GeneralSecurityException {
    String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
    byte[] data = "kubectl-sluice".getBytes(StandardCharsets.US_ASCII);
    Signature signer = Signature.getInstance(algorithm);
    signer.initSign(key);
    signer.update(data);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance(algorithm);
    verifier.initVerify(certificate.getPublicKey());
    verifier.update(data);
    return verifier.verify(signature);
  }

  @Test
  void anRsaKeyReadsTheSameAsPkcs1AndAsPkcs8() throws Exception {
    PrivateKey pkcs1 = Pem.privateKey(resource("client-rsa-pkcs1.key"));
    PrivateKey pkcs8 = Pem.privateKey(resource("client-rsa-pkcs8.key"));
    assertEquals("RSA", pkcs1.getAlgorithm());
    assertArrayEquals(pkcs8.getEncoded(), pkcs1.getEncoded());
    assertTrue(pair(pkcs1, Pem.certificates(resource("client-rsa.crt")).get(0)));
  }

  @Test
  void anEcKeyReadsTheSameAsSec1AfterItsParametersAndAsPkcs8() throws Exception {
    PrivateKey sec1 = Pem.privateKey(resource("client-ec-sec1.key"));
    PrivateKey pkcs8 = Pem.privateKey(resource("client-ec-pkcs8.key"));
    assertEquals("EC", sec1.getAlgorithm());
    assertEquals(((java.security.interfaces.ECPrivateKey) pkcs8).getS(), ((java.security.interfaces.ECPrivateKey) sec1).getS());
    assertTrue(pair(sec1, Pem.certificates(resource("client-ec.crt")).get(0)));
    assertTrue(pair(pkcs8, Pem.certificates(resource("client-ec.crt")).get(0)));
  }

  @Test
  void everyCertificateOfTheTextIsRead() throws Exception {
    byte[] both = (new String(resource("ca.crt"), StandardCharsets.US_ASCII)
        + new String(resource("server.crt"), StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII);
    List<X509Certificate> certificates = Pem.certificates(both);
    assertEquals(List.of("CN=sluice-direct-test-ca", "CN=127.0.0.1"),
        certificates.stream().map(c -> c.getSubjectX500Principal().getName()).toList());
  }

  @Test
  void encryptedKeysAndTextWithoutAKeyAreRefused() {
    String legacyEncrypted = """
        -----BEGIN RSA PRIVATE KEY-----
        Proc-Type: 4,ENCRYPTED
        DEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF

        AAAA
        -----END RSA PRIVATE KEY-----
        """;
    String pkcs8Encrypted = "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n";
    assertThrows(GeneralSecurityException.class, () -> Pem.privateKey(legacyEncrypted.getBytes(StandardCharsets.US_ASCII)));
    assertThrows(GeneralSecurityException.class, () -> Pem.privateKey(pkcs8Encrypted.getBytes(StandardCharsets.US_ASCII)));
    assertThrows(GeneralSecurityException.class, () -> Pem.privateKey(resource("client-rsa.crt")));
  }

  @Test
  void aTruncatedKeyIsRefused() throws Exception {
    String text = new String(resource("client-rsa-pkcs1.key"), StandardCharsets.US_ASCII);
    String[] lines = text.split("\n");
    String truncated = lines[0] + "\n" + lines[1] + "\n" + lines[2] + "\n" + lines[lines.length - 1] + "\n";
    assertThrows(GeneralSecurityException.class, () -> Pem.privateKey(truncated.getBytes(StandardCharsets.US_ASCII)));
  }
}
