package dev.sluice.kubectl.commands;

import dev.sluice.api.validation.ManifestValidator;
import dev.sluice.kubectl.cli.Context;
import dev.sluice.kubectl.cli.ExitCodes;
import dev.sluice.kubectl.lint.LintSources;
import dev.sluice.kubectl.lint.LintSources.Source;
import dev.sluice.kubectl.lint.Linter;
import dev.sluice.kubectl.lint.Linter.Problem;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `lint -f FILE...`: offline validation of Rollout and AnalysisTemplate manifests, as the API server and the controller
 * would judge them. Problems go to stdout as file:line: field: problem; the summary to stderr; exit 1 on any problem.
 */
@Command(name = "lint", description = "Validate Sluice manifests offline as the API server does on create (metadata, "
    + "unknown fields, CRD schema, CEL rules), then with the controller's checks (marked as such); prints "
    + "file:line: field: problem.")
public final class LintCommand implements Callable<Integer> {
  private final Context context;
  @Option(names = {"-f", "--filename"}, required = true, arity = "1..*", paramLabel = "FILE",
      description = "Files, directories (their *.yaml, *.yml, *.json) or - for stdin; repeatable.")
  List<String> files;

  LintCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    Linter linter = new Linter(new ManifestValidator());
    List<Source> sources = LintSources.expand(files);
    List<Problem> problems = new ArrayList<>();
    for (Source source : sources) {
      String text;
      try {
        text = source.text(context.in());
      } catch (IOException e) {
        problems.add(new Problem(source.name(), 0, null, "cannot read: " + e.getMessage()));
        continue;
      }
      problems.addAll(linter.lint(source.name(), text));
    }
    problems.forEach(p -> context.print(p + "\n"));
    String counted = sources.size() + " file" + (sources.size() == 1 ? "" : "s") + ", " + linter.documents()
        + " Sluice document" + (linter.documents() == 1 ? "" : "s");
    if (problems.isEmpty()) {
      context.warn(linter.documents() == 0 ? "lint: no Sluice documents found (" + counted + ")" : "lint: " + counted + ", no problems");
      return ExitCodes.OK;
    }
    context.warn("lint: " + counted + ", " + problems.size() + " problem" + (problems.size() == 1 ? "" : "s"));
    return ExitCodes.FAILED;
  }
}
