package dev.sluice.operator.notifications;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.qute.Engine;
import io.quarkus.qute.Results;
import io.quarkus.qute.TemplateException;
import io.quarkus.qute.ValueResolver;
import io.quarkus.qute.ValueResolvers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Renders a notification template (every string in it, {@code message}, {@code email.subject},
 * {@code webhook.<name>.body}...) with Qute: {@code {rollout.metadata.name}}, {@code {#if analysis}...{/if}}. A
 * missing value renders empty, as in Argo's templates; {@code {x.json}} renders x as a JSON string literal, for bodies.
 */
public final class TemplateRenderer {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** A rendered part is bounded: a template looping over a huge value never builds a huge message. */
  static final int MAX_RENDERED_CHARS = 32 * 1024;

  private final Engine engine = Engine.builder()
      .addDefaults()
      .addValueResolver(ValueResolvers.mapResolver())
      .addValueResolver(jsonResolver())
      .strictRendering(false)
      .addResultMapper(new io.quarkus.qute.ResultMapper() {
        @Override
        public boolean appliesTo(io.quarkus.qute.TemplateNode.Origin origin, Object result) {
          return Results.isNotFound(result);
        }

        @Override
        public String map(Object result, io.quarkus.qute.Expression expression) {
          return "";
        }
      })
      .build();

  /** Renders each string of template with data; a template that does not parse or render is a {@link Unrenderable}. */
  public Map<String, Object> render(String name, Map<String, Object> template, Map<String, Object> data) throws Unrenderable {
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> rendered = (Map<String, Object>) renderNode(template, data);
      return rendered;
    } catch (TemplateException e) {
      throw new Unrenderable("template " + name + " does not render: " + ConfigParser.bounded(e.getMessage()));
    }
  }

  private Object renderNode(Object node, Map<String, Object> data) {
    if (node instanceof String s) {
      String out = engine.parse(s).render(data);
      return out.length() <= MAX_RENDERED_CHARS ? out : out.substring(0, MAX_RENDERED_CHARS);
    }
    if (node instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), renderNode(v, data)));
      return out;
    }
    if (node instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(v -> out.add(renderNode(v, data)));
      return out;
    }
    return node;
  }

  private static ValueResolver jsonResolver() {
    return ValueResolver.builder()
        .applyToName("json")
        .resolveSync(ctx -> {
          try {
            Object base = ctx.getBase();
            return JSON.writeValueAsString(base instanceof String || base instanceof Number || base instanceof Boolean ? base
                : base == null ? "" : base);
          } catch (JsonProcessingException e) {
            return "\"\"";
          }
        })
        .build();
  }

  /** A template that cannot be rendered; the message names the template. */
  public static final class Unrenderable extends Exception {
    public Unrenderable(String message) {
      super(message);
    }
  }
}
