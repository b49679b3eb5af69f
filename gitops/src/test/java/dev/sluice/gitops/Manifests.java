package dev.sluice.gitops;

/** Manifests as people write them: comments, odd quoting, several documents. */
final class Manifests {

  private Manifests() {
  }

  static String rollout(String image) {
    return rollout(image, "info", 3);
  }

  static String rollout(String image, String logLevel, int replicas) {
    return """
        # Checkout service, owned by team-shop.
        apiVersion: sluice.dev/v1alpha1
        kind: Rollout
        metadata:
          name: checkout
          namespace: shop
        spec:
          replicas: %d   # scaled by hand
          template:
            metadata:
              labels: {app: checkout}
            spec:
              containers:
                - name: app
                  image: "%s"   # bumped by CI
                  env:
                    - name: LOG_LEVEL
                      value: %s
                    - name: 'REGION'
                      value: 'eu-west-1'
          strategy:
            canary:
              steps: [{setWeight: 20}, {pause: {}}]
        """.formatted(replicas, image, logLevel);
  }

  /** A Service, the Rollout and another team's Deployment (its own image) in one file. */
  static String multiDocument(String image, String otherImage) {
    return """
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: checkout
        spec:
          ports:
          - port: 80
        ---
        # the rollout
        apiVersion: sluice.dev/v1alpha1
        kind: Rollout
        metadata:
          name: checkout
        spec:
          template:
            spec:
              containers:
              - name: app
                image: %s
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: payments
        spec:
          template:
            spec:
              containers:
              - name: app
                image: %s
        """.formatted(image, otherImage);
  }

  static String kustomizeBase() {
    return """
        apiVersion: sluice.dev/v1alpha1
        kind: Rollout
        metadata:
          name: checkout
        spec:
          template:
            spec:
              containers:
                - name: app
                  image: ghcr.io/acme/checkout
        """;
  }

  static String kustomizeOverlay(String tag) {
    return """
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        namespace: shop
        resources:
          - ../../base
        images:
          - name: ghcr.io/acme/checkout
            newTag: "%s" # set by CI
          - name: redis
            newTag: "7.2"
        """.formatted(tag);
  }

  static String helmValues(String tag) {
    return """
        # Values for the checkout chart.
        replicaCount: 3
        image:
          repository: ghcr.io/acme/checkout
          tag: "%s"
          pullPolicy: IfNotPresent
        redis:
          image:
            repository: redis
            tag: "7.2"
        """.formatted(tag);
  }
}
