package io.signpost.testing;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * The architecture rules every module checks, so each states its boundaries the same way. Shared
 * through plugin-api's test jar.
 */
public final class ArchitectureRules {

  /** The packages of the plugin-api module: all a plugin host may use of Signpost. */
  public static final String[] PLUGIN_API = {
    "io.signpost.plugin..",
    "io.signpost.configtree..",
    "io.signpost.annotation..",
    "io.signpost.text..",
    "io.signpost.log..",
    "io.signpost.file..",
    "io.signpost.json.."
  };

  private ArchitectureRules() {}

  /** Every Signpost class on the class path, tests and test jars excluded. */
  public static JavaClasses signpostClasses() {
    return new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(location -> !location.contains("-tests.jar"))
        .importPackages("io.signpost");
  }

  /**
   * No two top-level packages ({@code io.signpost.config}, {@code io.signpost.chain}, ...) depend
   * on each other, directly or through others.
   */
  public static ArchRule packagesAreFreeOfCycles() {
    return slices().matching("io.signpost.(*)..").should().beFreeOfCycles();
  }

  /**
   * Classes in {@code own} use nothing of Signpost beyond their own packages and {@link
   * #PLUGIN_API}.
   */
  public static ArchRule useOnlyThePluginApi(String... own) {
    String[] allowed =
        Stream.concat(Arrays.stream(own), Arrays.stream(PLUGIN_API)).toArray(String[]::new);
    return noClasses()
        .that()
        .resideInAnyPackage(own)
        .should()
        .dependOnClassesThat(
            resideInAPackage("io.signpost..").and(not(resideInAnyPackage(allowed))))
        .as("classes in " + String.join(", ", own) + " use only the plugin API of Signpost");
  }

  /**
   * Function meters are built only by {@code io.signpost.metrics.HeldFunctionCounter}: Micrometer
   * holds a function counter's object weakly, and a lambda or method reference nothing else holds
   * is collected at the next garbage collection, after which the counter repeats its last value.
   */
  public static ArchRule functionCountersAreBuiltByTheHelperThatHoldsWhatTheyRead() {
    DescribedPredicate<JavaCall<?>> functionCounter =
        target(owner(assignableTo(FunctionCounter.class))).and(target(name("builder")));
    DescribedPredicate<JavaCall<?>> registryFunctionCounter =
        target(owner(assignableTo(MeterRegistry.More.class))).and(target(name("counter")));
    return noClasses()
        .that()
        .doNotHaveFullyQualifiedName("io.signpost.metrics.HeldFunctionCounter")
        .should()
        .callMethodWhere(functionCounter.or(registryFunctionCounter))
        .because(
            "Micrometer holds a function counter's object weakly: a lambda nothing else holds is"
                + " collected and the counter freezes");
  }
}
