package io.signpost.wasm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Hand-assembled modules for proposals the in-JVM wat2wasm cannot compile (threads, exception
 * handling, garbage collection, multiple memories). Each has Signpost's ABI: an exported memory,
 * {@code alloc(i32) -> i32} and {@code on_connect(i32, i32) -> i64}.
 */
final class ModuleBytes {
  private ModuleBytes() {}

  private static final byte[] ALLOC_BODY = {0x00, 0x41, (byte) 0x80, 0x08, 0x0B};
  private static final byte[] ON_CONNECT_BODY = {0x00, 0x42, 0x00, 0x0B};

  /** A memory declared {@code shared}. */
  static byte[] sharedMemory() {
    return module(new byte[0], memories(new byte[] {0x03, 0x01, 0x01}), new byte[0], body());
  }

  /** Two memories. */
  static byte[] twoMemories() {
    return module(
        new byte[0],
        memories(new byte[] {0x00, 0x01}, new byte[] {0x00, 0x01}),
        new byte[0],
        body());
  }

  /** An exception tag (type 2: {@code () -> ()}). */
  static byte[] exceptionTag() {
    byte[] emptyFunc = {0x60, 0x00, 0x00};
    byte[] tags = section(13, concat(new byte[] {0x01, 0x00, 0x02}));
    return module(emptyFunc, memories(new byte[] {0x00, 0x01}), tags, body());
  }

  /** A GC array type (type 2) and an {@code array.new_default} of it in {@code on_connect}. */
  static byte[] gcArray() {
    byte[] arrayType = {0x5E, 0x7F, 0x01};
    byte[] code = {0x00, 0x41, 0x0A, (byte) 0xFB, 0x07, 0x02, 0x1A, 0x42, 0x00, 0x0B};
    return module(arrayType, memories(new byte[] {0x00, 0x01}), new byte[0], code);
  }

  /** No GC types, but {@code ref.i31} in {@code on_connect}. */
  static byte[] i31Ref() {
    byte[] code = {0x00, 0x41, 0x01, (byte) 0xFB, 0x1C, 0x1A, 0x42, 0x00, 0x0B};
    return module(new byte[0], memories(new byte[] {0x00, 0x01}), new byte[0], code);
  }

  static Path write(byte[] module, String name, Path dir) {
    Path out = dir.resolve(name + ".wasm");
    try {
      Files.write(out, module);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static byte[] body() {
    return ON_CONNECT_BODY;
  }

  /** Types 0 (alloc) and 1 (on_connect), then {@code extraType} as type 2 when not empty. */
  private static byte[] module(
      byte[] extraType, byte[] memorySection, byte[] tagSection, byte[] onConnect) {
    byte[] alloc = {0x60, 0x01, 0x7F, 0x01, 0x7F};
    byte[] connect = {0x60, 0x02, 0x7F, 0x7F, 0x01, 0x7E};
    int typeCount = extraType.length == 0 ? 2 : 3;
    byte[] types = section(1, concat(new byte[] {(byte) typeCount}, alloc, connect, extraType));
    byte[] functions = section(3, new byte[] {0x02, 0x00, 0x01});
    byte[] exports =
        section(
            7,
            concat(
                new byte[] {0x03},
                export("memory", 0x02, 0),
                export("alloc", 0x00, 0),
                export("on_connect", 0x00, 1)));
    byte[] code =
        section(
            10,
            concat(
                new byte[] {0x02},
                new byte[] {(byte) ALLOC_BODY.length},
                ALLOC_BODY,
                new byte[] {(byte) onConnect.length},
                onConnect));
    byte[] header = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
    return concat(header, types, functions, memorySection, tagSection, exports, code);
  }

  private static byte[] memories(byte[]... limits) {
    return section(5, concat(new byte[] {(byte) limits.length}, concat(limits)));
  }

  private static byte[] export(String name, int kind, int index) {
    byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
    return concat(new byte[] {(byte) bytes.length}, bytes, new byte[] {(byte) kind, (byte) index});
  }

  private static byte[] section(int id, byte[] content) {
    return concat(new byte[] {(byte) id, (byte) content.length}, content);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
