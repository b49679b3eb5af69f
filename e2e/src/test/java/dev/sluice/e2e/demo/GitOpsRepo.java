package dev.sluice.e2e.demo;

import dev.sluice.gitops.testing.GitFixture;
import dev.sluice.gitops.testing.GitHttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * The demo's GitOps repository: a bare repository served over Git's smart HTTP protocol with basic authentication
 * (git http-backend), into which "developers" commit, and from which the demo's GitOps agent and Sluice read.
 */
final class GitOpsRepo implements AutoCloseable {
  static final String USER = "sluice-demo";
  static final String TOKEN = "demo-token-not-a-secret";

  private final Path root;
  private final GitFixture repo;
  private final GitHttpServer server;

  private GitOpsRepo(Path root, GitFixture repo, GitHttpServer server) {
    this.root = root;
    this.repo = repo;
    this.server = server;
  }

  static GitOpsRepo start() throws IOException {
    Path root = Files.createTempDirectory("sluice-demo-git-");
    GitFixture repo = GitFixture.create(root.resolve("gitops.git"));
    return new GitOpsRepo(root, repo, GitHttpServer.start(root, USER, TOKEN));
  }

  String url() {
    return server.url("gitops.git");
  }

  /** A developer's commit on main. */
  RevCommit commit(String message, Map<String, String> files) {
    return repo.commit(message, files);
  }

  /** The files under path at the head of main, as a GitOps agent sees them: cloned over HTTP with credentials. */
  List<String> manifestsAtHead(String path) {
    Path checkout = null;
    try {
      checkout = Files.createTempDirectory(root, "agent-");
      try (Git ignored = Git.cloneRepository().setURI(url()).setDirectory(checkout.toFile()).setBranch("main")
          .setCredentialsProvider(new UsernamePasswordCredentialsProvider(USER, TOKEN)).call()) {
        List<String> manifests = new ArrayList<>();
        try (Stream<Path> files = Files.walk(checkout.resolve(path))) {
          for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
            manifests.add(Files.readString(file));
          }
        }
        return manifests;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GitAPIException e) {
      throw new IllegalStateException("the GitOps agent could not clone " + url() + ": " + e.getMessage(), e);
    }
  }

  /** Newest first. */
  List<RevCommit> log() {
    return repo.log("main");
  }

  String read(String path) {
    return repo.read(path);
  }

  @Override
  public void close() {
    server.close();
    repo.close();
  }
}
