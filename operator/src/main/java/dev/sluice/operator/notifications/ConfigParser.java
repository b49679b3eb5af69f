package dev.sluice.operator.notifications;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sluice.analysis.condition.InvalidConditionException;
import dev.sluice.analysis.condition.ObjectConditionCompiler;
import dev.sluice.operator.notifications.NotificationsConfig.GlobalSubscription;
import dev.sluice.operator.notifications.NotificationsConfig.ServiceConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the notifications ConfigMap's data (Argo's layout) and resolves {@code $key} references to the Secret's
 * values. Pure. A key that does not parse is left out and named in {@link NotificationsConfig#problems()}; the rest
 * still works, so one bad template never silences every notification.
 */
public final class ConfigParser {
  /** A reference to a key of the notifications Secret, as Argo writes it: {@code $slack-token}. */
  private static final Pattern SECRET_REF = Pattern.compile("\\$([A-Za-z0-9_.-]+)");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  /** Triggers' {@code when}: Argo's expression language over what templates see. */
  private static final ObjectConditionCompiler WHEN = new ObjectConditionCompiler(NotificationData.WHEN_VARIABLES);
  /** Bounds what a ConfigMap value may be (a ConfigMap holds 1 MiB in all). */
  static final int MAX_VALUE_CHARS = 64 * 1024;

  private ConfigParser() {
  }

  public static NotificationsConfig parse(Map<String, String> data, Map<String, String> secret) {
    Map<String, ServiceConfig> services = new LinkedHashMap<>();
    Map<String, Map<String, Object>> templates = new LinkedHashMap<>();
    Map<String, Trigger> triggers = new LinkedHashMap<>();
    List<String> defaultTriggers = List.of();
    Map<String, List<String>> defaultByService = new LinkedHashMap<>();
    List<GlobalSubscription> subscriptions = new ArrayList<>();
    Map<String, String> context = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (var entry : (data == null ? Map.<String, String>of() : data).entrySet()) {
      String key = entry.getKey();
      String value = entry.getValue() == null ? "" : entry.getValue();
      try {
        if (value.length() > MAX_VALUE_CHARS) {
          throw new Invalid("longer than " + MAX_VALUE_CHARS + " characters");
        }
        if (key.startsWith("service.")) {
          ServiceConfig service = service(key.substring("service.".length()), value, secret == null ? Map.of() : secret);
          services.put(service.name(), service);
        } else if (key.startsWith("template.")) {
          templates.put(name(key, "template."), map(value));
        } else if (key.startsWith("trigger.")) {
          triggers.put(name(key, "trigger."), trigger(value));
        } else if (key.equals("defaultTriggers")) {
          defaultTriggers = strings(YAML.readValue(value, Object.class));
        } else if (key.startsWith("defaultTriggers.")) {
          defaultByService.put(name(key, "defaultTriggers."), strings(YAML.readValue(value, Object.class)));
        } else if (key.equals("subscriptions")) {
          subscriptions.addAll(subscriptions(value));
        } else if (key.equals("context")) {
          map(value).forEach((k, v) -> context.put(k, String.valueOf(v)));
        } else {
          throw new Invalid("unknown key (expected service.*, template.*, trigger.*, defaultTriggers, subscriptions or context)");
        }
      } catch (Invalid | JsonProcessingException | RuntimeException e) {
        problems.add(key + ": " + reason(e));
      }
    }
    return new NotificationsConfig(Map.copyOf(services), Map.copyOf(templates), Map.copyOf(triggers), defaultTriggers,
        Map.copyOf(defaultByService), List.copyOf(subscriptions), Map.copyOf(context), List.copyOf(problems));
  }

  private static String name(String key, String prefix) throws Invalid {
    String name = key.substring(prefix.length());
    if (name.isBlank()) {
      throw new Invalid("no name after " + prefix);
    }
    return name;
  }

  /** {@code service.<type>} or {@code service.<type>.<name>}: the name subscriptions use is the last part. */
  private static ServiceConfig service(String typeAndName, String value, Map<String, String> secret)
      throws Invalid, JsonProcessingException {
    int dot = typeAndName.indexOf('.');
    String type = dot < 0 ? typeAndName : typeAndName.substring(0, dot);
    String name = dot < 0 ? typeAndName : typeAndName.substring(dot + 1);
    if (type.isBlank() || name.isBlank()) {
      throw new Invalid("expected service.<type> or service.<type>.<name>");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> settings = (Map<String, Object>) resolve(map(value), secret);
    return new ServiceConfig(type, name, settings);
  }

  /** Replaces every {@code $key} in string values by the Secret's value; an unknown key is a problem. */
  static Object resolve(Object node, Map<String, String> secret) throws Invalid {
    if (node instanceof String s) {
      Matcher m = SECRET_REF.matcher(s);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        String value = secret.get(m.group(1));
        if (value == null) {
          throw new Invalid("$" + m.group(1) + " is not a key of the notifications Secret");
        }
        m.appendReplacement(out, Matcher.quoteReplacement(value));
      }
      m.appendTail(out);
      return out.toString();
    }
    if (node instanceof Map<?, ?> map) {
      Map<String, Object> resolved = new LinkedHashMap<>();
      for (var e : map.entrySet()) {
        resolved.put(String.valueOf(e.getKey()), resolve(e.getValue(), secret));
      }
      return resolved;
    }
    if (node instanceof List<?> list) {
      List<Object> resolved = new ArrayList<>();
      for (Object item : list) {
        resolved.add(resolve(item, secret));
      }
      return resolved;
    }
    return node;
  }

  /**
   * A trigger is a list of conditions, each naming the templates it sends and, optionally, {@code when} it sends
   * them. A {@code when} that is not Argo's expression language refuses the whole key, as Argo refuses the
   * configuration. {@code oncePer} is read and not evaluated: Argo Rollouts does not use it either (it sends on
   * every Event), and Sluice sends each Event's notification once.
   */
  private static Trigger trigger(String value) throws Invalid, JsonProcessingException {
    Object parsed = YAML.readValue(value, Object.class);
    if (!(parsed instanceof List<?> conditions)) {
      throw new Invalid("expected a list of conditions, each with send: [template...]");
    }
    List<Trigger.Condition> out = new ArrayList<>();
    for (Object condition : conditions) {
      if (!(condition instanceof Map<?, ?> c) || c.get("send") == null) {
        throw new Invalid("each condition needs send: [template...]");
      }
      Object when = c.get("when");
      String text = when == null || String.valueOf(when).isBlank() ? null : String.valueOf(when);
      try {
        out.add(new Trigger.Condition(text, text == null ? null : WHEN.compile(text), strings(c.get("send"))));
      } catch (InvalidConditionException e) {
        throw new Invalid("condition " + (out.size() + 1) + ": when: " + e.getMessage());
      }
    }
    return new Trigger(out);
  }

  private static List<GlobalSubscription> subscriptions(String value) throws Invalid, JsonProcessingException {
    Object parsed = YAML.readValue(value, Object.class);
    if (!(parsed instanceof List<?> list)) {
      throw new Invalid("expected a list of {recipients, triggers, selector}");
    }
    List<GlobalSubscription> out = new ArrayList<>();
    for (Object item : list) {
      if (!(item instanceof Map<?, ?> m)) {
        throw new Invalid("expected a list of {recipients, triggers, selector}");
      }
      List<String> recipients = strings(m.get("recipients"));
      for (String recipient : recipients) {
        if (!recipient.contains(":")) {
          throw new Invalid("recipient \"" + bounded(recipient) + "\" is not <service>:<recipient>");
        }
      }
      out.add(new GlobalSubscription(recipients, strings(m.get("triggers")), selector(m.get("selector"))));
    }
    return out;
  }

  /** An equality selector, {@code a=b,c=d}, as Argo's subscriptions take it. */
  static Map<String, String> selector(Object value) throws Invalid {
    Map<String, String> selector = new LinkedHashMap<>();
    if (value == null || String.valueOf(value).isBlank()) {
      return selector;
    }
    for (String term : String.valueOf(value).split(",")) {
      String[] kv = term.split("==?", 2);
      if (kv.length != 2 || kv[0].isBlank()) {
        throw new Invalid("selector term \"" + bounded(term) + "\" is not key=value");
      }
      selector.put(kv[0].trim(), kv[1].trim());
    }
    return selector;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(String value) throws Invalid, JsonProcessingException {
    Object parsed = YAML.readValue(value, Object.class);
    if (parsed == null) {
      return Map.of();
    }
    if (!(parsed instanceof Map<?, ?>)) {
      throw new Invalid("expected a YAML mapping");
    }
    return (Map<String, Object>) parsed;
  }

  static List<String> strings(Object value) throws Invalid {
    if (value == null) {
      return List.of();
    }
    if (value instanceof List<?> list) {
      return list.stream().map(String::valueOf).toList();
    }
    if (value instanceof String s) {
      return List.of(s);
    }
    throw new Invalid("expected a list of names");
  }

  private static String reason(Exception e) {
    if (e instanceof JsonProcessingException j) {
      // Jackson's message may quote the document (and so a token pasted into the ConfigMap); its location does not.
      return "not valid YAML" + (j.getLocation() == null ? "" : " at line " + j.getLocation().getLineNr());
    }
    return bounded(e.getMessage());
  }

  static String bounded(String s) {
    if (s == null) {
      return "";
    }
    return s.length() <= 200 ? s : s.substring(0, 200) + "...";
  }

  /** A configuration problem; the message is safe to show. */
  static final class Invalid extends Exception {
    Invalid(String message) {
      super(message);
    }
  }
}
