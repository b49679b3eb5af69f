package dev.sluice.operator.notifications;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A browsable link to a commit of a Git repository URL (GitHub, Gitea and Bitbucket style; GitLab's /-/). Pure. */
public final class CommitLinks {
  private static final Pattern SCP = Pattern.compile("^(?:[^@/]+@)?([^:/]+):(.+)$");

  private CommitLinks() {
  }

  /** The link, or null when the URL is not one a browser opens (a file path, an unknown scheme) or commit is missing. */
  public static String of(String repoURL, String commit) {
    if (repoURL == null || commit == null || commit.isBlank()) {
      return null;
    }
    String base;
    if (repoURL.startsWith("https://") || repoURL.startsWith("http://")) {
      base = repoURL.replaceFirst("^(https?://)[^@/]+@", "$1");
    } else if (repoURL.startsWith("ssh://")) {
      base = "https://" + repoURL.substring("ssh://".length()).replaceFirst("^[^@/]+@", "").replaceFirst(":\\d+/", "/");
    } else {
      Matcher m = SCP.matcher(repoURL);
      if (repoURL.contains("://") || !m.matches()) {
        return null;
      }
      base = "https://" + m.group(1) + "/" + m.group(2);
    }
    base = base.replaceFirst("/+$", "").replaceFirst("\\.git$", "");
    return base + (base.contains("gitlab") ? "/-/commit/" : "/commit/") + commit;
  }
}
