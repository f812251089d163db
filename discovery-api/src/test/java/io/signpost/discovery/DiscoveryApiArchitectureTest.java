package io.signpost.discovery;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.signpost.testing.ArchitectureRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The discovery SPI names the plugin API and Jackson, nothing of the router. */
class DiscoveryApiArchitectureTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.signpost.discovery");
  }

  @Test
  void dependsOnTheJdkJacksonAndThePluginApiOnly() {
    String[] allowed = new String[ArchitectureRules.PLUGIN_API.length + 3];
    allowed[0] = "java..";
    allowed[1] = "com.fasterxml.jackson..";
    allowed[2] = "io.signpost.discovery..";
    System.arraycopy(
        ArchitectureRules.PLUGIN_API, 0, allowed, 3, ArchitectureRules.PLUGIN_API.length);
    classes().should().onlyDependOnClassesThat().resideInAnyPackage(allowed).check(classes);
  }

  @Test
  void packagesAreFreeOfCycles() {
    ArchitectureRules.packagesAreFreeOfCycles().check(ArchitectureRules.signpostClasses());
  }
}
