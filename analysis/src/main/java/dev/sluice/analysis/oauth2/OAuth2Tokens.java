package dev.sluice.analysis.oauth2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.analysis.http.BoundedExchange;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.Credentials;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * Access tokens from an OAuth2 token endpoint by the client credentials grant (RFC 6749 section 4.4), cached per
 * client until shortly before they expire. The client authenticates with HTTP Basic (section 2.3.1, what the RFC
 * asks servers to support); an endpoint that refuses that with {@code invalid_client} is asked again with the
 * credentials in the form, as Go's oauth2 package (Argo Rollouts') does. Shared by the providers with Argo's
 * {@code authentication.oauth2} (prometheus, web): each keeps one. Thread-safe.
 */
public final class OAuth2Tokens {
  /** A token is renewed this long before its {@code expires_in} runs out, so it does not expire in flight. */
  static final Duration EXPIRY_MARGIN = Duration.ofSeconds(30);
  /** A token without {@code expires_in} is reused this long, or until the server refuses it. */
  static final Duration UNKNOWN_LIFETIME = Duration.ofMinutes(5);
  private static final long MAX_ANSWER_BYTES = 64 * 1024;
  private static final int MAX_CLIENTS = 64;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One client of one token endpoint, with everything the grant sends. */
  public record Client(HttpUrl tokenUrl, String clientId, String clientSecret, List<String> scopes) {
    /** The cache key: the secret only as a digest, so a rotated secret gets a new token and no copy is kept. */
    String key() {
      return tokenUrl + "\n" + clientId + "\n" + digest(clientSecret) + "\n" + String.join(" ", scopes);
    }

    @Override
    public String toString() {
      return "OAuth2Tokens.Client[" + BoundedExchange.describe(tokenUrl) + ", " + clientId + "]";
    }
  }

  /** Why no token could be had; the message names the endpoint, never the secret. */
  public static final class TokenException extends Exception {
    TokenException(String message) {
      super(message, null, false, false);
    }
  }

  private record Token(String value, Instant renewAt) {
  }

