package io.signpost.configtree;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UnknownKeysTest {

  private static final Set<String> KNOWN = Set.of("path", "pool_size", "max_memory_mb");

  @Test
  void warningsSuggestTheClosestKnownKey() throws Exception {
    List<ConfigProblem> problems = new ArrayList<>();
    UnknownKeys.warnings(
        new ObjectMapper().readTree("{\"path\":1,\"pool_sise\":2,\"colour\":3}"),
        "plugins[0].wasm",
        KNOWN,
        problems);

    assertThat(problems)
        .extracting(Object::toString)
        .containsExactly(
            "warning: plugins[0].wasm.pool_sise: unknown key, ignored (did you mean \"pool_size\"?)",
            "warning: plugins[0].wasm.colour: unknown key, ignored");
  }

  @Test
  void rootKeysHaveNoLeadingDot() throws Exception {
    List<ConfigProblem> problems = new ArrayList<>();
    UnknownKeys.warnings(
        new ObjectMapper().readTree("{\"listne\":1}"), "", Set.of("listen"), problems);

    assertThat(problems).extracting(ConfigProblem::path).containsExactly("listne");
  }
}
