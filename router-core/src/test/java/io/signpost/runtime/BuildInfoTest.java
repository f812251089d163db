package io.signpost.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BuildInfoTest {

  @Test
  void theBuildWroteTheProjectVersion() {
    BuildInfo build = BuildInfo.current();

    assertThat(build.version()).matches("\\d+\\.\\d+\\.\\d+.*");
    assertThat(build.commit()).matches("[0-9a-f]{7,40}|" + BuildInfo.UNKNOWN);
  }

  @Test
  void aValueTheBuildDidNotFillReadsAsUnknown() {
    assertThat(BuildInfo.of("1.2.3", "${git.commit.id.abbrev}"))
        .isEqualTo(new BuildInfo("1.2.3", "unknown"));
    assertThat(BuildInfo.of(null, " ")).isEqualTo(new BuildInfo("unknown", "unknown"));
    assertThat(BuildInfo.of(" 1.2.3 ", "abc123")).isEqualTo(new BuildInfo("1.2.3", "abc123"));
  }

  @Test
  void describeNamesVersionAndCommit() {
    assertThat(new BuildInfo("1.2.3", "abc123").describe()).isEqualTo("1.2.3 (commit abc123)");
  }
}