  private final Clock clock;
  private final Map<String, Token> tokens = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Token> eldest) {
      return size() > MAX_CLIENTS;
    }
  };

  public OAuth2Tokens(Clock clock) {
    this.clock = clock;
  }

  /** A valid access token for {@code client}, from the cache or the token endpoint (waiting at most {@code timeout}). */
  public String token(OkHttpClient http, Client client, Duration timeout) throws TokenException {
    String key = client.key();
    synchronized (tokens) {
      Token cached = tokens.get(key);
      if (cached != null && clock.instant().isBefore(cached.renewAt())) {
        return cached.value();
      }
    }
    Token fresh = fetch(http, client, timeout);
    synchronized (tokens) {
      tokens.put(key, fresh);
    }
    return fresh.value();
  }

  /** Forgets {@code client}'s token: the server refused it before it expired (revoked, or no expiry was given). */
  public void forget(Client client) {
    synchronized (tokens) {
      tokens.remove(client.key());
    }
  }

  private Token fetch(OkHttpClient http, Client client, Duration timeout) throws TokenException {
    String where = BoundedExchange.describe(client.tokenUrl());
    Instant asked = clock.instant();
    try {
      BoundedExchange.Answer answer = post(http, client, timeout, true);
      if (answer.status() == 401 || (answer.status() == 400 && "invalid_client".equals(errorCode(answer.body())))) {
        answer = post(http, client, timeout, false);
      }
      if (answer.redirect()) {
        throw new TokenException("oauth2 token endpoint " + where + " answered with a redirect (HTTP "
            + answer.status() + "); set tokenUrl to where it points");
      }
      if (!answer.ok()) {
        throw new TokenException("oauth2 token endpoint " + where + " refused the client credentials (HTTP "
            + answer.status() + ")" + errorText(answer.body()));
      }
      return parse(answer.body(), where, asked);
    } catch (BoundedExchange.TooLarge e) {
      throw new TokenException("oauth2 token endpoint " + where + " answered more than " + e.limitText());
    } catch (InterruptedIOException e) {
      throw new TokenException("oauth2 token endpoint " + where + " did not answer within "
          + BoundedExchange.human(timeout));
    } catch (IOException e) {
      throw new TokenException("cannot reach the oauth2 token endpoint " + where + ": " + e.getMessage());
    }
  }

  private static BoundedExchange.Answer post(OkHttpClient http, Client client, Duration timeout, boolean basic)
      throws IOException {
    FormBody.Builder form = new FormBody.Builder(StandardCharsets.UTF_8).add("grant_type", "client_credentials");
    if (!client.scopes().isEmpty()) {
      form.add("scope", String.join(" ", client.scopes()));
    }
    Request.Builder request = new Request.Builder().url(client.tokenUrl()).header("Accept", "application/json");
    if (basic) {
      // RFC 6749 2.3.1: both parts form-urlencoded before they are joined.
      request.header("Authorization", Credentials.basic(formEncode(client.clientId()),
          formEncode(client.clientSecret()), StandardCharsets.UTF_8));
    } else {
      form.add("client_id", client.clientId()).add("client_secret", client.clientSecret());
    }
    return BoundedExchange.execute(http, request.post(form.build()).build(), timeout, MAX_ANSWER_BYTES);
  }

  private Token parse(String body, String where, Instant asked) throws TokenException {
    JsonNode json;
    try {
      json = JSON.readTree(body);
    } catch (IOException e) {
      throw new TokenException("oauth2 token endpoint " + where + " answered with something other than JSON: "
          + snippet(body));
    }
    JsonNode token = json == null ? null : json.get("access_token");
    if (token == null || !token.isTextual() || token.asText().isEmpty()) {
      throw new TokenException("oauth2 token endpoint " + where + " answered without an access_token");
    }
    JsonNode type = json.get("token_type");
    if (type != null && !type.asText().equalsIgnoreCase("bearer")) {
      throw new TokenException("oauth2 token endpoint " + where + " gave a token of type \""
          + snippet(type.asText()) + "\"; only bearer tokens are supported");
    }
    JsonNode expiresIn = json.get("expires_in");
    Duration lifetime = UNKNOWN_LIFETIME;
    if (expiresIn != null && expiresIn.canConvertToLong() && expiresIn.asLong() > 0) {
      lifetime = Duration.ofSeconds(expiresIn.asLong()).minus(EXPIRY_MARGIN);
    } else if (expiresIn != null && expiresIn.isTextual() && expiresIn.asText().matches("[0-9]{1,9}")) {
      lifetime = Duration.ofSeconds(Long.parseLong(expiresIn.asText())).minus(EXPIRY_MARGIN);
    }
    return new Token(token.asText(), asked.plus(lifetime.isNegative() ? Duration.ZERO : lifetime));
  }

  private static String errorCode(String body) {
    try {
      JsonNode json = JSON.readTree(body);
      return json != null && json.hasNonNull("error") ? json.get("error").asText() : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** ": invalid_scope: the scope is unknown" from an RFC 6749 5.2 error answer, or the start of the body. */
  private static String errorText(String body) {
    try {
      JsonNode json = JSON.readTree(body);
      if (json != null && json.hasNonNull("error")) {
        String description = json.hasNonNull("error_description") ? ": " + json.get("error_description").asText() : "";
        return ": " + snippet(json.get("error").asText() + description);
      }
    } catch (IOException e) {
      // not JSON: quote it
    }
    return body == null || body.isBlank() ? "" : ": " + snippet(body);
  }

  /** One line of at most 300 characters, for messages. */
  private static String snippet(String text) {
    String flat = text == null ? "" : text.replaceAll("[\\p{Cntrl}\\s]+", " ").trim();
    return flat.length() <= 300 ? flat : flat.substring(0, 300) + "...";
  }

  private static String formEncode(String text) {
    return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static String digest(String secret) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
