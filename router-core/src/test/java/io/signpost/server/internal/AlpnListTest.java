package io.signpost.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AlpnListTest {

  @Test
  void wildcardExpandsToDescendingVersions() {
    List<String> list = AlpnList.expand(List.of("hytale/*"));
    assertThat(list).hasSize(32).startsWith("hytale/32", "hytale/31").endsWith("hytale/1");
  }

  @Test
  void literalsKeepTheirPlaceAndDuplicatesGo() {
    assertThat(AlpnList.expand(List.of("custom", "hytale/2", "hytale/*")))
        .startsWith("custom", "hytale/2", "hytale/32")
        .doesNotHaveDuplicates()
        .hasSize(33);
  }

  @Test
  void highestHytaleFollowsHyroutersOrder() {
    assertThat(AlpnList.highestHytale(List.of("hytale/1", "hytale/7", "other/1")))
        .isEqualTo("hytale/7");
    assertThat(AlpnList.highestHytale(List.of("hytale/99999999999", "hytale/2")))
        .isEqualTo("hytale/99999999999");
    assertThat(AlpnList.highestHytale(List.of("hytale/x", "hytale/-3"))).isEqualTo("hytale/-3");
    assertThat(AlpnList.highestHytale(List.of("hytale/a", "hytale/b"))).isEqualTo("hytale/b");
    assertThat(AlpnList.highestHytale(List.of("hytale/07", "hytale/7"))).isEqualTo("hytale/7");
    assertThat(AlpnList.highestHytale(List.of("h3", "other/1"))).isNull();
    assertThat(AlpnList.hasWildcard(List.of("custom", " hytale/* "))).isTrue();
  }
}
