package dev.sluice.gitops;

import dev.sluice.gitops.GitRevertOutcome.Reason;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.errors.TransportException;

/** Maps what JGit and the SSH stack throw to an outcome reason. JGit reports most causes only as text. */
final class Failures {

  private static final List<String> AUTHENTICATION = List.of("not authorized", "authentication", "auth fail",
      "no more authentication methods", "forbidden", "credentialsprovider", "permission denied",
      "server key did not validate", "host key", "hostkey", "known_hosts", "known hosts");

  /**
   * An HTTP status of refused credentials as a number of its own: not the same digits inside a port (a refused
   * connection to port 40157 is no authentication failure), an address or a commit hash.
   */
  private static final Pattern REFUSED_STATUS = Pattern.compile("(?<![\\w.:])40[13](?![\\w.])");

  /** Causes on this side: the work directory is full, read-only or not a directory. */
  private static final List<String> LOCAL_STORAGE = List.of("no space left on device", "disk quota exceeded",
      "read-only file system", "not a directory");

  private Failures() {
  }

  static Reason classify(Throwable error) {
    boolean transport = false;
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
      if (AUTHENTICATION.stream().anyMatch(message::contains) || REFUSED_STATUS.matcher(message).find()) {
        return Reason.AuthenticationFailed;
      }
      if (t instanceof java.nio.file.FileSystemException || LOCAL_STORAGE.stream().anyMatch(message::contains)) {
        return Reason.LocalStorageError;
      }
      if (t instanceof InvalidRemoteException || t instanceof java.net.URISyntaxException
          || t instanceof IllegalArgumentException) {
        return Reason.InvalidRequest;
      }
      transport |= t instanceof TransportException || t instanceof NoRemoteRepositoryException
          || t instanceof org.eclipse.jgit.api.errors.TransportException || t instanceof IOException;
    }
    return transport ? Reason.TransportError : Reason.InternalError;
  }
}
