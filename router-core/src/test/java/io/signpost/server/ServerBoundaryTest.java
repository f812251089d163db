package io.signpost.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The QUIC transport stays in io.signpost.server and knows nothing of what it serves. */
class ServerBoundaryTest {

  private static final JavaClasses CORE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.signpost");

  @Test
  void onlyTheListenersUseNetty() {
    noClasses()
        .that()
        .resideOutsideOfPackages("io.signpost.server..", "io.signpost.admin..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.netty.handler.codec.quic..", "io.netty.channel..")
        .allowEmptyShould(true)
        .check(CORE);
  }

  @Test
  void theServerDoesNotKnowRoutingPluginsOrCodecs() {
    noClasses()
        .that()
        .resideInAPackage("io.signpost.server..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.signpost.routing..",
            "io.signpost.plugin..",
            "io.signpost.chain..",
            "io.signpost.protocol..",
            "io.signpost.referral..",
            "io.signpost.config..")
        .check(CORE);
  }
}
