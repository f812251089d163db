package io.signpost.cli;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.signpost.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** Every module together: the launcher's class path holds all of Signpost. */
class LauncherArchitectureTest {

  @Test
  void packagesOfAllModulesAreFreeOfCycles() {
    JavaClasses classes = ArchitectureRules.signpostClasses();
    ArchitectureRules.packagesAreFreeOfCycles().check(classes);
  }

  @Test
  void noModuleBuildsAFunctionCounterThatCanLoseWhatItReads() {
    ArchitectureRules.functionCountersAreBuiltByTheHelperThatHoldsWhatTheyRead()
        .check(ArchitectureRules.signpostClasses());
  }
}
