package dev.sluice.e2e.demo;

import dev.sluice.e2e.FluxAppServices;
import java.util.LinkedHashMap;
import java.util.Map;

/** The example app's manifests in the GitOps repository, for a given release of its image. */
final class DemoApp {
  private final String repoURL;
  private final int port;
  private final String prometheusUrl;
  private final String errorRateQuery;
  private final String encryptedCredentials;

  /** port: the Services' port; errorRateQuery: the PromQL the analysis runs against prometheusUrl. */
  DemoApp(String repoURL, int port, String prometheusUrl, String errorRateQuery, String encryptedCredentials) {
    this.repoURL = repoURL;
    this.port = port;
    this.prometheusUrl = prometheusUrl;
    this.errorRateQuery = errorRateQuery;
    this.encryptedCredentials = encryptedCredentials;
  }

  /** The files under apps/web for one release: only rollout.yaml's image line differs between releases. */
  Map<String, String> files(String version) {
    Map<String, String> files = new LinkedHashMap<>();
    files.put(DemoStory.APP_PATH + "/services.yaml", FluxAppServices.yaml(port));
    files.put(DemoStory.APP_PATH + "/analysis.yaml", ANALYSIS.formatted(prometheusUrl, errorRateQuery));
    files.put(DemoStory.APP_PATH + "/git-credentials.enc.yaml", encryptedCredentials);
    files.put(DemoStory.APP_PATH + "/rollout.yaml", ROLLOUT.formatted(repoURL, version));
    return files;
  }

  /** Sluice's Git credentials; the repository keeps them encrypted by sops (formatted(username, password)). */
  static final String CREDENTIALS = """
      apiVersion: v1
      kind: Secret
      metadata: {name: gitops-credentials}
      type: Opaque
      stringData:
        username: %s
        password: %s
      """;

  static final String ANALYSIS = """
      # The share of the canary's answers that were HTTP 5xx, as Traefik counted them, must stay under 5%%.
      # The first measurement waits until Prometheus holds a few scrapes of the canary's traffic.
      apiVersion: sluice.dev/v1alpha1
      kind: AnalysisTemplate
      metadata: {name: error-rate}
      spec:
        metrics:
        - name: error-rate
          initialDelay: 5s
          interval: 2s
          count: 5
          failureLimit: 0
          successCondition: "result < 0.05"
          provider:
            prometheus:
              address: %s
              query: '%s'
      """;

  static final String ROLLOUT = """
      # The web app, released by Sluice as a canary. A failed analysis makes Sluice revert the release here.
      apiVersion: sluice.dev/v1alpha1
      kind: Rollout
      metadata:
        name: web
      spec:
        replicas: 4
        selector:
          matchLabels: {app: web}
        template:
          metadata:
            labels: {app: web}
          spec:
            containers:
            - name: web
              image: registry.example/web:%2$s
        strategy:
          canary:
            canaryService: web-canary
            stableService: web-stable
            scaleDownDelaySeconds: 2
            abortScaleDownDelaySeconds: 2
            trafficRouting:
              gatewayAPI: {httpRoute: web}
            steps:
            - setWeight: 25
            - analysis:
                templates: [{templateName: error-rate}]
            - setWeight: 50
            - pause: {duration: 5s}
        gitRevert:
          enabled: true
          repoURL: %1$s
          branch: main
          path: apps/web
          secretRef: {name: gitops-credentials}
      """;
}
