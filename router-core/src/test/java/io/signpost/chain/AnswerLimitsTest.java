package io.signpost.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.signpost.plugin.Backend;
import io.signpost.plugin.ConnectResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each limit of {@link AnswerLimits}: at the limit the answer is applied, one over it is not. */
class AnswerLimitsTest {

  private static final Backend A = Backend.of("a.internal", 5520);

  private static ChainResult answer(ConnectResponse response) throws Exception {
    return PluginChainTest.run(PluginChainTest.link("p", response));
  }

  private static ConnectResponse deny(String reason) {
    return ConnectResponse.denied(reason);
  }

  private static ConnectResponse backend(Backend backend) {
    return new ConnectResponse(false, null, null, null, backend, null);
  }

  private static ConnectResponse candidates(List<Backend> candidates) {
    return new ConnectResponse(false, null, candidates, null, null, null);
  }

  private static List<String> ignored(ChainResult result) {
    return result.steps().get(0).ignored();
  }

  private static Backend withMeta(Map<String, String> meta) {
    return new Backend("m.internal", 5520, 0, meta);
  }

  private static Map<String, String> entries(int count) {
    Map<String, String> meta = new HashMap<>();
    for (int i = 0; i < count; i++) {
      meta.put("k" + i, "v");
    }
    return meta;
  }

  @Test
  void denyReasonAtTheLimitIsSentWhole() throws Exception {
    String reason = "r".repeat(AnswerLimits.MAX_DENY_REASON_CHARS);

    ChainResult result = answer(deny(reason));

    assertThat(result.denyReason()).isEqualTo(reason);
    assertThat(ignored(result)).isEmpty();
  }

  @Test
  void denyReasonOneOverTheLimitIsCut() throws Exception {
    String reason = "r".repeat(AnswerLimits.MAX_DENY_REASON_CHARS + 1);

    ChainResult result = answer(deny(reason));

    assertThat(result.denied()).isTrue();
    assertThat(result.denyReason()).isEqualTo("r".repeat(256));
    assertThat(ignored(result)).containsExactly("deny_reason: cut from 257 to 256 characters");
    assertThat(result.steps().get(0).denied()).isTrue();
  }

  @Test
  void denyReasonIsNotCutInsideASurrogatePair() throws Exception {
    String reason = "r".repeat(255) + "\uD83D\uDE00" + "tail";

    ChainResult result = answer(deny(reason));

    assertThat(result.denyReason()).isEqualTo("r".repeat(255));
    assertThat(ignored(result)).containsExactly("deny_reason: cut from 261 to 255 characters");
  }

  @Test
  void hostAtTheCharacterLimitIsApplied() throws Exception {
    Backend target = Backend.of("h".repeat(AnswerLimits.MAX_HOST_CHARS), 5520);

    ChainResult result = answer(backend(target));

    assertThat(result.backend()).isEqualTo(target);
    assertThat(ignored(result)).isEmpty();
  }

  @Test
  void hostOneCharacterOverTheLimitIsIgnored() throws Exception {
    Backend target = Backend.of("h".repeat(AnswerLimits.MAX_HOST_CHARS + 1), 5520);

    ChainResult result = answer(backend(target));

    assertThat(result.backend()).isEqualTo(A);
    assertThat(ignored(result))
        .containsExactly("backend: host length (254 characters) exceeds the allowed maximum (253)");
  }

  @Test
  void hostAtTheUtf8ByteLimitIsApplied() throws Exception {
    Backend target = Backend.of("é".repeat(AnswerLimits.MAX_HOST_BYTES / 2), 5520);

    ChainResult result = answer(backend(target));

    assertThat(result.backend()).isEqualTo(target);
  }

  @Test
  void hostOverTheUtf8ByteLimitIsIgnoredThoughShortInCharacters() throws Exception {
    Backend target = Backend.of("é".repeat(AnswerLimits.MAX_HOST_BYTES / 2 + 1), 5520);

    ChainResult result = answer(backend(target));

    assertThat(result.backend()).isEqualTo(A);
    assertThat(ignored(result))
        .containsExactly(
            "backend: host length (258 bytes in UTF-8) exceeds the allowed maximum (256)");
  }

