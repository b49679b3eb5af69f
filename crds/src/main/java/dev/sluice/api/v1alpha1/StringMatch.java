package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Exactly one of exact, prefix, regex. The rule is declared where a StringMatch is used, not here: inside the
 * mirror route's header map the API server could not bound its cost, so RolloutSemantics checks those values.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StringMatch {
  public static final String ONE_OF = "exactly one of exact, prefix, regex must be set";

  public String exact;
  public String prefix;
  public String regex;

  public boolean hasExactlyOne() {
    return (exact != null ? 1 : 0) + (prefix != null ? 1 : 0) + (regex != null ? 1 : 0) == 1;
  }
}
