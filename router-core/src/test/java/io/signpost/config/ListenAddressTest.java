package io.signpost.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
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

  @Test
  void adminDefaultAndIpv6BindWhereTheySay() {
    assertThat(ListenAddress.parse(ConfigDefaults.ADMIN_LISTEN).toSocketAddress())
        .isEqualTo(new InetSocketAddress("127.0.0.1", 9091));
    assertThat(ListenAddress.parse("[::1]:9091").toSocketAddress())
        .isEqualTo(new InetSocketAddress("::1", 9091));
  }

  @Test
  void rejectionsSayWhatWasExpected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ListenAddress.parse("9091"))
        .withMessage("missing port (expected: host:port, :port or [ipv6]:port)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ListenAddress.parse("h:99999"))
        .withMessageContaining("(expected: 0..65535)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ListenAddress.parse("::1:9091"))
        .withMessageContaining("put IPv6 addresses in brackets");
  }

  @Test
  void wildcardBindsEveryInterface() {
    assertThat(ListenAddress.parse(":5520").toSocketAddress().getAddress().isAnyLocalAddress())
        .isTrue();
  }
}
