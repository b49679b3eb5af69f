package dev.sluice.operator.notifications.services;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A GitHub App's installation access token, as Argo's GitHub service authenticates ({@code appID},
 * {@code installationID}, {@code privateKey}): a JWT signed RS256 with the App's private key (issued 60 s in the past
 * against clock drift, valid 9 minutes; GitHub allows 10) buys an installation token at
 * {@code POST /app/installations/{id}/access_tokens}, which lasts an hour and is reused until a minute before it
 * expires. The key and the tokens are never logged nor put in a failure's message.
 */
final class GitHubAppToken {
  private static final Map<String, Cached> CACHE = new ConcurrentHashMap<>();

  private record Cached(String token, Instant expires) {
  }

  private GitHubAppToken() {
  }

  static String token(String api, String appId, String installationId, String privateKeyPem, Clock clock)
      throws DeliveryFailure {
    String cacheKey = api + "\n" + appId + "\n" + installationId;
    Cached cached = CACHE.get(cacheKey);
    Instant now = clock.instant();
    if (cached != null && now.isBefore(cached.expires().minus(Duration.ofMinutes(1)))) {
      return cached.token();
    }
    String jwt = jwt(appId, privateKey(privateKeyPem), now);
    var answer = HttpDelivery.exchange("POST", api + "/app/installations/" + installationId + "/access_tokens",
        GitHubService.headers(jwt), null);
    if (answer.status() != 201) {
      throw GitHubService.refusal("installation token for app " + appId, answer, clock);
    }
    JsonNode json = Json.answer(answer.body());
    String token = json.path("token").asText("");
    if (token.isEmpty()) {
      throw DeliveryFailure.permanent("github: no token in the installation token answer");
    }
    Instant expires;
    try {
      expires = Instant.parse(json.path("expires_at").asText());
    } catch (java.time.format.DateTimeParseException e) {
      expires = now.plus(Duration.ofMinutes(10));
    }
    CACHE.put(cacheKey, new Cached(token, expires));
    return token;
  }

  static String jwt(String appId, PrivateKey key, Instant now) throws DeliveryFailure {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String payload = b64.encodeToString(Json.writeUnchecked(Map.of("iat", now.getEpochSecond() - 60,
        "exp", now.getEpochSecond() + 540, "iss", appId)).getBytes(StandardCharsets.UTF_8));
    try {
      Signature rs256 = Signature.getInstance("SHA256withRSA");
      rs256.initSign(key);
      rs256.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
      return header + "." + payload + "." + b64.encodeToString(rs256.sign());
    } catch (GeneralSecurityException e) {
      throw DeliveryFailure.permanent("github: the App's private key cannot sign");
    }
  }

  /** A PEM private key: PKCS#1 ("RSA PRIVATE KEY", what GitHub hands out) or PKCS#8 ("PRIVATE KEY"). */
  static PrivateKey privateKey(String pem) throws DeliveryFailure {
    boolean pkcs1 = pem.contains("BEGIN RSA PRIVATE KEY");
    String base64 = pem.replaceAll("-----(BEGIN|END)[A-Z ]*-----", "").replaceAll("\\s", "");
    try {
      byte[] der = Base64.getDecoder().decode(base64);
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs1 ? pkcs8(der) : der));
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      throw DeliveryFailure.permanent("github: privateKey is not a PEM RSA private key");
    }
  }

  /** Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo: version 0, rsaEncryption with NULL parameters. */
  private static byte[] pkcs8(byte[] pkcs1) {
    byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(new byte[] {0x02, 0x01, 0x00});
    body.writeBytes(algorithm);
    body.write(0x04);
    body.writeBytes(length(pkcs1.length));
    body.writeBytes(pkcs1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x30);
    out.writeBytes(length(body.size()));
    out.writeBytes(body.toByteArray());
    return out.toByteArray();
  }

  private static byte[] length(int n) {
    if (n < 0x80) {
      return new byte[] {(byte) n};
    }
    if (n < 0x100) {
      return new byte[] {(byte) 0x81, (byte) n};
    }
    if (n < 0x10000) {
      return new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n};
    }
    return new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
  }
}
