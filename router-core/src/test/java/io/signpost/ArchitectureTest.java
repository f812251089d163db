package io.signpost;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.signpost.testing.ArchitectureRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Dependencies point inward: the domain knows nothing of transports or plugin runtimes. */
class ArchitectureTest {

  private static final String[] DOMAIN = {
    "io.signpost.plugin..",
    "io.signpost.discovery..",
    "io.signpost.chain..",
    "io.signpost.config..",
    "io.signpost.routing..",
    "io.signpost.protocol..",
    "io.signpost.referral..",
    "io.signpost.message..",
    "io.signpost.log.."
  };

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = ArchitectureRules.signpostClasses();
  }

  @Test
  void domainPackagesDoNotUseTransportsOrRuntimes() {
    noClasses()
        .that()
        .resideInAnyPackage(DOMAIN)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.netty..", "io.grpc..", "com.dylibso..")
        .check(classes);
  }

  @Test
  void domainPackagesDoNotUseTheServer() {
    noClasses()
        .that()
        .resideInAnyPackage(DOMAIN)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.signpost.server..", "io.signpost.admin..")
        .check(classes);
  }

  @Test
  void domainPackagesBeyondThePluginContextAndMetersDoNotUseMicrometer() {
    noClasses()
        .that()
        .resideInAnyPackage(DOMAIN)
        .and()
        .doNotHaveFullyQualifiedName("io.signpost.plugin.PluginContext")
        .and()
        .doNotHaveFullyQualifiedName("io.signpost.plugin.PluginMeters")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.micrometer..")
        .check(classes);
  }

  @Test
  void fileReadingIsALeaf() {
    noClasses()
        .that()
        .resideInAPackage("io.signpost.file..")
        .should()
        .dependOnClassesThat()
        .resideOutsideOfPackages("io.signpost.file..", "java..")
        .check(classes);
  }

  @Test
  void coreUsesNoPluginRuntime() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.grpc..", "com.dylibso..")
        .check(classes);
  }

  @Test
  void packagesAreFreeOfCycles() {
    ArchitectureRules.packagesAreFreeOfCycles().check(classes);
  }

  @Test
  void coreDoesNotKnowThePluginBackends() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.signpost.wasm..",
            "io.signpost.grpc..",
            "io.signpost.kubernetes..",
            "io.signpost.cli..")
        .check(classes);
  }

  @Test
  void coreNamesNoKubernetesTypes() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.fabric8..", "io.kubernetes..", "io.signpost.kubernetes..")
        .because("discovery providers plug in through io.signpost.discovery")
        .check(classes);
  }

  @Test
  void routingKnowsProvidersOnlyThroughItsOwnViews() {
    noClasses()
        .that()
        .resideInAPackage("io.signpost.routing..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.signpost.discovery..", "io.signpost.runtime..")
        .check(classes);
  }
}
