package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "[has(self.exact), has(self.prefix), has(self.regex)].filter(x, x).size() == 1",
    message = "exactly one of exact, prefix, regex must be set")
public class StringMatch {
  public String exact;
  public String prefix;
  public String regex;
}
