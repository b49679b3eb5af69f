package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "[has(self.headerValue.exact), has(self.headerValue.prefix), has(self.headerValue.regex)].filter(x, x).size() == 1",
    message = StringMatch.ONE_OF, fieldPath = ".headerValue")
public class HeaderRoutingMatch {
  @Required
  @Size(max = 256)
  public String headerName;

  @Required
  public StringMatch headerValue;
}
