package io.signpost.cli;

/**
 * Netty's buffer leak detector samples allocations and records stack traces, a cost a production
 * router does not pay: the runnable jar turns it off ({@value #PROPERTY}{@code =disabled}) before
 * any Netty class loads, unless the operator set the property (or its old name {@value
 * #LEGACY_PROPERTY}) themselves, for instance {@code -Dio.netty.leakDetection.level=paranoid} in
 * {@code SIGNPOST_JAVA_OPTS} or {@code JAVA_TOOL_OPTIONS} while hunting a leak. Tests and
 * benchmarks that do not start through {@link SignpostCommand#main} keep Netty's default.
 */
final class LeakDetectionDefault {

  static final String PROPERTY = "io.netty.leakDetection.level";
  static final String LEGACY_PROPERTY = "io.netty.leakDetectionLevel";

  private LeakDetectionDefault() {}

  /** Sets {@value #PROPERTY} to {@code disabled} unless either property is set. */
  static void apply() {
    if (System.getProperty(PROPERTY) == null && System.getProperty(LEGACY_PROPERTY) == null) {
      System.setProperty(PROPERTY, "disabled");
    }
  }
}
