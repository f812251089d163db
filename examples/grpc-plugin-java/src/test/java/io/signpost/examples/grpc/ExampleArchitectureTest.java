package io.signpost.examples.grpc;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import io.signpost.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** The example is written against what a plugin author gets: the plugin API and the SDK. */
class ExampleArchitectureTest {

  @Test
  void usesThePluginApiAndTheSdkOnly() {
    classes()
        .that()
        .resideInAPackage("io.signpost.examples..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "java..",
            "io.signpost.examples..",
            "io.signpost.plugin..",
            "io.signpost.annotation..",
            "io.signpost.grpc.server..")
        .check(ArchitectureRules.signpostClasses());
  }
}
