package io.signpost.plugin;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decoding one plugin answer, as the router does several times per connect: {@link
 * PluginJson#decodeResponse} (streaming, the tree only for the forms it leaves) against {@link
 * PluginJson#decodeResponseTree} (a {@code JsonNode} tree, then data binding), the decoder it
 * replaced. In this package to reach the package-private tree decoder.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class PluginJsonDecodeBenchmark {

  /**
   * {@code empty}: {@code {}}, what most plugins answer. {@code typical}: a re-pick, as the Rust
   * example answers, with a backend and referral content (encoded by {@link
   * PluginJson#encodeResponse}, 238 bytes).
   */
  @Param({"empty", "typical"})
  String answer;

  byte[] json;

  @Setup
  public void encode() {
    json =
        switch (answer) {
          case "empty" -> "{}".getBytes(UTF_8);
          case "typical" ->
              PluginJson.encodeResponse(
                  new ConnectResponse(
                      false,
                      null,
                      null,
                      1,
                      new Backend("10.0.0.7", 5520, 1, Map.of("zone", "eu-west")),
                      ("signpost-rust;uuid=0f8fad5b-d9cb-469f-a165-70867728950e;"
                              + "backend=10.0.0.7:5520")
                          .getBytes(UTF_8)));
          default -> throw new IllegalArgumentException("answer: empty or typical");
        };
    ConnectResponse streamed = PluginJson.STREAMING.tryDecode(json);
    if (streamed == null || !same(streamed, PluginJson.decodeResponseTree(json))) {
      throw new IllegalStateException(
          "not streamed to the tree's answer: " + new String(json, UTF_8));
    }
  }

  private static boolean same(ConnectResponse a, ConnectResponse b) {
    return a.deny() == b.deny()
        && Objects.equals(a.denyReason(), b.denyReason())
        && Objects.equals(a.candidates(), b.candidates())
        && Objects.equals(a.selectedIndex(), b.selectedIndex())
        && Objects.equals(a.backend(), b.backend())
        && Arrays.equals(a.referralContent(), b.referralContent());
  }

  @Benchmark
  public ConnectResponse tree() {
    return PluginJson.decodeResponseTree(json);
  }

  @Benchmark
  public ConnectResponse streaming() {
    return PluginJson.decodeResponse(json);
  }
}
