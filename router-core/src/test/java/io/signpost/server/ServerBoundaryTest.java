package io.signpost.server;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.signpost.protocol.Frame;
import io.signpost.protocol.FrameHeader;
import io.signpost.protocol.FrameReader;
import io.signpost.protocol.FrameTooLargeException;
import io.signpost.protocol.ProtocolException;
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
            "io.signpost.referral..",
            "io.signpost.config..")
        .check(CORE);
  }

  /**
   * The listener reads its first frame with the protocol's framing codec rather than a copy of it,
   * and nothing else of the protocol: packet codecs (Connect, Disconnect, referral) stay with the
   * connection handler.
   */
  @Test
  void theServerUsesOnlyTheProtocolsFraming() {
    noClasses()
        .that()
        .resideInAPackage("io.signpost.server..")
        .should()
        .dependOnClassesThat(
            resideInAPackage("io.signpost.protocol..")
                .and(
                    not(
                        belongToAnyOf(
                            Frame.class,
                            FrameHeader.class,
                            FrameReader.class,
                            FrameTooLargeException.class,
                            ProtocolException.class))))
        .check(CORE);
  }
}
