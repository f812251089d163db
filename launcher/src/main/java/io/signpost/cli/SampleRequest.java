package io.signpost.cli;

import io.signpost.plugin.Backend;
import io.signpost.plugin.ConnectEvent;
import io.signpost.plugin.ConnectRequest;
import io.signpost.plugin.PluginJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The request {@code plugin call} sends when given none, and prints with {@code --sample}: a client
 * on {@code hytale/2} connecting to {@code play.example.com}, with two candidates. The Rust PDK's
 * {@code testing::RequestBuilder} starts from the same request.
 */
final class SampleRequest {

  private SampleRequest() {}

  static ConnectRequest request() {
    Backend first = new Backend("10.0.0.1", 5520, 1, Map.of());
    Backend second = new Backend("10.0.0.2", 5520, 1, Map.of());
    return new ConnectRequest(
        new ConnectEvent(
            "play.example.com",
            null,
            null,
            0,
            "5f0e1a52-3c5d-4b8e-9a8c-7d1c4a6b2e10",
            "alice",
            "en-US",
            true,
            "hytale/2"),
        "round_robin",
        List.of(first, second),
        0,
        first,
        new byte[0]);
  }

  /** The request as the router encodes it, pretty-printed. */
  static String json() {
    try {
      return PluginJson.mapper()
          .writerWithDefaultPrettyPrinter()
          .writeValueAsString(PluginJson.mapper().readTree(PluginJson.encodeRequest(request())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
