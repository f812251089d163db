package io.signpost.plugin;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.signpost.annotation.Nullable;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import org.junit.jupiter.api.Test;

/**
 * {@link PluginJson#decodeResponse}, which streams where it can, decodes every text as the tree
 * decoder {@link PluginJson#decodeResponseTree} does: the same response, or the same exception with
 * the same message. The seeds are fixed, so every run tries the same texts.
 */
class StreamingResponseDecoderTest {

  /** What a decoder made of a text, comparable: the response's fields, or what it threw. */
  private record Outcome(
      boolean deny,
      @Nullable String denyReason,
      @Nullable List<Backend> candidates,
      @Nullable Integer selectedIndex,
      @Nullable Backend backend,
      @Nullable String referralContent,
      @Nullable String thrown) {

    static Outcome of(Function<byte[], ConnectResponse> decoder, byte[] json) {
      ConnectResponse r;
      try {
        r = decoder.apply(json);
      } catch (RuntimeException e) {
        return new Outcome(
            false, null, null, null, null, null, e.getClass().getName() + ": " + e.getMessage());
      }
      byte[] content = r.referralContent();
      return new Outcome(
          r.deny(),
          r.denyReason(),
          r.candidates(),
          r.selectedIndex(),
          r.backend(),
          content == null ? null : Base64.getEncoder().encodeToString(content),
          null);
    }
  }

  private static Outcome streamed(byte[] json) {
    return Outcome.of(PluginJson::decodeResponse, json);
  }

  private static Outcome tree(byte[] json) {
    return Outcome.of(PluginJson::decodeResponseTree, json);
  }

  private static void assertSameOutcome(byte[] json) {
    assertThat(streamed(json)).as(new String(json, UTF_8)).isEqualTo(tree(json));
  }

  @Property(tries = 4000, seed = "20261201", shrinking = ShrinkingMode.OFF)
  void plainAnswersAreStreamedToTheTreeDecodersResponse(@ForAll long seed) {
    byte[] json = AnswerTexts.plain(new Random(seed));
    ConnectResponse streamed = PluginJson.STREAMING.tryDecode(json);
    // the forms plugins send must not fall back to the tree: that is the point of streaming
    assertThat(streamed).as(new String(json, UTF_8)).isNotNull();
    assertThat(Outcome.of(j -> streamed, json)).as(new String(json, UTF_8)).isEqualTo(tree(json));
  }

  @Property(tries = 6000, seed = "20261202", shrinking = ShrinkingMode.OFF)
  void answersWithRepeatsAndOtherTypesDecodeAlike(@ForAll long seed) {
    assertSameOutcome(AnswerTexts.any(new Random(seed)));
  }

  @Property(tries = 6000, seed = "20261203", shrinking = ShrinkingMode.OFF)
  void brokenAnswersAreRefusedAlike(@ForAll long seed) {
    assertSameOutcome(AnswerTexts.broken(new Random(seed)));
  }

  @Test
  void anEmptyObjectIsTheEmptyResponse() {
    for (String json : List.of("{}", " {} ", "{ }", "\r\n{\t\n}\r\n", "\t{}\n")) {
      byte[] bytes = json.getBytes(UTF_8);
      assertThat(PluginJson.decodeResponse(bytes)).isEqualTo(ConnectResponse.EMPTY);
      assertSameOutcome(bytes);
    }
    for (String json : List.of("{", "}", "{}}", "{{}", "{} x", "\u000b{}", "{}\u0000", "{ ,}")) {
      assertSameOutcome(json.getBytes(UTF_8));
    }
  }

  @Test
  void theTreeDecodersLimitsHold() {
    int maxString = 8 << 20;
    for (int length : new int[] {maxString, maxString + 1}) {
      String text = "a".repeat(length);
      assertSameOutcome(("{\"deny_reason\":\"" + text + "\"}").getBytes(UTF_8));
      assertSameOutcome(("{\"ignored\":\"" + text + "\",\"deny\":true}").getBytes(UTF_8));
    }
    for (int digits : new int[] {1000, 1001}) {
      String number = "1".repeat(digits);
      assertSameOutcome(("{\"ignored\":" + number + ",\"deny\":true}").getBytes(UTF_8));
      assertSameOutcome(("{\"ignored\":0." + number + ",\"deny\":true}").getBytes(UTF_8));
    }
    for (int depth : new int[] {63, 64, 65}) {
      // the answer object is the first level
      String nested = "[".repeat(depth - 1) + "]".repeat(depth - 1);
      assertSameOutcome(("{\"ignored\":" + nested + ",\"deny\":true}").getBytes(UTF_8));
    }
  }

  @Test
  void aTypicalAnswerIsStreamed() {
    byte[] json =
        ("{\"backend\":{\"host\":\"10.0.0.7\",\"port\":5520,\"weight\":1,"
                + "\"meta\":{\"zone\":\"eu\"}},\"Referral_Content\":\"eA==\",\"extra\":[1,{}]}")
            .getBytes(UTF_8);
    ConnectResponse streamed = PluginJson.STREAMING.tryDecode(json);
    assertThat(streamed).isNotNull();
    assertThat(streamed.backend())
        .isEqualTo(new Backend("10.0.0.7", 5520, 1, Map.of("zone", "eu")));
    assertThat(streamed.referralContent()).isEqualTo("x".getBytes(UTF_8));
    assertSameOutcome(json);
  }

  @Test
  void whatOnlyTheTreeDecoderDefinesIsLeftToIt() {
    for (String json :
        List.of(
            "{\"deny\":true,\"Deny\":false}",
            "{\"referral_content\":\"eA==\",\"referral_data\":\"eQ==\"}",
            "{\"backend\":{\"host\":\"a\"},\"backend\":{\"port\":5}}",
            "{\"backend\":{\"host\":\"a\",\"HOST\":\"b\"}}",
            "{\"deny\":1}",
            "{\"selected_index\":\"3\"}",
            "{\"selected_index\":1.0}",
            "{\"backend\":{\"port\":2147483648}}",
            "{\"backend\":{\"meta\":{\"a\":1}}}",
            "{\"referral_content\":[1,2]}",
            "{\"candidates\":[null]}",
            "null",
            "[]")) {
      byte[] bytes = json.getBytes(UTF_8);
      assertThat(PluginJson.STREAMING.tryDecode(bytes)).as(json).isNull();
      assertSameOutcome(bytes);
    }
  }

  @Test
  void aNullArrayFailsAsBefore() {
    assertThat(streamed(null)).isEqualTo(tree(null)).extracting(Outcome::thrown).isNotNull();
  }
}
