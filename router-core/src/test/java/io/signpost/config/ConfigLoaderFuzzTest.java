package io.signpost.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** Random damage to a valid document yields a configuration or a ConfigException, nothing else. */
class ConfigLoaderFuzzTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String VALID =
      """
      {"listen": ":5520", "tls": {"alpn": ["hytale/*"]}, "quic": {"max_idle_timeout": "30s"},
       "referral": {"key_id": 1, "hmac_secret": "base64:c2VjcmV0"},
       "messages": {"disconnect": {"no_route": "x ${sni}"}, "disconnect_locales": {"de": {"no_route": "y"}}},
       "discovery": {"providers": [{"name": "agones", "type": "agones",
          "agones": {"mode": "observe", "address": {"source": "address"}, "port": {"name": "g"}}}]},
       "routing": {"default": {"strategy": "round_robin", "backends": [{"host": "a", "port": 1}]},
         "routes": [{"match": {"hostnames": ["*.example.com"]},
           "pool": {"strategy": "p2c", "key": "load", "sample": 2, "limit": 3,
             "sort": [{"key": "load", "type": "number", "order": "desc"}],
             "filters": [{"type": "compare", "left": "load", "op": "lt", "right": "10"},
                         {"type": "whitelist", "enabled_key": "e", "list_key": "l"},
                         {"type": "game_start_not_past", "key": "g"}],
             "fallback": [{"strategy": "weighted", "filters": []}],
             "discovery": {"provider": "agones", "mode": "prefer"},
             "backends": [{"host": "b", "port": 2, "weight": 1, "meta": {"load": "3"}}]}}]},
       "plugins": [{"name": "p", "type": "grpc", "stage": "deny", "timeout": "1s",
          "on_error": "fail_closed", "after": [], "config": {"a": 1}, "grpc": {"address": "x"}}],
       "limits": {"connect_timeout": "5s", "max_frame_bytes": 1024},
       "admin": {"listen": "127.0.0.1:0", "decision_log_size": 5}}
      """;

  @Property(tries = 500)
  void damagedDocumentsNeverThrowAnythingElse(@ForAll long seed) throws Exception {
    Random random = new Random(seed);
    JsonNode doc = JSON.readTree(VALID);
    int damage = 1 + random.nextInt(4);
    for (int i = 0; i < damage; i++) {
      List<JsonNode> containers = new ArrayList<>();
      collect(doc, containers);
      mutate(containers.get(random.nextInt(containers.size())), random);
    }
    String text = JSON.writeValueAsString(doc);
    try {
      LoadedConfig loaded =
          ConfigLoader.parse(text, ConfigFormat.JSON, FakePluginFactory.grpcAndWasm());
      assertThat(loaded.warnings()).allMatch(p -> !p.isError()).doesNotHaveDuplicates();
    } catch (ConfigException e) {
      assertThat(e.errors()).isNotEmpty();
      assertThat(e.problems()).as(text).doesNotHaveDuplicates();
    }
  }

  private static void collect(JsonNode node, List<JsonNode> out) {
    if (node.isContainerNode()) {
      out.add(node);
      node.forEach(child -> collect(child, out));
    }
  }

  private static void mutate(JsonNode container, Random random) {
    if (container instanceof ObjectNode o) {
      List<String> names = new ArrayList<>();
      o.fieldNames().forEachRemaining(names::add);
      if (names.isEmpty() || random.nextInt(5) == 0) {
        o.set("x" + random.nextInt(3), randomValue(random));
      } else {
        String name = names.get(random.nextInt(names.size()));
        if (random.nextInt(4) == 0) {
          o.remove(name);
        } else {
          o.set(name, randomValue(random));
        }
      }
    } else if (container instanceof ArrayNode a) {
      if (a.isEmpty() || random.nextBoolean()) {
        a.add(randomValue(random));
      } else {
        a.set(random.nextInt(a.size()), randomValue(random));
      }
    }
  }

  private static JsonNode randomValue(Random random) {
    return switch (random.nextInt(10)) {
      case 0 -> NODES.nullNode();
      case 1 -> NODES.booleanNode(random.nextBoolean());
      case 2 -> NODES.numberNode(random.nextInt(200_000) - 100_000);
      case 3 -> NODES.numberNode(random.nextLong());
      case 4 -> NODES.numberNode(random.nextDouble() * 100);
      case 5 ->
          NODES.textNode(
              List.of(
                      "",
                      "  ",
                      "30s",
                      "-1s",
                      "[",
                      "*",
                      "round_robin",
                      "p2c",
                      "hex:zz",
                      ":1",
                      "[::1]:70000",
                      "deny",
                      "compare",
                      "number")
                  .get(random.nextInt(14)));
      case 6 -> NODES.arrayNode().add(NODES.textNode("a")).add(NODES.numberNode(1));
      case 7 -> NODES.arrayNode();
      case 8 -> NODES.objectNode();
      default -> NODES.objectNode().put("host", "h").put("port", random.nextInt(70_000));
    };
  }
}
