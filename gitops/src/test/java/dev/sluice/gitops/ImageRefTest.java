package dev.sluice.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageRefTest {

  @ParameterizedTest
  @CsvSource(nullValues = "-", value = {
      "nginx,                                   nginx,                      -,     -",
      "nginx:1.27,                              nginx,                      1.27,  -",
      "ghcr.io/acme/app:3.0,                    ghcr.io/acme/app,           3.0,   -",
      "registry:5000/team/app,                  registry:5000/team/app,     -,     -",
      "registry:5000/team/app:v2,               registry:5000/team/app,     v2,    -",
      "app@sha256:abc123,                       app,                        -,     sha256:abc123",
      "ghcr.io/acme/app:3.0@sha256:abc123,      ghcr.io/acme/app,           3.0,   sha256:abc123"})
  void splitsRepositoryTagAndDigest(String image, String repository, String tag, String digest) {
    ImageRef ref = ImageRef.parse(image);

    assertThat(ref).isEqualTo(new ImageRef(repository, tag, digest));
    assertThat(ref.toString()).isEqualTo(image);
  }
}
