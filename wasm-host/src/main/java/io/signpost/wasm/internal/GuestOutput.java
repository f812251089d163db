package io.signpost.wasm.internal;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * A module's stdout or stderr: bytes are split into lines and each line is logged under the
 * plugin's logger. Lines longer than {@link #MAX_LINE} bytes are cut and logged in pieces. Confined
 * to the thread that owns the instance.
 */
final class GuestOutput extends OutputStream {
  static final int MAX_LINE = 8192;

  private final Logger logger;
  private final Level level;
  private final String stream;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(128);

  GuestOutput(Logger logger, Level level, String stream) {
    this.logger = logger;
    this.level = level;
    this.stream = stream;
  }

  @Override
  public void write(int b) {
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
    String text = line.toString(StandardCharsets.UTF_8);
    line.reset();
    if (text.endsWith("\r")) {
      text = text.substring(0, text.length() - 1);
    }
    logger.atLevel(level).log("[{}] {}", stream, text);
  }
}
