package dev.sluice.operator.notifications;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who hears of a trigger on one Rollout: its annotations ({@code notifications.sluice.dev/subscribe.<trigger>.<service>:
 * <recipient>;<recipient>}, or {@code subscribe.<service>} for the default triggers; Argo's
 * {@code notifications.argoproj.io/} prefix is read too, so migrated Rollouts keep their subscriptions) and the
 * ConfigMap's {@code subscriptions} whose selector matches its labels. Pure.
 */
public final class Subscriptions {
  public static final String PREFIX = "notifications.sluice.dev/subscribe.";
  static final String ARGO_PREFIX = "notifications.argoproj.io/subscribe.";

  /** One place a notification goes: a configured service and a recipient (a channel, an address, "" for a webhook). */
  public record Destination(String service, String recipient) {
    public String key() {
      return service + ":" + recipient;
    }
  }

  private Subscriptions() {
  }

  public static List<Destination> of(String trigger, Map<String, String> annotations, Map<String, String> labels,
      NotificationsConfig config) {
    Set<Destination> out = new LinkedHashSet<>();
    for (var entry : (annotations == null ? Map.<String, String>of() : annotations).entrySet()) {
      String rest = entry.getKey().startsWith(PREFIX) ? entry.getKey().substring(PREFIX.length())
          : entry.getKey().startsWith(ARGO_PREFIX) ? entry.getKey().substring(ARGO_PREFIX.length()) : null;
      if (rest == null || rest.isEmpty()) {
        continue;
      }
      int dot = rest.indexOf('.');
      String service = dot < 0 ? rest : rest.substring(dot + 1);
      boolean subscribed = dot < 0 ? config.defaultTriggersFor(service).contains(trigger) : rest.substring(0, dot).equals(trigger);
      if (subscribed) {
        recipients(entry.getValue()).forEach(r -> out.add(new Destination(service, r)));
      }
    }
    for (var subscription : config.subscriptions()) {
      boolean matches = subscription.selector().entrySet().stream()
          .allMatch(s -> labels != null && s.getValue().equals(labels.get(s.getKey())));
      List<String> triggers = subscription.triggers().isEmpty() ? config.defaultTriggers() : subscription.triggers();
      if (matches && triggers.contains(trigger)) {
        for (String recipient : subscription.recipients()) {
          int colon = recipient.indexOf(':');
          out.add(new Destination(recipient.substring(0, colon), recipient.substring(colon + 1).trim()));
        }
      }
    }
    return List.copyOf(out);
  }

  /** Semicolon-separated, as in Argo; an empty value is one empty recipient (a webhook needs none). */
  static List<String> recipients(String value) {
    List<String> out = new ArrayList<>();
    for (String r : (value == null ? "" : value).split(";")) {
      if (!r.isBlank() || out.isEmpty() && r.isBlank() && !value.contains(";")) {
        out.add(r.trim());
      }
    }
    return out;
  }
}
