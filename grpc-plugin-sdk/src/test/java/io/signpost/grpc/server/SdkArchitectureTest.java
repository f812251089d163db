package io.signpost.grpc.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.signpost.testing.ArchitectureRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A Java plugin server needs the plugin API's records and JSON and gRPC, nothing else. */
class SdkArchitectureTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = ArchitectureRules.signpostClasses();
  }

  @Test
  void theSdkUsesThePluginApiAndGrpcOnly() {
    classes()
        .that()
        .resideInAPackage("io.signpost.grpc..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "java..",
            "io.grpc..",
            "io.signpost.grpc..",
            "io.signpost.plugin..",
            "io.signpost.annotation..",
            "io.signpost.text..")
        .check(classes);
  }

  @Test
  void packagesAreFreeOfCycles() {
    ArchitectureRules.packagesAreFreeOfCycles().check(classes);
  }
}
