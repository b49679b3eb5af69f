package dev.sluice.gitops;

import java.util.Objects;

/** Author and committer of the revert commit. */
public record CommitAuthor(String name, String email) {
  public static final CommitAuthor DEFAULT = new CommitAuthor("Sluice", "sluice@sluice.dev");

  public CommitAuthor {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(email, "email");
    if (name.isBlank() || email.isBlank()) {
      throw new IllegalArgumentException("author name and email must not be blank");
    }
    if (name.contains("\n") || email.contains("\n") || email.contains("<") || email.contains(">")) {
      throw new IllegalArgumentException("author name or email contains characters Git cannot record");
    }
  }
}
