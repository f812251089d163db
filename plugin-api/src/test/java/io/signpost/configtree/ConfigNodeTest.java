package io.signpost.configtree;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigNodeTest {

  private final List<ConfigProblem> problems = new ArrayList<>();

  private ConfigNode section(String json) throws Exception {
    JsonNode tree = new ObjectMapper().readTree(json);
    return ConfigNode.at(tree, "plugins[1].wasm", problems, ConfigNode.Dialect.YAML);
  }

  private List<String> messages() {
    return problems.stream().map(ConfigProblem::toString).toList();
  }

  @Test
  void aSubtreeKeepsThePathOfItsDocument() throws Exception {
    ConfigNode node = section("{\"pool_size\": 0}");
    assertThat(node.get("pool_size").integerIn(4, 1, 1024)).isNull();
    assertThat(node.get("max_queued_calls").integerIn(7, 0, 10)).isEqualTo(7);
    assertThat(messages())
        .containsExactly("plugins[1].wasm.pool_size: 0 (expected: an integer in 1..1024)");
  }

  @Test
  void aWrongTypeReadsLikeAValueOutOfRange() throws Exception {
    ConfigNode node = section("{\"a\": \"lots\", \"b\": 1.5, \"c\": -1}");
    node.get("a").integerIn(1, 1, 64);
    node.get("b").integerIn(1, 1, Integer.MAX_VALUE);
    node.get("c").integerIn(0, 0, Integer.MAX_VALUE);
    assertThat(messages())
        .containsExactly(
            "plugins[1].wasm.a: \"lots\" (expected: an integer in 1..64)",
            "plugins[1].wasm.b: 1.5 (expected: an integer > 0)",
            "plugins[1].wasm.c: -1 (expected: an integer >= 0)");
  }

  @Test
  void choicesListTheirSpellingsInTheirOrder() throws Exception {
    Map<String, Integer> modes = new LinkedHashMap<>();
    modes.put("compiled", 1);
    modes.put("interpreted", 2);
    ConfigNode node = section("{\"mode\": \"jit\", \"other\": \" Interpreted \"}");
    assertThat(node.get("mode").choice(modes, 1)).isNull();
    assertThat(node.get("other").choice(modes, 1)).isEqualTo(2);
    assertThat(node.get("absent").choice("unknown mode", modes, 1)).isEqualTo(1);
    assertThat(messages())
        .containsExactly("plugins[1].wasm.mode: \"jit\" (expected: compiled or interpreted)");
  }

  @Test
  void oneOfJoinsLikeASentence() {
    assertThat(ConfigNode.oneOf(List.of("a"))).isEqualTo("a");
    assertThat(ConfigNode.oneOf(List.of("a", "b"))).isEqualTo("a or b");
    assertThat(ConfigNode.oneOf(List.of("a", "b", "c"))).isEqualTo("a, b or c");
  }

  @Test
  void unknownKeysOfASectionAreWarningsWithASuggestion() throws Exception {
    section("{\"path\": \"x\", \"poolsize\": 3}").warnUnknownKeys(Set.of("path", "pool_size"));
    assertThat(problems).singleElement().satisfies(p -> assertThat(p.isError()).isFalse());
    assertThat(messages())
        .containsExactly(
            "warning: plugins[1].wasm.poolsize: unknown key, ignored (did you mean \"pool_size\"?)");
  }
}
