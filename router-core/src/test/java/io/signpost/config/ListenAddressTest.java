package io.signpost.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ListenAddressTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        ":5520||5520|:5520",
        "127.0.0.1:9091|127.0.0.1|9091|127.0.0.1:9091",
        "localhost:0|localhost|0|localhost:0",
        "[::1]:5520|::1|5520|[::1]:5520",
        "[::]:65535|::|65535|[::]:65535",
        "play.example.com:443|play.example.com|443|play.example.com:443",
      })
  void parses(String text, String host, int port, String printed) {
    ListenAddress a = ListenAddress.parse(text);
    assertThat(a.host()).isEqualTo(host == null ? "" : host);
    assertThat(a.port()).isEqualTo(port);
    assertThat(a.toString()).isEqualTo(printed);
    assertThat(a.isWildcard()).isEqualTo(host == null);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "5520",
        "",
        "host",
        ":",
        "host:",
        ":65536",
        ":-1",
        ":http",
        "::1:5520",
        "[::1:5520",
        "::1]:5520",
        "[]:5520",
        "host:55 20",
        ":999999"
      })
  void rejectsMalformedAddresses(String text) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ListenAddress.parse(text))
        .withMessageContaining("expected:");
  }

  @org.junit.jupiter.api.Test
  void wildcardBindsEveryInterface() {
    assertThat(ListenAddress.parse(":5520").toSocketAddress().getAddress().isAnyLocalAddress())
        .isTrue();
  }
}
