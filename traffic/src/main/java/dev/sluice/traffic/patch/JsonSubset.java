package dev.sluice.traffic.patch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Whether a live object already holds what Sluice would write. The API server adds defaults (a backendRef's
 * kind and group, a match's type), so the live JSON may have more members than the desired one.
 */
public final class JsonSubset {
  private JsonSubset() {
  }

  /** Every member of desired is in actual with a contained value; arrays must have the same length. */
  public static boolean contains(JsonNode actual, JsonNode desired) {
    if (desired == null || desired.isNull()) {
      return true;
    }
    if (actual == null) {
      return false;
    }
    if (desired.isObject()) {
      if (!actual.isObject()) {
        return false;
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = desired.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> member = it.next();
        if (!member.getValue().isNull() && !contains(actual.get(member.getKey()), member.getValue())) {
          return false;
        }
      }
      return true;
    }
    if (desired.isArray()) {
      if (!actual.isArray() || actual.size() != desired.size()) {
        return false;
      }
      for (int i = 0; i < desired.size(); i++) {
        if (!contains(actual.get(i), desired.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (desired.isNumber()) {
      return actual.isNumber() && actual.decimalValue().compareTo(desired.decimalValue()) == 0;
    }
    return desired.equals(actual);
  }
}
