package io.signpost.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.signpost.plugin.PluginJson;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class ExpectedResponseTest {

  private static JsonNode json(String text) {
    try {
      return PluginJson.mapper().readTree(text);
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static java.util.List<String> compare(String expected, String actual) {
    return ExpectedResponse.of(json(expected)).mismatches(json(actual));
  }

  @Test
  void fieldsTheExpectedResponseDoesNotNameAreNotChecked() {
    assertThat(compare("{}", "{\"deny\":true,\"deny_reason\":\"x\"}")).isEmpty();
    assertThat(compare("{\"deny\":true}", "{\"deny\":true,\"deny_reason\":\"x\"}")).isEmpty();
  }

  @Test
  void objectsMatchFieldByFieldAndArraysElementByElement() {
    String actual =
        "{\"candidates\":[{\"host\":\"a\",\"port\":1,\"weight\":0},{\"host\":\"b\",\"port\":2}]}";
    assertThat(compare("{\"candidates\":[{\"host\":\"a\"},{\"port\":2}]}", actual)).isEmpty();
    assertThat(compare("{\"candidates\":[{\"host\":\"a\"},{\"port\":3}]}", actual))
        .containsExactly("candidates[1].port: expected 3, got 2");
    assertThat(compare("{\"candidates\":[{\"host\":\"a\"}]}", actual))
        .singleElement()
        .asString()
        .startsWith("candidates: expected [{\"host\":\"a\"}], got [");
    assertThat(compare("{\"backend\":{\"host\":\"a\"}}", "{\"backend\":null}"))
        .containsExactly("backend: expected an object, got null");
  }

  @Test
  void nullMatchesAnAbsentFieldAndNumbersMatchByValue() {
    assertThat(compare("{\"selected_index\":null}", "{}")).isEmpty();
    assertThat(compare("{\"selected_index\":null}", "{\"selected_index\":2}"))
        .containsExactly("selected_index: expected absent or null, got 2");
    assertThat(compare("{\"selected_index\":1.0}", "{\"selected_index\":1}")).isEmpty();
    assertThat(compare("{\"deny_reason\":\"x\"}", "{}"))
        .containsExactly("deny_reason: expected \"x\", got (absent)");
  }

  @Test
  void referralDataIsReadAsReferralContentAndReferralTextComparesTheDecodedText() {
    String actual = "{\"referral_content\":\"aGVsbG8=\"}";
    assertThat(compare("{\"referral_data\":\"aGVsbG8=\"}", actual)).isEmpty();
    assertThat(compare("{\"referral_text\":\"hello\"}", actual)).isEmpty();
    assertThat(compare("{\"referral_text\":\"bye\"}", actual))
        .containsExactly("referral_text: expected \"bye\", got \"hello\"");
    assertThat(compare("{\"referral_text\":\"bye\"}", "{}"))
        .containsExactly("referral_text: expected \"bye\", got (absent)");
  }

  @Test
  void anExpectedResponseMustBeAnObject() {
    assertThatThrownBy(() -> ExpectedResponse.of(json("[1]")))
        .hasMessage("expected response is array (expected: a JSON object)");
  }
}
