package io.signpost;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.signpost.testing.ArchitectureRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The plugin API is what a plugin author gets on the class path: the SPI, its JSON and the
 * configuration-tree reader, with Jackson and nothing of the router, of a transport or of a plugin
 * runtime.
 */
class PluginApiArchitectureTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = ArchitectureRules.signpostClasses();
  }

  @Test
  void dependsOnTheJdkJacksonAndItselfOnly() {
    classes()
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "java..",
            "com.fasterxml.jackson..",
            "io.micrometer.core.instrument",
            "io.micrometer.core.instrument.search",
            "io.signpost.plugin..",
            "io.signpost.configtree..",
            "io.signpost.annotation..",
            "io.signpost.text..",
            "io.signpost.log..",
            "io.signpost.file..",
            "io.signpost.json..")
        .check(classes);
  }

  /**
   * Micrometer is an optional dependency: only the services lent to plugins and their meters name
   * it.
   */
  @Test
  void onlyThePluginContextAndPluginMetersUseMicrometer() {
    noClasses()
        .that()
        .doNotHaveFullyQualifiedName("io.signpost.plugin.PluginContext")
        .and()
        .doNotHaveFullyQualifiedName("io.signpost.plugin.PluginMeters")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.micrometer..")
        .check(classes);
  }

  @Test
  void theLeavesDependOnTheJdkOnly() {
    classes()
        .that()
        .resideInAnyPackage(
            "io.signpost.annotation..",
            "io.signpost.text..",
            "io.signpost.log..",
            "io.signpost.file..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "java..",
            "io.signpost.annotation..",
            "io.signpost.text..",
            "io.signpost.log..",
            "io.signpost.file..")
        .check(classes);
  }

  @Test
  void theConfigTreeKnowsNothingOfPlugins() {
    noClasses()
        .that()
        .resideInAPackage("io.signpost.configtree..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.signpost.plugin..")
        .check(classes);
  }

  @Test
  void packagesAreFreeOfCycles() {
    ArchitectureRules.packagesAreFreeOfCycles().check(classes);
  }
}
