package io.signpost.plugin;

import static java.util.Objects.requireNonNull;

import io.signpost.annotation.Nullable;

/**
 * A {@link ConnectRequest} together with its JSON ({@link PluginJson#encodeRequest}), encoded on
 * first use and then kept: the chain hands one instance to every plugin that sees the same routing
 * state, so a chain of Wasm and gRPC plugins encodes a connect's request once, and once more only
 * after a plugin has changed the routing state.
 *
 * <p>Thread-safe. Two threads that ask for the JSON at the same moment (a shadow plugin and the
 * next plugin in the chain) may both encode it; both get equal bytes and one of the arrays is kept.
 */
public final class EncodedRequest {
  private final ConnectRequest request;
  private volatile byte @Nullable [] json;

  private EncodedRequest(ConnectRequest request) {
    this.request = requireNonNull(request, "request");
  }

  /** The request, to be encoded when a plugin first asks for its JSON. */
  public static EncodedRequest of(ConnectRequest request) {
    return new EncodedRequest(request);
  }

  public ConnectRequest request() {
    return request;
  }

  /**
   * The request as UTF-8 JSON. The array is shared by every plugin that gets this request: read it
   * or hand it on (copy it into a guest's memory, wrap it in a message), never write to it.
   */
  public byte[] json() {
    byte[] bytes = json;
    if (bytes == null) {
      bytes = PluginJson.encodeRequest(request);
      json = bytes;
    }
    return bytes;
  }

  /** Whether the JSON has been encoded already; for tests and benchmarks. */
  public boolean isEncoded() {
    return json != null;
  }
}
