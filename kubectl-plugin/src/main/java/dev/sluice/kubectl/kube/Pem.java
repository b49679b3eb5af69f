package dev.sluice.kubectl.kube;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Certificates and private keys from the PEM text a kubeconfig names, read with the JDK alone: private keys as
 * PKCS#8 ({@code PRIVATE KEY}, RSA or EC), PKCS#1 ({@code RSA PRIVATE KEY}) and SEC1 ({@code EC PRIVATE KEY}, a named
 * curve), which is what kubeadm, kind, kwok, minikube and the cloud providers write. PKCS#1 and SEC1 keys are
 * wrapped in the PKCS#8 structure the JDK's key factories read. An encrypted key, another kind of key or a broken
 * one is a {@link GeneralSecurityException}.
 */
final class Pem {
  private static final byte[] RSA = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01};
  private static final byte[] EC = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};
  private static final byte[] DER_NULL = {0x05, 0x00};
  private static final byte[] VERSION_0 = {0x02, 0x01, 0x00};
  private static final int SEQUENCE = 0x30;
  private static final int OCTET_STRING = 0x04;
  private static final int OID = 0x06;
  private static final int EC_PARAMETERS = 0xa0;

  private Pem() {
  }

  /** Every certificate of the text (a chain, or several CAs). */
  static List<X509Certificate> certificates(byte[] pem) throws GeneralSecurityException {
    List<X509Certificate> certificates = CertificateFactory.getInstance("X.509")
        .generateCertificates(new ByteArrayInputStream(pem)).stream().map(X509Certificate.class::cast).toList();
    if (certificates.isEmpty()) {
      throw new GeneralSecurityException("no certificate");
    }
    return certificates;
  }

  /** The first private key of the text (an {@code EC PARAMETERS} block before it is skipped). */
  static PrivateKey privateKey(byte[] pem) throws GeneralSecurityException {
    String text = new String(pem, StandardCharsets.US_ASCII);
    for (String label : List.of("PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY")) {
      byte[] der = block(text, label);
      if (der != null) {
        return switch (label) {
          case "PRIVATE KEY" -> pkcs8(der);
          case "RSA PRIVATE KEY" -> KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(
              sequence(VERSION_0, sequence(RSA, DER_NULL), tlv(OCTET_STRING, der))));
          default -> KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(
              sequence(VERSION_0, sequence(EC, curve(der)), tlv(OCTET_STRING, der))));
        };
      }
    }
    throw new GeneralSecurityException("no private key in PEM form (an encrypted key is not read)");
  }

  /** A PKCS#8 key: its algorithm identifier names RSA or EC. */
  private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
    Der key = new Der(der).enter(SEQUENCE);
    key.skip();
    byte[] algorithm = key.enter(SEQUENCE).element(OID);
    String name = Arrays.equals(algorithm, RSA) ? "RSA" : Arrays.equals(algorithm, EC) ? "EC" : null;
    if (name == null) {
      throw new GeneralSecurityException("a private key of an algorithm other than RSA and EC");
    }
    return KeyFactory.getInstance(name).generatePrivate(new PKCS8EncodedKeySpec(der));
  }

  /** The named curve of a SEC1 key, its [0] parameters (kubeconfigs' keys always carry them). */
  private static byte[] curve(byte[] sec1) throws GeneralSecurityException {
    Der key = new Der(sec1).enter(SEQUENCE);
    key.skip();
    key.skip();
    return key.enter(EC_PARAMETERS).element(OID);
  }

  /** The DER of the first block with exactly this label, null without one; a Proc-Type header means encrypted. */
  private static byte[] block(String text, String label) throws GeneralSecurityException {
    String begin = "-----BEGIN " + label + "-----";
    int start = text.indexOf(begin);
    if (start < 0) {
      return null;
    }
    int end = text.indexOf("-----END " + label + "-----", start);
    if (end < 0) {
      throw new GeneralSecurityException("unterminated PEM block " + label);
    }
    String body = text.substring(start + begin.length(), end);
    if (body.contains(":")) {
      throw new GeneralSecurityException("an encrypted private key");
    }
    try {
      return Base64.getMimeDecoder().decode(body);
    } catch (IllegalArgumentException e) {
      throw new InvalidKeySpecException("PEM block " + label + " is not base64");
    }
  }

  private static byte[] sequence(byte[]... parts) {
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      content.writeBytes(part);
    }
    return tlv(SEQUENCE, content.toByteArray());
  }

  private static byte[] tlv(int tag, byte[] value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 6);
    out.write(tag);
    int length = value.length;
    if (length < 0x80) {
      out.write(length);
    } else {
      int bytes = length < 0x100 ? 1 : length < 0x10000 ? 2 : 3;
      out.write(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) {
        out.write(length >>> (8 * i));
      }
    }
    out.writeBytes(value);
    return out.toByteArray();
  }

  /** Reads DER elements one after the other; only definite lengths, as DER has. */
  private static final class Der {
    private final byte[] bytes;
    private int position;
    private final int end;

    Der(byte[] bytes) {
      this(bytes, 0, bytes.length);
    }

    private Der(byte[] bytes, int start, int end) {
      this.bytes = bytes;
      this.position = start;
      this.end = end;
    }

    /** The content of the next element, which must have this tag. */
    Der enter(int tag) throws GeneralSecurityException {
      int length = header(tag);
      Der inner = new Der(bytes, position, position + length);
      position += length;
      return inner;
    }

    /** The next element whole (tag, length and content), which must have this tag. */
    byte[] element(int tag) throws GeneralSecurityException {
      int start = position;
      int length = header(tag);
      position += length;
      return Arrays.copyOfRange(bytes, start, position);
    }

    void skip() throws GeneralSecurityException {
      int length = header(-1);
      position += length;
    }

    private int header(int tag) throws GeneralSecurityException {
      if (position + 2 > end || tag >= 0 && (bytes[position] & 0xff) != tag) {
        throw new InvalidKeySpecException("unexpected DER structure");
      }
      position++;
      int length = bytes[position++] & 0xff;
      if (length >= 0x80) {
        int count = length & 0x7f;
        if (count == 0 || count > 3 || position + count > end) {
          throw new InvalidKeySpecException("unexpected DER length");
        }
        length = 0;
        for (int i = 0; i < count; i++) {
          length = length << 8 | bytes[position++] & 0xff;
        }
      }
      if (position + length > end) {
        throw new InvalidKeySpecException("DER element longer than its container");
      }
      return length;
    }
  }
}
