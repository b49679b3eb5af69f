package dev.sluice.analysis.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.analysis.args.ArgTemplate;
import dev.sluice.analysis.args.ArgumentException;
import dev.sluice.analysis.provider.MeasureContext;
import dev.sluice.api.v1alpha1.AnalysisRun;
import dev.sluice.api.v1alpha1.JobMetric;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the Job for one measurement from a job metric: arguments placed, labelled, owned by the run. */
final class JobSpecs {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JobSpecs() {
  }

  static Job build(JobMetric metric, MeasureContext context, String name) throws ArgumentException {
    JobSpec spec = render(metric.spec, context.args().values());
    Map<String, String> labels = new LinkedHashMap<>();
    Map<String, String> annotations = new LinkedHashMap<>();
    if (metric.metadata != null) {
      putRendered(labels, metric.metadata.labels, context);
      putRendered(annotations, metric.metadata.annotations, context);
    }
    labels.put(JobNames.RUN_UID_LABEL, context.run().uid());
    labels.put(JobNames.METRIC_LABEL, JobNames.metricLabel(context.metricName()));
    annotations.put(JobNames.RUN_ANNOTATION, context.run().name());
    annotations.put(JobNames.METRIC_ANNOTATION, context.metricName());
    Job job = new Job();
    job.setMetadata(new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(context.run().namespace())
        .withLabels(labels)
        .withAnnotations(annotations)
        // Deleting the run deletes its Jobs (and their pods) through the garbage collector.
        .withOwnerReferences(new OwnerReferenceBuilder()
            .withApiVersion(HasMetadata.getApiVersion(AnalysisRun.class))
            .withKind(HasMetadata.getKind(AnalysisRun.class))
            .withName(context.run().name())
            .withUid(context.run().uid())
            .withController(true)
            .build())
        .build());
    job.setSpec(spec);
    return job;
  }

  private static void putRendered(Map<String, String> into, Map<String, String> from, MeasureContext context)
      throws ArgumentException {
    if (from != null) {
      for (Map.Entry<String, String> entry : from.entrySet()) {
        into.put(entry.getKey(), ArgTemplate.substitute("job.metadata", entry.getValue(), context.args().values()));
      }
    }
  }

  /**
   * The spec with {@code {{args.NAME}}} replaced in every string of it. Values are escaped for JSON strings, so an
   * argument stays inside the string it stands in and cannot add fields to the Job.
   */
  static JobSpec render(JobSpec spec, Map<String, String> args) throws ArgumentException {
    try {
      String json = JSON.writeValueAsString(spec);
      Map<String, String> escaped = new HashMap<>();
      args.forEach((name, value) -> escaped.put(name, new String(JsonStringEncoder.getInstance().quoteAsString(value))));
      return JSON.readValue(ArgTemplate.substitute("job.spec", json, escaped), JobSpec.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("job.spec cannot be read back after placing arguments: "
          + e.getOriginalMessage());
    }
  }
}