  @Test
  void candidateWithTooLongAHostRejectsTheList() throws Exception {
    Backend tooLong = Backend.of("h".repeat(254), 5520);

    ChainResult result = answer(candidates(List.of(Backend.of("c.internal", 1), tooLong)));

    assertThat(result.candidates()).extracting(Backend::host).doesNotContain(tooLong.host());
    assertThat(ignored(result))
        .containsExactly(
            "candidates: entry 1 host length (254 characters) exceeds the allowed maximum (253)");
  }

  @Test
  void unusableEntryQuotesOnlyTheStartOfItsHost() throws Exception {
    Backend unusable = Backend.of("h".repeat(1 << 20), 0);

    ChainResult result = answer(candidates(List.of(unusable)));

    assertThat(ignored(result)).singleElement().asString().hasSizeLessThan(200).contains("… (");
  }

  @Test
  void candidatesAtTheLimitReplaceTheList() throws Exception {
    ChainResult result = answer(candidates(backends(AnswerLimits.MAX_CANDIDATES)));

    assertThat(result.candidates()).hasSize(1024);
    assertThat(ignored(result)).isEmpty();
  }

  @Test
  void candidatesOneOverTheLimitAreIgnored() throws Exception {
    ChainResult result = answer(candidates(backends(AnswerLimits.MAX_CANDIDATES + 1)));

    assertThat(result.candidates()).hasSize(2);
    assertThat(ignored(result))
        .containsExactly("candidates: length (1025) exceeds the allowed maximum (1024)");
  }

  @Test
  void metaAtTheEntryLimitIsApplied() throws Exception {
    Backend target = withMeta(entries(AnswerLimits.MAX_META_ENTRIES));

    assertThat(answer(backend(target)).backend()).isEqualTo(target);
  }

  @Test
  void metaOneEntryOverTheLimitIsIgnored() throws Exception {
    ChainResult result = answer(backend(withMeta(entries(AnswerLimits.MAX_META_ENTRIES + 1))));

    assertThat(result.backend()).isEqualTo(A);
    assertThat(ignored(result))
        .containsExactly("backend: meta size (65 entries) exceeds the allowed maximum (64)");
  }

  @Test
  void metaKeyAtTheLimitIsApplied() throws Exception {
    Backend target = withMeta(Map.of("k".repeat(AnswerLimits.MAX_META_KEY_CHARS), "v"));

    assertThat(answer(backend(target)).backend()).isEqualTo(target);
  }

  @Test
  void metaKeyOneOverTheLimitIsIgnored() throws Exception {
    String key = "k".repeat(AnswerLimits.MAX_META_KEY_CHARS + 1);

    ChainResult result = answer(candidates(List.of(withMeta(Map.of(key, "v")))));

    assertThat(result.candidates()).hasSize(2);
    assertThat(ignored(result))
        .singleElement()
        .asString()
        .startsWith("candidates: entry 0 meta key \"kkk")
        .endsWith("more characters)\" length (254) exceeds the allowed maximum (253)");
  }

  @Test
  void metaValueAtTheLimitIsApplied() throws Exception {
    Backend target = withMeta(Map.of("zone", "v".repeat(AnswerLimits.MAX_META_VALUE_CHARS)));

    assertThat(answer(backend(target)).backend()).isEqualTo(target);
  }

  @Test
  void metaValueOneOverTheLimitIsIgnored() throws Exception {
    Backend target = withMeta(Map.of("zone", "v".repeat(AnswerLimits.MAX_META_VALUE_CHARS + 1)));

    ChainResult result = answer(backend(target));

    assertThat(result.backend()).isEqualTo(A);
    assertThat(ignored(result))
        .containsExactly(
            "backend: meta value of \"zone\" length (1025) exceeds the allowed maximum (1024)");
  }

  private static List<Backend> backends(int count) {
    List<Backend> list = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      list.add(Backend.of("b" + i + ".internal", 5520));
    }
    return list;
  }
}
