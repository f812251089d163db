package io.signpost.wasm.internal;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.event.Level;

/**
 * A module's stdout or stderr: bytes are split into lines and each line is logged through the
 * plugin's rate-limited {@link GuestLog}; nothing is buffered when the level is off. Lines longer
 * than {@link #MAX_LINE} bytes are cut and logged in pieces. Confined to the thread that owns the
 * instance.
 */
final class GuestOutput extends OutputStream {
  static final int MAX_LINE = 8192;

  private final GuestLog log;
  private final Level level;
  private final String prefix;
  private final boolean enabled;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(128);

  GuestOutput(GuestLog log, Level level, String stream) {
    this.log = log;
    this.level = level;
    this.prefix = "[" + stream + "] ";
    this.enabled = log.isEnabled(level);
  }

  @Override
  public void write(int b) {
    if (!enabled) {
      return;
    }
    if (b == '\n') {
      emit();
      return;
    }
    line.write(b);
    if (line.size() >= MAX_LINE) {
      emit();
    }
  }

  @Override
  public void write(byte[] b, int off, int len) {
    for (int i = off; i < off + len; i++) {
      write(b[i]);
    }
  }

  @Override
  public void flush() {
    if (line.size() > 0) {
      emit();
    }
  }

  @Override
  public void close() {
    flush();
  }

  private void emit() {
    int bytes = line.size();
    String text = line.toString(StandardCharsets.UTF_8);
    line.reset();
    if (text.endsWith("\r")) {
      text = text.substring(0, text.length() - 1);
    }
    log.log(level, prefix, text, bytes);
  }
}
