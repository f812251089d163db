package io.signpost.protocol;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The codecs speak plain bytes: no transport, plugin-host or serialization types, and nothing of
 * the plugin SPI (the connect pipeline turns a decoded packet into a plugin event).
 */
class CodecDependenciesTest {
  private static final JavaClasses CODECS =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
          .importPackages("io.signpost.protocol", "io.signpost.referral");

  @Test
  void codecsDependOnTheJdkOnly() {
    classes()
        .that()
        .resideInAnyPackage("io.signpost.protocol..", "io.signpost.referral..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "java..",
            "javax.crypto..",
            "io.signpost.annotation..",
            "io.signpost.protocol..",
            "io.signpost.referral..")
        .check(CODECS);
  }

  @Test
  void envelopeDoesNotDependOnTheWireCodecs() {
    classes()
        .that()
        .resideInAPackage("io.signpost.referral..")
        .should()
        .onlyDependOnClassesThat()
        .resideOutsideOfPackage("io.signpost.protocol..")
        .check(CODECS);
  }
}
