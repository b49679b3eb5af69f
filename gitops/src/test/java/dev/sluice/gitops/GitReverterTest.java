package dev.sluice.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gitops.GitRevertOutcome.Phase;
import dev.sluice.gitops.GitRevertOutcome.Reason;
import dev.sluice.gitops.testing.GitFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reverts against real repositories in temporary directories (JGit's local transport). */
class GitReverterTest {

  static final String STABLE = "ghcr.io/acme/checkout:2.0";
  static final String BAD = "ghcr.io/acme/checkout:3.0";
  static final ValueChange IMAGE = ValueChange.of("spec.containers[name=app].image", STABLE, BAD);

  @TempDir
  Path tmp;
  GitFixture remote;
  GitReverter reverter;

  @BeforeEach
  void setUp() {
    remote = GitFixture.create(tmp.resolve("remote.git"));
    reverter = new GitReverter(fastSettings());
  }

  @AfterEach
  void tearDown() {
    remote.close();
  }

  GitRevertSettings fastSettings() {
    return GitRevertSettings.DEFAULTS.withWorkDir(tmp.resolve("work"))
        .withBackoff(Duration.ofMillis(5), Duration.ofMillis(20));
  }

  GitRevertRequest.Builder request(String path, ValueChange... changes) {
    return GitRevertRequest.builder()
        .repoURL(remote.fileUrl())
        .path(path)
        .rollout("shop", "checkout")
        .badRevision("7d9f8c6b5")
        .stableRevision("5c4b3a2f1")
        .changes(List.of(changes))
        .author(new CommitAuthor("Sluice Bot", "sluice@example.com"))
        .analysis("checkout-7d9f8c6b5-1", "error-rate", "0.12");
  }

  @Test
  void revertsTheReleaseCommitWithGitRevert() {
    RevCommit stable = remote.commit("checkout 2.0", Map.of("apps/checkout/rollout.yaml", Manifests.rollout(STABLE)));
    RevCommit release = remote.commit("checkout 3.0", Map.of("apps/checkout/rollout.yaml", Manifests.rollout(BAD)));

    GitRevertOutcome outcome = reverter.revert(request("apps/checkout", IMAGE).build());

    assertThat(outcome.phase()).isEqualTo(Phase.Pushed);
    assertThat(outcome.reason()).isEqualTo(Reason.RevertedCommit);
    assertThat(outcome.attempts()).isEqualTo(1);
    assertThat(outcome.branch()).isEqualTo("main");
    assertThat(outcome.releaseCommits()).containsExactly(release.name());
    assertThat(remote.head().name()).isEqualTo(outcome.commit());
    RevCommit revert = remote.parse(remote.head());
    assertThat(revert.getParents()).containsExactly(release);
    assertThat(remote.read("apps/checkout/rollout.yaml")).isEqualTo(Manifests.rollout(STABLE));
    assertThat(revert.getAuthorIdent().getName()).isEqualTo("Sluice Bot");
    assertThat(revert.getFullMessage())
        .contains("This reverts commit " + release.name() + ".")
        .contains(BAD + " -> " + STABLE)
        .contains("AnalysisRun checkout-7d9f8c6b5-1", "metric error-rate measured 0.12", "5c4b3a2f1")
        .endsWith("Sluice-Rollout: shop/checkout\nSluice-Revision: 7d9f8c6b5\nSluice-AnalysisRun: checkout-7d9f8c6b5-1\n");
    assertThat(remote.log()).hasSize(3).extracting(RevCommit::name).contains(stable.name());
  }

  @Test
  void unrelatedCommitsAfterTheReleaseSurvive() {
    remote.commit("checkout 2.0", Map.of("apps/checkout/rollout.yaml", Manifests.rollout(STABLE),
        "apps/cart/rollout.yaml", "kind: Rollout\n"));
    RevCommit release = remote.commit("checkout 3.0", Map.of("apps/checkout/rollout.yaml", Manifests.rollout(BAD)));
    remote.commit("scale checkout", Map.of("apps/checkout/rollout.yaml", Manifests.rollout(BAD, "info", 5)));
    remote.commit("cart change", Map.of("apps/cart/rollout.yaml", "kind: Rollout # cart\n",
        "apps/checkout/README.md", "notes\n"));

    GitRevertOutcome outcome = reverter.revert(request("apps/checkout/", IMAGE).build());

    assertThat(outcome.reason()).isEqualTo(Reason.RevertedCommit);
    assertThat(outcome.releaseCommits()).containsExactly(release.name());
    assertThat(remote.read("apps/checkout/rollout.yaml")).isEqualTo(Manifests.rollout(STABLE, "info", 5));
    assertThat(remote.read("apps/cart/rollout.yaml")).isEqualTo("kind: Rollout # cart\n");
    assertThat(remote.read("apps/checkout/README.md")).isEqualTo("notes\n");
    assertThat(remote.log()).hasSize(5);
  }

  @Test
  void releaseThatAlsoTouchedOtherFilesIsRevertedLineByLine() {
    remote.commit("initial", Map.of(
        "apps/checkout/rollout.yaml", Manifests.rollout(STABLE),
        "apps/checkout/service.yaml", "kind: Service\n",
        "apps/cart/rollout.yaml", "kind: Rollout\n"));
    RevCommit release = remote.commit("release train", Map.of(
        "apps/checkout/rollout.yaml", Manifests.rollout(BAD),
        "apps/checkout/service.yaml", "kind: Service # v3\n",
        "apps/cart/rollout.yaml", "kind: Rollout # bumped\n"));
    byte[] serviceBefore = remote.readBytes("main", "apps/checkout/service.yaml");
    byte[] cartBefore = remote.readBytes("main", "apps/cart/rollout.yaml");

    GitRevertOutcome outcome = reverter.revert(request("apps/checkout", IMAGE).build());

    assertThat(outcome.reason()).as(outcome.message()).isEqualTo(Reason.RevertedLines);
    assertThat(outcome.releaseCommits()).containsExactly(release.name());
    assertThat(remote.read("apps/checkout/rollout.yaml")).isEqualTo(Manifests.rollout(STABLE));
    assertThat(remote.readBytes("main", "apps/checkout/service.yaml")).isEqualTo(serviceBefore);
    assertThat(remote.readBytes("main", "apps/cart/rollout.yaml")).isEqualTo(cartBefore);
    RevCommit revert = remote.parse(remote.head());
    assertThat(revert.getParents()).containsExactly(release);
    assertThat(revert.getFullMessage()).contains("line-level revert", "also changed apps/cart/rollout.yaml",
        "apps/checkout/rollout.yaml:15", "Sluice-Revision: 7d9f8c6b5").doesNotContain("This reverts commit");
  }

  @Test
  void multiDocumentFileKeepsTheOtherDocumentsByteForByte() {
    String other = "ghcr.io/acme/payments:8.1";
    remote.commit("initial", Map.of("deploy/all.yaml", Manifests.multiDocument(STABLE, other)));
    // The release also touches a file outside the path, so only the Rollout's line may change.
    remote.commit("release", Map.of("deploy/all.yaml", Manifests.multiDocument(BAD, other), "CHANGELOG", "3.0\n"));

    GitRevertOutcome outcome = reverter.revert(request("deploy/all.yaml",
        ValueChange.of("spec.containers[name=app].image", STABLE, BAD)).build());

    assertThat(outcome.reason()).as(outcome.message()).isEqualTo(Reason.RevertedLines);
    assertThat(remote.read("deploy/all.yaml")).isEqualTo(Manifests.multiDocument(STABLE, other));
    assertThat(remote.read("CHANGELOG")).isEqualTo("3.0\n");
  }

  @Test
  void kustomizeOverlayImagesEntryIsReverted() {
    remote.commit("base and overlay", Map.of(
        "base/rollout.yaml", Manifests.kustomizeBase(),
        "base/kustomization.yaml", "resources: [rollout.yaml]\n",
        "overlays/prod/kustomization.yaml", Manifests.kustomizeOverlay("2.0")));
    RevCommit release = remote.commit("prod: checkout 3.0",
        Map.of("overlays/prod/kustomization.yaml", Manifests.kustomizeOverlay("3.0")));

    GitRevertOutcome outcome = reverter.revert(request("overlays/prod", IMAGE).build());

    assertThat(outcome.reason()).as(outcome.message()).isEqualTo(Reason.RevertedCommit);
    assertThat(outcome.releaseCommits()).containsExactly(release.name());
    assertThat(remote.read("overlays/prod/kustomization.yaml")).isEqualTo(Manifests.kustomizeOverlay("2.0"));
    assertThat(remote.read("base/rollout.yaml")).isEqualTo(Manifests.kustomizeBase());
  }

  @Test
  void kustomizeNewTagIsEditedInPlaceWhenTheReleaseAlsoBumpedStaging() {
    remote.commit("base and overlays", Map.of(
        "base/rollout.yaml", Manifests.kustomizeBase(),
        "overlays/staging/kustomization.yaml", Manifests.kustomizeOverlay("2.0"),
        "overlays/prod/kustomization.yaml", Manifests.kustomizeOverlay("2.0")));
    remote.commit("checkout 3.0 everywhere", Map.of(
        "overlays/staging/kustomization.yaml", Manifests.kustomizeOverlay("3.0"),
        "overlays/prod/kustomization.yaml", Manifests.kustomizeOverlay("3.0")));

    GitRevertOutcome outcome = reverter.revert(request("overlays/prod", IMAGE).build());

    assertThat(outcome.reason()).as(outcome.message()).isEqualTo(Reason.RevertedLines);
    assertThat(remote.read("overlays/prod/kustomization.yaml")).isEqualTo(Manifests.kustomizeOverlay("2.0"));
    assertThat(remote.read("overlays/staging/kustomization.yaml")).isEqualTo(Manifests.kustomizeOverlay("3.0"));
  }

  @Test
  void helmValuesTagSplitFromTheRepositoryIsReverted() {
    remote.commit("chart values", Map.of("charts/checkout/values.yaml", Manifests.helmValues("2.0"),
        "charts/checkout/templates/rollout.yaml", "image: \"{{ .Values.image.repository }}:{{ .Values.image.tag }}\"\n"));
    remote.commit("checkout 3.0", Map.of("charts/checkout/values.yaml", Manifests.helmValues("3.0"),
        "release-notes.md", "3.0 is out\n"));

    GitRevertOutcome outcome = reverter.revert(request("charts/checkout", IMAGE).build());

    assertThat(outcome.reason()).as(outcome.message()).isEqualTo(Reason.RevertedLines);
    assertThat(remote.read("charts/checkout/values.yaml")).isEqualTo(Manifests.helmValues("2.0"));
    assertThat(remote.read("release-notes.md")).isEqualTo("3.0 is out\n");
  }

  @Test
  void helmValuesOverrideOfTheTagAloneIsReverted() {
    remote.commit("prod values", Map.of("env/prod/values.yaml", "image:\n  tag: '2.0'\nreplicaCount: 4\n"));
    remote.commit("prod: 3.0", Map.of("env/prod/values.yaml", "image:\n  tag: '3.0'\nreplicaCount: 4\n",
        "env/staging/values.yaml", "image:\n  tag: '3.0'\n"));

    GitRevertOutcome outcome = reverter.revert(request("env/prod", IMAGE).build());

    assertThat(outcome.reason()).as(outcome.message()).isEqualTo(Reason.RevertedLines);
    assertThat(remote.read("env/prod/values.yaml")).isEqualTo("image:\n  tag: '2.0'\nreplicaCount: 4\n");
    assertThat(remote.read("env/staging/values.yaml")).isEqualTo("image:\n  tag: '3.0'\n");
  }

  @Test
  void imageAndEnvValueChangedTogetherAreBothReverted() {
    remote.commit("initial", Map.of("apps/checkout/rollout.yaml", Manifests.rollout(STABLE, "info", 3)));
    remote.commit("3.0 with debug logs", Map.of("apps/checkout/rollout.yaml", Manifests.rollout(BAD, "debug", 3),
        "other/file.txt", "x\n"));

    GitRevertOutcome outcome = reverter.revert(request("apps/checkout", IMAGE,
        ValueChange.of("spec.containers[name=app].env[name=LOG_LEVEL].value", "info", "debug")).build());

    assertThat(outcome.reason()).as(outcome.message()).isEqualTo(Reason.RevertedLines);
    assertThat(remote.read("apps/checkout/rollout.yaml")).isEqualTo(Manifests.rollout(STABLE, "info", 3));
  }

  static String withDebugEnv(String rollout) {
    String region = rollout.lines().filter(l -> l.contains("- name: 'REGION'")).findFirst().orElseThrow();
    String indent = region.substring(0, region.indexOf('-'));
    return rollout.replace(region + "\n",
        indent + "- name: DEBUG\n" + indent + "  value: \"1\"\n" + region + "\n");
  }

  static final ValueChange[] IMAGE_AND_NEW_ENV = {IMAGE,
      ValueChange.of("spec.containers[name=app].env[name=DEBUG].name", null, "DEBUG"),
      ValueChange.of("spec.containers[name=app].env[name=DEBUG].value", null, "1")};

  @Test
  void releaseThatAddsAFieldIsRevertedAsAWholeCommit() {
    remote.commit("2.0", Map.of("apps/checkout/rollout.yaml", Manifests.rollout(STABLE)));
    remote.commit("3.0 with DEBUG", Map.of("apps/checkout/rollout.yaml", withDebugEnv(Manifests.rollout(BAD))));

    GitRevertOutcome outcome = reverter.revert(request("apps/checkout", IMAGE_AND_NEW_ENV).build());

    assertThat(outcome.reason()).as(outcome.message()).isEqualTo(Reason.RevertedCommit);
    assertThat(remote.read("apps/checkout/rollout.yaml")).isEqualTo(Manifests.rollout(STABLE));
  }

  @Test
  void releaseThatAddsAFieldButCannotBeRevertedWholeChangesNothing() {
    remote.commit("2.0", Map.of("apps/checkout/rollout.yaml", Manifests.rollout(STABLE)));
    RevCommit head = remote.commit("3.0 with DEBUG", Map.of(
        "apps/checkout/rollout.yaml", withDebugEnv(Manifests.rollout(BAD)), "docs/changelog.md", "3.0\n"));

    GitRevertOutcome outcome = reverter.revert(request("apps/checkout", IMAGE_AND_NEW_ENV).build());

    assertThat(outcome.reason()).isEqualTo(Reason.NotIdentified);
    assertThat(outcome.message()).contains("also changed docs/changelog.md",
        "the release adds spec.containers[name=app].env[name=DEBUG]");
    assertThat(remote.head()).isEqualTo(head);
  }

  @Test
  void headThatNoLongerAsksForTheBadValuesIsSkipped() {
    remote.commit("2.0", Map.of("apps/checkout/rollout.yaml", Manifests.rollout(STABLE)));
    remote.commit("3.0", Map.of("apps/checkout/rollout.yaml", Manifests.rollout(BAD)));
    RevCommit fix = remote.commit("3.0.1 hotfix", Map.of("apps/checkout/rollout.yaml",
        Manifests.rollout("ghcr.io/acme/checkout:3.0.1")));

    GitRevertOutcome outcome = reverter.revert(request("apps/checkout", IMAGE).build());

    assertThat(outcome.phase()).isEqualTo(Phase.Skipped);
    assertThat(outcome.reason()).isEqualTo(Reason.AlreadyFixed);
    assertThat(outcome.message()).contains("no longer asks for revision 7d9f8c6b5", BAD);
    assertThat(outcome.commit()).isNull();
    assertThat(remote.head()).isEqualTo(fix);
  }

  @Test
  void valueNeverFoundChangesNothing() {
    RevCommit head = remote.commit("3.0", Map.of("apps/checkout/rollout.yaml", Manifests.rollout(BAD)));

    GitRevertOutcome outcome = reverter.revert(request("apps/checkout",
        ValueChange.of("spec.containers[name=app].image", STABLE, "ghcr.io/acme/checkout:9.9")).build());

    assertThat(outcome.phase()).isEqualTo(Phase.Failed);
    assertThat(outcome.reason()).isEqualTo(Reason.NotIdentified);
    assertThat(outcome.message()).contains("not found under apps/checkout", "ghcr.io/acme/checkout:9.9");
    assertThat(remote.head()).isEqualTo(head);
  }

  @Test
  void sharedImagesEntryThatAlsoServesAnotherWorkloadChangesNothing() {
    remote.commit("overlay", Map.of(
        "overlays/prod/kustomization.yaml", Manifests.kustomizeOverlay("2.0"),
        "overlays/prod/worker.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: worker}\n"
            + "spec: {template: {spec: {containers: [{name: w, image: 'ghcr.io/acme/checkout:3.0'}]}}}\n"));
    RevCommit head = remote.commit("3.0", Map.of("overlays/prod/kustomization.yaml", Manifests.kustomizeOverlay("3.0")));

    GitRevertOutcome outcome = reverter.revert(request("overlays/prod", IMAGE).build());

    assertThat(outcome.reason()).isEqualTo(Reason.NotIdentified);
    assertThat(outcome.message()).contains("shared configuration", "Deployment/worker");
    assertThat(remote.head()).isEqualTo(head);
  }

  @Test
  void ambiguousValuesFileChangesNothing() {
    String values = "api:\n  image: {repository: ghcr.io/acme/checkout, tag: '%s'}\nworker:\n  image: {repository: ghcr.io/acme/checkout, tag: '%s'}\n";
    remote.commit("values", Map.of("charts/checkout/values.yaml", values.formatted("2.0", "2.0")));
    RevCommit head = remote.commit("3.0", Map.of("charts/checkout/values.yaml", values.formatted("3.0", "3.0")));

    GitRevertOutcome outcome = reverter.revert(request("charts/checkout", IMAGE).build());

    assertThat(outcome.reason()).isEqualTo(Reason.NotIdentified);
    assertThat(outcome.message()).contains("set at 2 places in charts/checkout/values.yaml");
    assertThat(remote.head()).isEqualTo(head);
  }

  @Test
  void unparseableManifestMentioningTheImageChangesNothing() {
    remote.commit("2.0", Map.of("apps/checkout/rollout.yaml", Manifests.rollout(STABLE)));
    RevCommit head = remote.commit("3.0", Map.of("apps/checkout/rollout.yaml", Manifests.rollout(BAD),
        "apps/checkout/job.yaml", "image: {{ if .x }}" + BAD + "{{ end }}\n  bad: [\n"));

    GitRevertOutcome outcome = reverter.revert(request("apps/checkout", IMAGE).build());

    assertThat(outcome.reason()).isEqualTo(Reason.NotIdentified);
    assertThat(outcome.message()).contains("apps/checkout/job.yaml mentions " + BAD, "cannot be read as YAML");
    assertThat(remote.head()).isEqualTo(head);
  }

  @Test
  void secondCallFindsTheFirstRevertAndAddsNothing() {
    remote.commit("2.0", Map.of("apps/checkout/rollout.yaml", Manifests.rollout(STABLE)));
    remote.commit("3.0", Map.of("apps/checkout/rollout.yaml", Manifests.rollout(BAD)));
    GitRevertOutcome first = reverter.revert(request("apps/checkout", IMAGE).build());
    // Someone re-applies the release by hand afterwards: Sluice must not fight them.
    remote.commit("3.0 again", Map.of("apps/checkout/rollout.yaml", Manifests.rollout(BAD)));
    ObjectId head = remote.head();

    GitRevertOutcome second = new GitReverter(fastSettings()).revert(request("apps/checkout", IMAGE).build());

    assertThat(first.phase()).isEqualTo(Phase.Pushed);
    assertThat(second.phase()).isEqualTo(Phase.Skipped);
    assertThat(second.reason()).isEqualTo(Reason.AlreadyReverted);
    assertThat(second.commit()).isEqualTo(first.commit());
    assertThat(remote.head()).isEqualTo(head);
    assertThat(remote.log()).filteredOn(c -> c.getFullMessage().contains("Sluice-Revision: 7d9f8c6b5")).hasSize(1);
  }

  @Test
  void newBranchModeLeavesMainAloneAndIsExactlyOnce() {
    remote.commit("2.0", Map.of("apps/checkout/rollout.yaml", Manifests.rollout(STABLE)));
    RevCommit release = remote.commit("3.0", Map.of("apps/checkout/rollout.yaml", Manifests.rollout(BAD)));

    GitRevertOutcome first = reverter.revert(request("apps/checkout", IMAGE).mode(CommitMode.NewBranch).build());
    GitRevertOutcome second = reverter.revert(request("apps/checkout", IMAGE).mode(CommitMode.NewBranch).build());

    assertThat(first.phase()).as(first.message()).isEqualTo(Phase.Pushed);
    assertThat(first.branch()).isEqualTo("sluice/revert-checkout-7d9f8c6b5");
    assertThat(remote.head()).isEqualTo(release);
    assertThat(remote.head("sluice/revert-checkout-7d9f8c6b5").name()).isEqualTo(first.commit());
    assertThat(remote.read("sluice/revert-checkout-7d9f8c6b5", "apps/checkout/rollout.yaml"))
        .isEqualTo(Manifests.rollout(STABLE));
    assertThat(second.reason()).isEqualTo(Reason.AlreadyReverted);
    assertThat(second.commit()).isEqualTo(first.commit());
    assertThat(second.branch()).isEqualTo("sluice/revert-checkout-7d9f8c6b5");
  }

  @Test
  void pushRejectedBecauseSomeoneElsePushedIsRecomputedOnTheNewHead() {
    remote.commit("2.0", Map.of("apps/checkout/rollout.yaml", Manifests.rollout(STABLE)));
    remote.commit("3.0", Map.of("apps/checkout/rollout.yaml", Manifests.rollout(BAD)));
    GitReverter racing = new GitReverter(fastSettings(), attempt -> {
      if (attempt == 1) {
        remote.commit("scale to 7", Map.of("apps/checkout/rollout.yaml", Manifests.rollout(BAD, "info", 7)));
      }
    });

    GitRevertOutcome outcome = racing.revert(request("apps/checkout", IMAGE).build());

    assertThat(outcome.phase()).as(outcome.message()).isEqualTo(Phase.Pushed);
    assertThat(outcome.attempts()).isEqualTo(2);
    assertThat(remote.read("apps/checkout/rollout.yaml")).isEqualTo(Manifests.rollout(STABLE, "info", 7));
    assertThat(remote.parse(remote.parse(remote.head()).getParent(0)).getShortMessage()).isEqualTo("scale to 7");
  }

  @Test
  void branchThatKeepsMovingEndsInFailedAfterTheConfiguredAttempts() {
    remote.commit("2.0", Map.of("apps/checkout/rollout.yaml", Manifests.rollout(STABLE)));
    remote.commit("3.0", Map.of("apps/checkout/rollout.yaml", Manifests.rollout(BAD)));
    AtomicInteger competitor = new AtomicInteger();
    GitReverter racing = new GitReverter(fastSettings().withMaxPushAttempts(3), attempt ->
        remote.commit("competitor " + competitor.incrementAndGet(), Map.of("notes/" + attempt, "x\n")));

    GitRevertOutcome outcome = racing.revert(request("apps/checkout", IMAGE).build());

    assertThat(outcome.phase()).isEqualTo(Phase.Failed);
    assertThat(outcome.reason()).isEqualTo(Reason.RetriesExhausted);
    assertThat(outcome.attempts()).isEqualTo(3);
    assertThat(outcome.message()).contains("gave up after 3 pushes", "nothing was pushed");
    assertThat(remote.log()).extracting(RevCommit::getShortMessage)
        .contains("competitor 1", "competitor 2", "competitor 3")
        .noneMatch(m -> m.startsWith("Revert"));
    assertThat(remote.read("apps/checkout/rollout.yaml")).isEqualTo(Manifests.rollout(BAD));
  }

  @Test
  void missingBranchIsATransportFailure() {
    remote.commit("2.0", Map.of("apps/checkout/rollout.yaml", Manifests.rollout(STABLE)));

    GitRevertOutcome outcome = reverter.revert(request("apps/checkout", IMAGE).branch("production").build());

    assertThat(outcome.phase()).isEqualTo(Phase.Failed);
    assertThat(outcome.reason()).isEqualTo(Reason.TransportError);
    assertThat(outcome.message()).contains("production");
  }

  @Test
  void temporaryClonesAreRemoved() {
    remote.commit("2.0", Map.of("apps/checkout/rollout.yaml", Manifests.rollout(STABLE)));
    remote.commit("3.0", Map.of("apps/checkout/rollout.yaml", Manifests.rollout(BAD)));

    reverter.revert(request("apps/checkout", IMAGE).build());

    assertThat(tmp.resolve("work")).isEmptyDirectory();
  }
}
