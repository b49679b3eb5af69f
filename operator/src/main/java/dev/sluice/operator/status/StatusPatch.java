package dev.sluice.operator.status;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.api.v1alpha1.RolloutLabels;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.internal.OperationSupport;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends a merge patch to a Rollout's status subresource over the client's own HTTP client (its TLS, token and
 * interceptors) and reads only the resourceVersion of the answer. fabric8's typed path binds the whole Rollout that
 * comes back, spec, status and managedFields, on every write: ~2 ms of each status write on a step's path (400
 * patches, typed 12.0-12.3 ms against 9.8-10.7 ms for the request alone, docs/performance.md), and the writer needs
 * none of it: the status is the one it sent. A refusal is the KubernetesClientException the typed path throws, with
 * the API server's Status (a 409 for a stale resourceVersion).
 */
final class StatusPatch {
  private static final JsonFactory JSON = new JsonFactory();
  private static final String MERGE_PATCH = "application/merge-patch+json";
  private static final String PATH = "apis/" + Rollout.GROUP + "/" + Rollout.VERSION + "/namespaces/%s/rollouts/%s/status?fieldManager="
      + URLEncoder.encode(RolloutLabels.FIELD_MANAGER, StandardCharsets.UTF_8);

  private final KubernetesClient client;

  StatusPatch(KubernetesClient client) {
    this.client = client;
  }

  /** @return the resourceVersion of the Rollout as stored after the patch */
  String send(String namespace, String name, String patch) {
    HttpClient http = client.getHttpClient();
    String base = client.getMasterUrl().toString();
    String uri = (base.endsWith("/") ? base : base + "/") + PATH.formatted(encode(namespace), encode(name));
    HttpRequest request = http.newHttpRequestBuilder().uri(uri).method("PATCH", MERGE_PATCH, patch).build();
    HttpResponse<byte[]> response = await(http, request);
    if (!response.isSuccessful()) {
      throw OperationSupport.requestFailure(request, OperationSupport.createStatus(response, client.getKubernetesSerialization()));
    }
    String resourceVersion = resourceVersion(response.body());
    if (resourceVersion == null) {
      throw new KubernetesClientException("the API server's answer to a status patch of " + namespace + "/" + name
          + " carries no metadata.resourceVersion");
    }
    return resourceVersion;
  }

  private HttpResponse<byte[]> await(HttpClient http, HttpRequest request) {
    long timeout = client.getConfiguration().getRequestTimeout();
    try {
      var answer = http.sendAsync(request, byte[].class);
      return timeout > 0 ? answer.get(timeout, TimeUnit.MILLISECONDS) : answer.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KubernetesClientException("interrupted while patching " + request.uri(), e);
    } catch (ExecutionException e) {
      throw new KubernetesClientException("status patch " + request.uri() + " failed: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new KubernetesClientException("status patch " + request.uri() + " got no answer within " + timeout + " ms", e);
    }
  }

  /** The top-level metadata.resourceVersion, skipping everything else unparsed. */
  static String resourceVersion(byte[] body) {
    try (JsonParser parser = JSON.createParser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        parser.nextToken();
        if (!"metadata".equals(field) || parser.currentToken() != JsonToken.START_OBJECT) {
          parser.skipChildren();
          continue;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String key = parser.currentName();
          parser.nextToken();
          if ("resourceVersion".equals(key) && parser.currentToken() == JsonToken.VALUE_STRING) {
            return parser.getText();
          }
          parser.skipChildren();
        }
        return null;
      }
      return null;
    } catch (IOException e) {
      return null;
    }
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8);
  }
}
