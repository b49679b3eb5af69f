package dev.sluice.e2e;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The API server's own count of GET requests on one resource (apiserver_request_total on its /metrics page, every
 * response code summed): what every client read, counted where the reads land. LISTs and WATCHes are other verbs.
 */
final class ApiServerReads {
  private ApiServerReads() {
  }

  static long gets(KubernetesClient client, String group, String resource) {
    return gets(client, group, resource, null);
  }

  /** Only those answered with this code (null: any). */
  static long gets(KubernetesClient client, String group, String resource, String code) {
    HttpClient http = client.getHttpClient();
    String url = client.getConfiguration().getMasterUrl().replaceAll("/$", "") + "/metrics";
    try {
      HttpResponse<String> page = http.sendAsync(http.newHttpRequestBuilder().uri(url).build(), String.class)
          .get(30, TimeUnit.SECONDS);
      if (page.code() != 200) {
        throw new IllegalStateException("GET /metrics answered " + page.code());
      }
      return gets(page.body(), group, resource, code);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (Exception e) {
      throw new IllegalStateException("could not read the API server's /metrics", e);
    }
  }

  static long gets(String page, String group, String resource, String code) {
    List<String> labels = new java.util.ArrayList<>(List.of("verb=\"GET\"", "group=\"" + group + "\"",
        "resource=\"" + resource + "\"", "subresource=\"\""));
    if (code != null) {
      labels.add("code=\"" + code + "\"");
    }
    return page.lines().filter(l -> l.startsWith("apiserver_request_total{"))
        .filter(l -> List.of(l.substring(l.indexOf('{') + 1, l.indexOf('}')).split(",")).containsAll(labels))
        .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
  }
}
