package dev.sluice.operator.notifications.services;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** JSON for the HTTP services: bodies built from maps, template parts that are JSON text, answers read. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {
  }

  static String write(Object value) throws DeliveryFailure {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw DeliveryFailure.permanent("body not serializable");
    }
  }

  static String writeUnchecked(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A template part written as JSON text (Slack's attachments and blocks, as in Argo). */
  static JsonNode parse(String what, String text) throws DeliveryFailure {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw DeliveryFailure.permanent(what + " is not valid JSON once rendered (line "
          + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ")");
    }
  }

  static JsonNode answer(String body) {
    try {
      return MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      return MAPPER.missingNode();
    }
  }
}
