package io.signpost;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.signpost.testing.ArchitectureRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Decisions and metrics are plain values and meters; only the admin listener speaks HTTP. */
class ObservabilityArchitectureTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.signpost");
  }

  @Test
  void decisionsAndMetricsDoNotUseNettyOrTheAdminListener() {
    noClasses()
        .that()
        .resideInAnyPackage("io.signpost.decision..", "io.signpost.metrics..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.netty..", "io.signpost.admin..", "io.signpost.server..")
        .check(classes);
  }

  @Test
  void functionCountersAreBuiltOnlyByTheHelperThatKeepsWhatTheyReadAlive() {
    ArchitectureRules.functionCountersAreBuiltByTheHelperThatHoldsWhatTheyRead().check(classes);
  }

  @Test
  void decisionsDoNotDependOnMetrics() {
    noClasses()
        .that()
        .resideInAPackage("io.signpost.decision..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.signpost.metrics..")
        .check(classes);
  }
}
