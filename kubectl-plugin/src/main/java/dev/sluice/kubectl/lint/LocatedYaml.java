package dev.sluice.kubectl.lint;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a multi-document YAML stream into the same JsonNode trees Jackson's readTree gives (what the tests and the
 * controller validate), recording the line of every field and list item on the way.
 */
public final class LocatedYaml {
  private static final YAMLFactory FACTORY = new YAMLFactory();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private LocatedYaml() {
  }

  /** One document of the stream: its tree (null for an empty document) and its places. */
  public record Document(JsonNode root, Located location) {
  }

  /** A YAML syntax error at a line. */
  public static final class SyntaxError extends Exception {
    private final int line;

    SyntaxError(int line, String message) {
      super(message);
      this.line = line;
    }

    public int line() {
      return line;
    }
  }

  public static List<Document> parse(String text) throws SyntaxError {
    List<Document> documents = new ArrayList<>();
    try (JsonParser parser = FACTORY.createParser(text)) {
      while (parser.nextToken() != null) {
        Located location = new Located(line(parser));
        JsonNode root = read(parser, location);
        documents.add(new Document(root.isNull() ? null : root, location));
      }
    } catch (JsonProcessingException e) {
      JsonLocation where = e.getLocation();
      throw new SyntaxError(where == null ? 1 : Math.max(1, where.getLineNr()), e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return documents;
  }

  /** Reads the value at the parser's current token, filling in the places of its children. */
  private static JsonNode read(JsonParser parser, Located here) throws IOException {
    JsonToken token = parser.currentToken();
    switch (token) {
      case START_OBJECT -> {
        ObjectNode object = NODES.objectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          Located child = new Located(line(parser));
          parser.nextToken();
          object.set(name, read(parser, child));
          here.fields.put(name, child);
        }
        return object;
      }
      case START_ARRAY -> {
        ArrayNode array = NODES.arrayNode();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          Located child = new Located(line(parser));
          array.add(read(parser, child));
          here.items.add(child);
        }
        return array;
      }
      case VALUE_STRING -> {
        return NODES.textNode(parser.getText());
      }
      case VALUE_NUMBER_INT -> {
        return switch (parser.getNumberType()) {
          case INT -> NODES.numberNode(parser.getIntValue());
          case LONG -> NODES.numberNode(parser.getLongValue());
          default -> NODES.numberNode(parser.getBigIntegerValue());
        };
      }
      case VALUE_NUMBER_FLOAT -> {
        return NODES.numberNode(parser.getDoubleValue());
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return NODES.booleanNode(token == JsonToken.VALUE_TRUE);
      }
      case VALUE_EMBEDDED_OBJECT -> {
        Object value = parser.getEmbeddedObject();
        return value instanceof byte[] bytes ? NODES.binaryNode(bytes) : NODES.pojoNode(value);
      }
      default -> {
        return NODES.nullNode();
      }
    }
  }

  private static int line(JsonParser parser) {
    return parser.currentTokenLocation().getLineNr();
  }
}
