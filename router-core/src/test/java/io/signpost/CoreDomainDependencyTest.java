package io.signpost;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Dependency rules of the configuration, routing and message packages. */
class CoreDomainDependencyTest {

  private static final JavaClasses CORE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.signpost");

  @Test
  void routingDoesNotKnowTheConfigFileOrMessages() {
    noClasses()
        .that()
        .resideInAPackage("io.signpost.routing..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.signpost.config..", "io.signpost.message..")
        .check(CORE);
  }

  @Test
  void configInternalsStayInsideConfig() {
    noClasses()
        .that()
        .resideOutsideOfPackages("io.signpost.config..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.signpost.config.internal..")
        .check(CORE);
  }

  @Test
  void domainPackagesUseNoTransportLibraries() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "io.signpost.config..", "io.signpost.routing..", "io.signpost.message..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.netty..", "io.grpc..", "com.dylibso..")
        .check(CORE);
  }
}
