package dev.sluice.api.validation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names the Argo Rollouts feature Sluice lacks behind each refusal of the Argo corpus, from argo-corpus-features.txt:
 * one line per feature, {@code feature <- regular expression}, the expression matched against a refusal as
 * ArgoCorpusTest writes it ({@code field: message}, list indices as {@code [*]}); the first matching line wins, and
 * {@code $1}, {@code $2}... in the feature are the expression's groups (one line covers every unknown metric provider).
 * {@link #CONSEQUENCE} names refusals that only follow from another one (a step left empty once its unknown kind is
 * pruned), which do not count as a feature.
 */
final class ArgoFeatures {
  static final String CONSEQUENCE = "-";

  private record Line(String feature, Pattern refusal) {
  }

  private final List<Line> lines;

  private ArgoFeatures(List<Line> lines) {
    this.lines = lines;
  }

  static ArgoFeatures load(Path file) {
    List<Line> lines = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(file)) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        int arrow = line.indexOf(" <- ");
        if (arrow < 0) {
          throw new IllegalStateException(file + ": not \"feature <- regex\": " + line);
        }
        lines.add(new Line(line.substring(0, arrow).trim(), Pattern.compile(line.substring(arrow + 4).trim())));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ArgoFeatures(lines);
  }

  /** The feature a refusal stands for, or {@link #CONSEQUENCE}; empty when no line names it. */
  Optional<String> featureOf(String refusal) {
    for (Line line : lines) {
      Matcher m = line.refusal().matcher(refusal);
      if (m.find()) {
        String feature = line.feature();
        for (int g = 1; g <= m.groupCount(); g++) {
          feature = feature.replace("$" + g, m.group(g) == null ? "" : m.group(g));
        }
        return Optional.of(feature);
      }
    }
    return Optional.empty();
  }
}
