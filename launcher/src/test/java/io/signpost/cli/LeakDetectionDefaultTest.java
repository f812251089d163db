package io.signpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The runnable jar turns Netty's leak detector off, unless the operator chose a level. */
class LeakDetectionDefaultTest {

  private String saved;
  private String savedLegacy;

  @BeforeEach
  void save() {
    saved = System.clearProperty(LeakDetectionDefault.PROPERTY);
    savedLegacy = System.clearProperty(LeakDetectionDefault.LEGACY_PROPERTY);
  }

  @AfterEach
  void restore() {
    System.clearProperty(LeakDetectionDefault.PROPERTY);
    System.clearProperty(LeakDetectionDefault.LEGACY_PROPERTY);
    if (saved != null) {
      System.setProperty(LeakDetectionDefault.PROPERTY, saved);
    }
    if (savedLegacy != null) {
      System.setProperty(LeakDetectionDefault.LEGACY_PROPERTY, savedLegacy);
    }
  }

  @Test
  void offByDefault() {
    LeakDetectionDefault.apply();

    assertThat(System.getProperty(LeakDetectionDefault.PROPERTY)).isEqualTo("disabled");
  }

  @Test
  void theOperatorsLevelWins() {
    System.setProperty(LeakDetectionDefault.PROPERTY, "paranoid");
    LeakDetectionDefault.apply();

    assertThat(System.getProperty(LeakDetectionDefault.PROPERTY)).isEqualTo("paranoid");
  }

  @Test
  void theOldPropertyNameCountsAsTheOperatorsChoice() {
    System.setProperty(LeakDetectionDefault.LEGACY_PROPERTY, "simple");
    LeakDetectionDefault.apply();

    assertThat(System.getProperty(LeakDetectionDefault.PROPERTY)).isNull();
  }
}
