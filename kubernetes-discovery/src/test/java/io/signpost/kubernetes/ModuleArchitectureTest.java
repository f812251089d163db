package io.signpost.kubernetes;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.signpost.testing.ArchitectureRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The module plugs in through the discovery SPI and keeps fabric8 behind its internal package. */
class ModuleArchitectureTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.signpost.kubernetes");
  }

  @Test
  void theFactoriesNameNoFabric8Type() {
    noClasses()
        .that()
        .resideInAPackage("io.signpost.kubernetes")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.fabric8..")
        .check(classes);
  }

  @Test
  void providersUseTheRouterOnlyThroughItsSpi() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.signpost.routing..",
            "io.signpost.runtime..",
            "io.signpost.server..",
            "io.signpost.admin..",
            "io.signpost.chain..",
            "io.signpost.connect..",
            "io.signpost.metrics..",
            "io.signpost.config.internal..")
        .check(classes);
  }

  @Test
  void usesOnlyThePluginAndDiscoveryApis() {
    ArchitectureRules.useOnlyThePluginApi("io.signpost.kubernetes..", "io.signpost.discovery..")
        .check(classes);
  }

  @Test
  void packagesAreFreeOfCycles() {
    ArchitectureRules.packagesAreFreeOfCycles().check(classes);
  }
}
