package dev.sluice.kubectl.commands;

import dev.sluice.api.validation.ManifestValidator;
import dev.sluice.kubectl.cli.CliException;
import dev.sluice.kubectl.cli.Context;
import dev.sluice.kubectl.cli.ExitCodes;
import dev.sluice.kubectl.convert.ArgoConverter;
import dev.sluice.kubectl.convert.ArgoConverter.Outcome;
import dev.sluice.kubectl.convert.ConvertSources;
import dev.sluice.kubectl.convert.ConvertSources.Input;
import dev.sluice.kubectl.convert.Refusals;
import dev.sluice.kubectl.lint.Linter.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `convert -f FILE|DIR|-`: Argo Rollouts manifests to Sluice, as text (comments and order kept), to stdout or -o DIR;
 * on stderr, file:line: field: problem for everything Sluice would refuse of the result, then a summary.
 */
@Command(name = "convert", description = {
    "Convert Argo Rollouts manifests (Rollout, AnalysisTemplate, ClusterAnalysisTemplate, AnalysisRun of "
        + ArgoConverter.ARGO_API_VERSION + ") to Sluice (" + ArgoConverter.SLUICE_API_VERSION + "). Only the "
        + "apiVersion changes: comments, key order and every other document (Services, Deployments...) are kept as "
        + "they are.",
    "Each converted document is then checked as `lint` checks it; every field Sluice refuses today (and every Argo "
        + "Experiment, and every HorizontalPodAutoscaler still scaling Argo's Rollout) is listed on stderr as "
        + "file:line: field: why, and left in the output for you to edit. Exit 0 "
        + "when everything was carried over, 1 when something was not."})
public final class ConvertCommand implements Callable<Integer> {
  private final Context context;
  @Option(names = {"-f", "--filename"}, required = true, arity = "1..*", paramLabel = "FILE",
      description = "Files, directories (their *.yaml, *.yml, *.json) or - for stdin; repeatable.")
  List<String> files;
  @Option(names = {"-o", "--output-dir"}, paramLabel = "DIR",
      description = "Write each file there (a directory's files under their path in it) instead of to stdout. "
          + "Files without Argo Rollouts documents are copied unchanged, so the directory is a whole new tree.")
  Path outputDir;

  ConvertCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    List<Input> inputs = ConvertSources.expand(files, outputDir != null);
    Refusals refusals = new Refusals(new ManifestValidator());
    List<Problem> problems = new ArrayList<>();
    int converted = 0;
    boolean first = true;
    for (Input input : inputs) {
      String text;
      try {
        text = input.source().text(context.in());
      } catch (IOException e) {
        problems.add(new Problem(input.source().name(), 0, null, "cannot read: " + e.getMessage()));
        continue;
      }
      ArgoConverter.Result result;
      try {
        result = ArgoConverter.convert(text);
      } catch (ArgoConverter.InvalidYaml e) {
        problems.add(new Problem(input.source().name(), e.line(), null, "invalid YAML, not converted: " + e.getMessage()));
        continue;
      }
      converted += result.with(Outcome.CONVERTED).size();
      problems.addAll(refusals.of(input.source().name(), result));
      if (outputDir == null) {
        print(result.text(), first);
        first = false;
      } else {
        write(outputDir.resolve(input.relative()), result.text());
      }
    }
    problems.forEach(p -> context.warn(p.toString()));
    String counted = inputs.size() + " file" + (inputs.size() == 1 ? "" : "s") + ", " + converted
        + " Argo Rollouts document" + (converted == 1 ? "" : "s") + " converted";
    if (problems.isEmpty()) {
      context.warn("convert: " + counted + ", everything carried over");
      return ExitCodes.OK;
    }
    context.warn("convert: " + counted + ", " + problems.size() + " thing" + (problems.size() == 1 ? "" : "s")
        + " not carried over (listed above; fix or remove them before applying)");
    return ExitCodes.FAILED;
  }

  /** Several files on stdout make one stream: a document separator between them, unless the next starts with one. */
  private void print(String text, boolean first) {
    if (!first && !text.startsWith("---")) {
      context.print("---\n");
    }
    context.print(text.isEmpty() || text.endsWith("\n") ? text : text + "\n");
  }

  private static void write(Path target, String text) {
    try {
      Path parent = target.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(target, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CliException("cannot write " + target + ": " + e);
    }
  }
}
