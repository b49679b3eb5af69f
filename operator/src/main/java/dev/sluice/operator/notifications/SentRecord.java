package dev.sluice.operator.notifications;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What was sent, as the data of a ConfigMap: one key per delivered notification (a digest of the event's identity,
 * the destination and the template), its value the time it was sent. Bounded: the oldest entries go first. The same
 * ConfigMap is the outbox: {@code pending.<identity>} keys hold the events whose notifications are not all delivered
 * yet ({@link PendingEvent}); they are not counted in the bound and never pruned with the sent entries. Pure.
 */
public final class SentRecord {
  static final int MAX_ENTRIES = 2000;
  static final String PENDING = "pending.";

  private SentRecord() {
  }

  /** The key of one delivery: ConfigMap keys allow [-._a-zA-Z0-9]. */
  public static String key(String eventIdentity, String destination, String template) {
    return digest(eventIdentity + "\n" + destination + "\n" + template);
  }

  /** data with key added at now, less the oldest sent entries beyond the bound. */
  public static Map<String, String> with(Map<String, String> data, String key, Instant now) {
    Map<String, String> out = new LinkedHashMap<>(data == null ? Map.of() : data);
    out.put(key, now.toString());
    long sent = out.keySet().stream().filter(k -> !isPending(k)).count();
    if (sent > MAX_ENTRIES) {
      out.entrySet().stream().filter(e -> !isPending(e.getKey()))
          .sorted(Map.Entry.comparingByValue(Comparator.naturalOrder()))
          .limit(sent - MAX_ENTRIES).map(Map.Entry::getKey).toList().forEach(out::remove);
    }
    return out;
  }

  /** The outbox key of an event. */
  public static String pendingKey(String eventIdentity) {
    return PENDING + eventIdentity;
  }

  static boolean isPending(String key) {
    return key.startsWith(PENDING);
  }

  static String digest(String text) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
