package dev.sluice.operator.gitrevert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.v1alpha1.GitRevert;
import dev.sluice.api.v1alpha1.GitRevert.CommitMode;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import org.junit.jupiter.api.Test;

class RevertSettingsTest {
  static final RevertDefaults ON = new RevertDefaults(true, CommitMode.NewBranch, "Platform", "platform@example.com", "git-default");

  static GitRevert spec(Boolean enabled, String repoURL) {
    GitRevert spec = new GitRevert();
    spec.enabled = enabled;
    spec.repoURL = repoURL;
    return spec;
  }

  @Test
  void offWhereNeitherSpecNorDefaultsSayOn() {
    assertThat(RevertSettings.merge(null, RevertDefaults.OFF)).isNull();
    assertThat(RevertSettings.merge(spec(null, "https://git.example/r.git"), RevertDefaults.OFF)).isNull();
  }

  @Test
  void theSpecSwitchesItOnWithTheOperatorDefaultsForWhatItLeavesOut() {
    RevertSettings settings = RevertSettings.merge(spec(true, "https://git.example/r.git"), RevertDefaults.OFF);
    assertThat(settings).isEqualTo(new RevertSettings("https://git.example/r.git", null, null, null, "Sluice",
        "sluice@sluice.dev", CommitMode.Direct));
  }

  @Test
  void operatorDefaultsSwitchItOnForEveryRolloutThatNamesARepository() {
    RevertSettings settings = RevertSettings.merge(spec(null, "https://git.example/r.git"), ON);
    assertThat(settings.commitMode()).isEqualTo(CommitMode.NewBranch);
    assertThat(settings.secretName()).isEqualTo("git-default");
    assertThat(settings.authorName()).isEqualTo("Platform");
    assertThat(RevertSettings.merge(null, ON)).as("no repository: nothing to revert in").isNull();
    assertThat(RevertSettings.merge(spec(null, " "), ON)).isNull();
  }

  @Test
  void theSpecWinsFieldByField() {
    GitRevert spec = spec(null, "ssh://git@git.example/r.git");
    spec.branch = "prod";
    spec.path = "apps/web";
    spec.secretRef = new LocalObjectReference("web-git");
    spec.commitMode = CommitMode.Direct;
    spec.author = new GitRevert.GitAuthor();
    spec.author.email = "web-team@example.com";
    RevertSettings settings = RevertSettings.merge(spec, ON);
    assertThat(settings).isEqualTo(new RevertSettings("ssh://git@git.example/r.git", "prod", "apps/web", "web-git",
        "Platform", "web-team@example.com", CommitMode.Direct));
  }

  @Test
  void aRolloutCanOptOutOfTheOperatorDefault() {
    assertThat(RevertSettings.merge(spec(false, "https://git.example/r.git"), ON)).isNull();
  }

  @Test
  void revertingOnAnAnalysisErrorIsAnOptInOfTheSpecOrTheOperator() {
    assertThat(RevertSettings.merge(spec(true, "https://git.example/r.git"), RevertDefaults.OFF).revertOnAnalysisError()).isFalse();
    GitRevert optIn = spec(true, "https://git.example/r.git");
    optIn.revertOnAnalysisError = true;
    assertThat(RevertSettings.merge(optIn, RevertDefaults.OFF).revertOnAnalysisError()).isTrue();
    RevertDefaults platform = new RevertDefaults(true, CommitMode.Direct, "Sluice", "sluice@sluice.dev", null, true);
    assertThat(RevertSettings.merge(spec(null, "https://git.example/r.git"), platform).revertOnAnalysisError()).isTrue();
    GitRevert optOut = spec(null, "https://git.example/r.git");
    optOut.revertOnAnalysisError = false;
    assertThat(RevertSettings.merge(optOut, platform).revertOnAnalysisError()).as("the spec wins").isFalse();
  }
}
