package dev.sluice.kubectl.cli;

/** The plugin's exit codes; documented in kubectl-plugin/README.md. */
public final class ExitCodes {
  /** The command did what was asked; `status`: the rollout is Healthy. */
  public static final int OK = 0;
  /** The command failed (not found, forbidden, unreachable, nothing to promote, lint problems); `status`: Degraded. */
  public static final int FAILED = 1;
  /** `status` (and a bounded `-w`) gave up waiting. */
  public static final int TIMEOUT = 2;
  /** Bad flags or arguments (sysexits' EX_USAGE), distinct from the timeout code. */
  public static final int USAGE = 64;

  private ExitCodes() {
  }
}
