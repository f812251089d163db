package io.signpost.plugin;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Plugin answers decode as Hyrouter's Go encoding/json decodes its ConnectResponse. */
class PluginJsonTest {

  private static ConnectResponse decode(String json) {
    return PluginJson.decodeResponse(json.getBytes(UTF_8));
  }

  @Test
  void hyroutersTestAnswersDecode() {
    // internal/plugins/wasm_plugin_test.go answers {"referral_content":"eA=="}
    assertThat(decode("{\"referral_content\":\"eA==\"}").referralContent())
        .isEqualTo("x".getBytes(UTF_8));
    // internal/plugins/grpc_plugin_test.go denies with reason "no"
    assertThat(decode("{\"deny\":true,\"deny_reason\":\"no\"}"))
        .isEqualTo(ConnectResponse.denied("no"));
  }

  @Test
  void namesMatchWithoutRegardToCase() {
    assertThat(decode("{\"Deny\":true}").deny()).isTrue();
    assertThat(decode("{\"DENY\":true,\"Deny_Reason\":\"closed\"}"))
        .isEqualTo(ConnectResponse.denied("closed"));
    ConnectResponse r =
        decode(
            "{\"Candidates\":[{\"Host\":\"a\",\"PORT\":1,\"Meta\":{\"Zone\":\"eu\"}}],"
                + "\"Selected_Index\":0,\"Backend\":{\"Host\":\"b\",\"Port\":2,\"Weight\":3},"
                + "\"Referral_Content\":\"eA==\"}");
    // meta is a map: its keys are data and keep their case, as in Go.
    assertThat(r.candidates()).containsExactly(new Backend("a", 1, 0, Map.of("Zone", "eu")));
    assertThat(r.selectedIndex()).isZero();
    assertThat(r.backend()).isEqualTo(new Backend("b", 2, 3, Map.of()));
    assertThat(r.referralContent()).isEqualTo("x".getBytes(UTF_8));
  }

  @Test
  void ofARepeatedNameTheLastWins() {
    assertThat(decode("{\"deny\":true,\"Deny\":false}").deny()).isFalse();
    assertThat(decode("{\"deny_reason\":\"a\",\"deny_reason\":\"b\",\"deny\":true}").denyReason())
        .isEqualTo("b");
    // a repeated object merges, as Go decodes into the *Backend the first one allocated
    assertThat(decode("{\"backend\":{\"host\":\"a\"},\"backend\":{\"port\":5}}").backend())
        .isEqualTo(Backend.of("a", 5));
  }

  @Test
  void requestsDecodeTheSameWay() {
    ConnectRequest request =
        PluginJson.decodeRequest(
            ("{\"Event\":{\"SNI\":\"play.example.com\",\"Username\":\"alice\"},"
                    + "\"Strategy\":\"random\",\"Candidates\":[{\"Host\":\"a\",\"Port\":1}],"
                    + "\"Selected_Index\":0,\"Backend\":{\"Host\":\"a\",\"Port\":1}}")
                .getBytes(UTF_8));
    assertThat(request.event().sni()).isEqualTo("play.example.com");
    assertThat(request.event().username()).isEqualTo("alice");
    assertThat(request.candidates()).isEqualTo(List.of(Backend.of("a", 1)));
    assertThat(request.backend()).isEqualTo(Backend.of("a", 1));
  }

  @Test
  void notAnObjectIsRefused() {
    assertThatThrownBy(() -> decode("null"))
        .isInstanceOf(PluginJson.InvalidPluginJsonException.class)
        .hasMessageContaining("JSON null");
    assertThatThrownBy(() -> decode("{\"deny\":true} trailing"))
        .isInstanceOf(PluginJson.InvalidPluginJsonException.class)
        .hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> decode("[1]"))
        .isInstanceOf(PluginJson.InvalidPluginJsonException.class);
  }
}
