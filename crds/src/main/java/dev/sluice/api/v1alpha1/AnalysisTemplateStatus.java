package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** Whether the template can be evaluated: InvalidSpec=True names what does not compile, as soon as it is applied. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AnalysisTemplateStatus {
  public Long observedGeneration;
  public List<Condition> conditions = new ArrayList<>();
}
