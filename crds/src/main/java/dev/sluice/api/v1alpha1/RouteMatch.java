package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.method) || [has(self.method.exact), has(self.method.prefix), has(self.method.regex)].filter(x, x).size() == 1",
    message = StringMatch.ONE_OF, fieldPath = ".method")
@ValidationRule(value = "!has(self.path) || [has(self.path.exact), has(self.path.prefix), has(self.path.regex)].filter(x, x).size() == 1",
    message = StringMatch.ONE_OF, fieldPath = ".path")
public class RouteMatch {
  public StringMatch method;
  public StringMatch path;
  /** Header name to match; each value is checked by RolloutSemantics (see StringMatch). */
  public Map<String, StringMatch> headers;
}
