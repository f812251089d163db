package io.signpost.wasm;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.signpost.testing.ArchitectureRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Wasm host is a plugin backend: it sees the plugin API and Chicory, not the router. */
class WasmHostArchitectureTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = ArchitectureRules.signpostClasses();
  }

  @Test
  void usesOnlyThePluginApiOfSignpost() {
    ArchitectureRules.useOnlyThePluginApi("io.signpost.wasm..").check(classes);
  }

  @Test
  void usesNoTransport() {
    noClasses()
        .that()
        .resideInAPackage("io.signpost.wasm..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.netty..", "io.grpc..")
        .check(classes);
  }

  @Test
  void packagesAreFreeOfCycles() {
    ArchitectureRules.packagesAreFreeOfCycles().check(classes);
  }
}
