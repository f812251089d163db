package io.signpost.wasm.internal;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.event.Level;

/**
 * A module's stdout or stderr: bytes are split into lines and each line is logged through the
 * plugin's rate-limited {@link GuestLog}; nothing is buffered when the level is off. Lines longer
 * than {@link #MAX_LINE} bytes are cut and logged in pieces. A line the limit refuses is counted
 * and never decoded, so a module that floods stdout costs a scan for newlines and a copy of the
 * bytes, not a string per line. Confined to the thread that owns the instance.
 */
final class GuestOutput extends OutputStream {
  static final int MAX_LINE = 8192;

  private final GuestLog log;
  private final Level level;
  private final String prefix;
  private final boolean enabled;
  private final byte[] line = new byte[MAX_LINE];
  private int length;

  GuestOutput(GuestLog log, Level level, String stream) {
    this.log = log;
    this.level = level;
    this.prefix = "[" + stream + "] ";
    this.enabled = log.isEnabled(level);
  }

  @Override
  public void write(int b) {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) {
    if (!enabled) {
      return;
    }
    int end = off + len;
    int i = off;
    while (i < end) {
      int newline = indexOfNewline(b, i, end);
      int stop = newline < 0 ? end : newline;
      while (i < stop) {
        int take = Math.min(stop - i, MAX_LINE - length);
        System.arraycopy(b, i, line, length, take);
        length += take;
        i += take;
        if (length == MAX_LINE) {
          emit();
        }
      }
      if (newline >= 0) {
        emit();
        i = newline + 1;
      }
    }
  }

  @Override
  public void flush() {
    if (length > 0) {
      emit();
    }
  }

  @Override
  public void close() {
    flush();
  }

  private static int indexOfNewline(byte[] b, int from, int end) {
    for (int i = from; i < end; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private void emit() {
    int bytes = length;
    length = 0;
    if (!log.admit(level, bytes)) {
      return;
    }
    int textLength = bytes > 0 && line[bytes - 1] == '\r' ? bytes - 1 : bytes;
    log.write(level, prefix, new String(line, 0, textLength, StandardCharsets.UTF_8));
  }
}
