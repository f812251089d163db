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
}
