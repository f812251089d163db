package io.signpost.grpc;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.signpost.testing.ArchitectureRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gRPC host is a plugin backend: it sees the plugin API, the SDK's method descriptor and gRPC
 * (with its own relocated Netty), not the router.
 */
class GrpcHostArchitectureTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = ArchitectureRules.signpostClasses();
  }

  @Test
  void usesOnlyThePluginApiOfSignpost() {
    ArchitectureRules.useOnlyThePluginApi("io.signpost.grpc..").check(classes);
  }

  @Test
  void usesNeitherTheRoutersNettyNorChicory() {
    noClasses()
        .that()
        .resideInAPackage("io.signpost.grpc..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.netty..", "com.dylibso..")
        .check(classes);
  }

  @Test
  void packagesAreFreeOfCycles() {
    ArchitectureRules.packagesAreFreeOfCycles().check(classes);
  }
}
