package io.signpost.wasm.internal;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.TrapException;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Replaces the WASI functions whose work grows with a guest-chosen size by versions that bound it,
 * so one host call cannot outlast the call's time limit by more than a few milliseconds:
 *
 * <ul>
 *   <li>{@code fd_write}: at most {@link #MAX_IOVECS} buffers ({@code EINVAL} beyond) and at most
 *       {@link #MAX_WRITE_BYTES} bytes per call; the rest is a short write, which WASI allows and
 *       guests' write loops handle by calling again. Only stdout (1) and stderr (2) are writable.
 *   <li>{@code random_get}: any size, filled in {@link #RANDOM_CHUNK}-byte chunks with the time
 *       limit checked between chunks.
 *   <li>{@code poll_oneoff}: at most {@link #MAX_SUBSCRIPTIONS} subscriptions ({@code EINVAL}
 *       beyond); its sleep ends at the time limit.
 * </ul>
 */
final class HostCallBounds {
  static final int MAX_IOVECS = 1024;
  static final int MAX_WRITE_BYTES = 64 * 1024;
  static final int RANDOM_CHUNK = 16 * 1024;
  static final int MAX_SUBSCRIPTIONS = 64;

  static final int ESUCCESS = 0;
  static final int EBADF = 8;
  static final int EINVAL = 28;

  private final OutputStream stdout;
  private final OutputStream stderr;
  private final Random random;

  HostCallBounds(OutputStream stdout, OutputStream stderr, Random random) {
    this.stdout = stdout;
    this.stderr = stderr;
    this.random = random;
  }

  /** {@code wasi} with the bounded functions in place of Chicory's. */
  List<ImportFunction> apply(HostFunction[] wasi) {
    List<ImportFunction> out = new ArrayList<>(wasi.length);
    for (HostFunction function : wasi) {
      out.add(
          switch (function.name()) {
            case "fd_write" -> replace(function, this::fdWrite);
            case "random_get" -> replace(function, this::randomGet);
            case "poll_oneoff" -> pollOneoff(function);
            default -> function;
          });
    }
    return out;
  }

  private static HostFunction replace(HostFunction original, WasmFunctionHandle handle) {
    return new HostFunction(original.module(), original.name(), original.functionType(), handle);
  }

  private long[] fdWrite(Instance instance, long... args) {
    int fd = (int) args[0];
    int iovs = (int) args[1];
    int iovsLen = (int) args[2];
    int nwrittenPtr = (int) args[3];
    OutputStream target = fd == 1 ? stdout : fd == 2 ? stderr : null;
    if (target == null) {
      return errno(EBADF);
    }
    if (iovsLen < 0 || iovsLen > MAX_IOVECS) {
      return errno(EINVAL);
    }
    Memory memory = instance.memory();
    int written = 0;
    for (int i = 0; i < iovsLen && written < MAX_WRITE_BYTES; i++) {
      int base = memory.readInt(iovs + i * 8);
      int len = memory.readInt(iovs + i * 8 + 4);
      if (len < 0) {
        return errno(EINVAL);
      }
      int take = Math.min(len, MAX_WRITE_BYTES - written);
      byte[] data = memory.readBytes(base, take);
      try {
        target.write(data);
      } catch (java.io.IOException e) {
        return errno(EINVAL);
      }
      written += take;
    }
    memory.writeI32(nwrittenPtr, written);
    return errno(ESUCCESS);
  }

  private long[] randomGet(Instance instance, long... args) {
    int buf = (int) args[0];
    int len = (int) args[1];
    if (len < 0) {
      return errno(EINVAL);
    }
    Memory memory = instance.memory();
    if (Integer.toUnsignedLong(buf) + len > (long) memory.pages() * Memory.PAGE_SIZE) {
      throw new TrapException("random_get: out of bounds memory access");
    }
    byte[] chunk = new byte[Math.min(len, RANDOM_CHUNK)];
    for (int done = 0; done < len; ) {
      if (Thread.currentThread().isInterrupted()) {
        throw new ChicoryInterruptedException("Thread interrupted");
      }
      int size = Math.min(chunk.length, len - done);
      random.nextBytes(chunk);
      memory.write(buf + done, chunk, 0, size);
      done += size;
    }
    return errno(ESUCCESS);
  }

  private static HostFunction pollOneoff(HostFunction original) {
    return replace(
        original,
        (instance, args) -> {
          int subscriptions = (int) args[2];
          if (subscriptions > MAX_SUBSCRIPTIONS) {
            return errno(EINVAL);
          }
          return original.handle().apply(instance, args);
        });
  }

  private static long[] errno(int code) {
    return new long[] {code};
  }
}
