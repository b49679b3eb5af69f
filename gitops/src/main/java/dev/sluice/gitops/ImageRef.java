package dev.sluice.gitops;

import java.util.Objects;

/**
 * A container image reference split the way manifests split it: {@code repository[:tag][@digest]}. No
 * normalisation: {@code nginx} and {@code docker.io/library/nginx} are different strings in Git, and the pod
 * template holds exactly what Git (or a chart rendering it) wrote.
 */
public record ImageRef(String repository, String tag, String digest) {

  public ImageRef {
    Objects.requireNonNull(repository, "repository");
  }

  public static ImageRef parse(String image) {
    Objects.requireNonNull(image, "image");
    String rest = image.trim();
    String digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = rest.substring(at + 1);
      rest = rest.substring(0, at);
    }
    String tag = null;
    int colon = rest.lastIndexOf(':');
    // A colon before the last slash belongs to a registry port (registry:5000/app), not to a tag.
    if (colon > rest.lastIndexOf('/')) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
    }
    return new ImageRef(rest, tag, digest);
  }

  @Override
  public String toString() {
    return repository + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
  }
}
