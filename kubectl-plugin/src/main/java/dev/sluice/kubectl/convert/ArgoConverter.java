package dev.sluice.kubectl.convert;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sluice.api.v1alpha1.Rollout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns the Argo Rollouts documents of a YAML (or JSON) stream into Sluice documents by rewriting the one scalar that
 * differs, the apiVersion, in the text itself: comments, key order, quoting, blank lines and every other document stay
 * byte for byte, and every line keeps its number (so a problem found in the output points at the input's line too).
 * Sluice spells Argo's fields as Argo does, so nothing else is renamed; what Sluice cannot run is for the validator to
 * say (see {@link Refusals}), not for this class to guess.
 */
public final class ArgoConverter {
  public static final String ARGO_API_VERSION = "argoproj.io/v1alpha1";
  public static final String SLUICE_API_VERSION = Rollout.GROUP + "/" + Rollout.VERSION;
  /** The Argo Rollouts kinds Sluice has under the same name. */
  public static final Set<String> CONVERTED_KINDS = Set.of("Rollout", "AnalysisTemplate", "ClusterAnalysisTemplate",
      "AnalysisRun");
  /** Argo Rollouts kinds Sluice has no counterpart for (argoproj.io is shared with Argo CD and Workflows: not theirs). */
  public static final Set<String> KINDS_WITHOUT_COUNTERPART = Set.of("Experiment");
  private static final YAMLFactory FACTORY = new YAMLFactory();

  private ArgoConverter() {
  }

  /** A document of the stream as the converter saw it: its position, kind, name and what was done with it. */
  public record Document(int index, int line, String kind, String name, Outcome outcome) {
    public String describe() {
      return kind + (name == null || name.isEmpty() ? "" : "/" + name);
    }
  }

  /** What happened to a document. */
  public enum Outcome {
    /** An Argo Rollouts document now in sluice.dev. */
    CONVERTED,
    /** An Argo Rollouts kind Sluice lacks; left as it is. */
    NO_COUNTERPART,
    /** Not Argo Rollouts' (a Service, a Deployment, an Argo CD Application, a Sluice document...); left as it is. */
    UNTOUCHED
  }

  /** The converted text and every document of the stream, in order (empty documents included, as Jackson reads them). */
  public record Result(String text, List<Document> documents) {
    public List<Document> with(Outcome outcome) {
      return documents.stream().filter(d -> d.outcome() == outcome).toList();
    }
  }

  /** The stream is not YAML: nothing of it is converted. */
  public static final class InvalidYaml extends Exception {
    private final int line;

    InvalidYaml(int line, String message) {
      super(message);
      this.line = line;
    }

    public int line() {
      return line;
    }
  }

  public static Result convert(String text) throws InvalidYaml {
    List<Document> documents = new ArrayList<>();
    List<int[]> replacements = new ArrayList<>();
    try (JsonParser parser = FACTORY.createParser(text)) {
      while (parser.nextToken() != null) {
        int line = parser.currentTokenLocation().getLineNr();
        Header header = parser.currentToken() == JsonToken.START_OBJECT ? Header.read(parser) : skip(parser);
        Outcome outcome = outcome(header);
        if (outcome == Outcome.CONVERTED) {
          replacements.add(new int[] {header.apiVersionStart, header.apiVersionEnd});
        }
        documents.add(new Document(documents.size(), line, header.kind, header.name, outcome));
      }
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 1 : Math.max(1, e.getLocation().getLineNr());
      throw new InvalidYaml(line, e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Result(replace(text, replacements), documents);
  }

  private static Outcome outcome(Header header) {
    if (!ARGO_API_VERSION.equals(header.apiVersion)) {
      return Outcome.UNTOUCHED;
    }
    if (CONVERTED_KINDS.contains(header.kind)) {
      return Outcome.CONVERTED;
    }
    return KINDS_WITHOUT_COUNTERPART.contains(header.kind) ? Outcome.NO_COUNTERPART : Outcome.UNTOUCHED;
  }

  private static Header skip(JsonParser parser) throws IOException {
    parser.skipChildren();
    return new Header();
  }

  /**
   * Replaces each apiVersion value (offsets in code points, as the YAML parser counts them) by Sluice's; quotes,
   * anchors and tags around it stay.
   */
  private static String replace(String text, List<int[]> ranges) {
    StringBuilder out = new StringBuilder(text.length());
    int copied = 0;
    for (int[] range : ranges) {
      int start = text.offsetByCodePoints(0, range[0]);
      int end = text.offsetByCodePoints(0, range[1]);
      // The parser's range starts at an anchor or tag when there is one (`&v`, `!!str`): keep those, replace the value.
      int at = text.substring(start, end).lastIndexOf(ARGO_API_VERSION);
      if (at >= 0) {
        start += at;
        end = start + ARGO_API_VERSION.length();
      }
      out.append(text, copied, start).append(SLUICE_API_VERSION);
      copied = end;
    }
    return out.append(text, copied, text.length()).toString();
  }

  /** The top-level fields that decide a document's fate, and where its apiVersion's text is. */
  private static final class Header {
    String apiVersion;
    int apiVersionStart;
    int apiVersionEnd;
    String kind;
    String name;

    /** Reads a document's mapping from its START_OBJECT to its END_OBJECT. */
    static Header read(JsonParser parser) throws IOException {
      Header header = new Header();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (field.equals("apiVersion") && value == JsonToken.VALUE_STRING) {
          header.apiVersion = parser.getText();
          header.apiVersionStart = (int) parser.currentTokenLocation().getCharOffset();
          header.apiVersionEnd = (int) parser.currentLocation().getCharOffset();
        } else if (field.equals("kind") && value == JsonToken.VALUE_STRING) {
          header.kind = parser.getText();
        } else if (field.equals("metadata") && value == JsonToken.START_OBJECT) {
          header.name = metadataName(parser);
        } else {
          parser.skipChildren();
        }
      }
      return header;
    }

    private static String metadataName(JsonParser parser) throws IOException {
      String name = null;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if ((field.equals("name") || (field.equals("generateName") && name == null)) && value == JsonToken.VALUE_STRING) {
          name = parser.getText();
        } else {
          parser.skipChildren();
        }
      }
      return name;
    }
  }
}
