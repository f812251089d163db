package io.signpost.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The instructions of a Containerfile (Dockerfile syntax), read line by line: comments dropped,
 * continued lines ({@code \}) joined. Enough for tests to check what the image declares.
 */
record Containerfile(List<Instruction> instructions) {

  /** One instruction: its upper-case keyword and the rest of the line. */
  record Instruction(String keyword, String arguments) {}

  static Containerfile read(Path file) throws IOException {
    List<Instruction> instructions = new ArrayList<>();
    StringBuilder pending = new StringBuilder();
    for (String raw : Files.readAllLines(file)) {
      String line = raw.strip();
      if (line.startsWith("#") || (line.isEmpty() && pending.isEmpty())) {
        continue;
      }
      if (line.endsWith("\\")) {
        pending.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      pending.append(line);
      String whole = pending.toString().strip();
      pending.setLength(0);
      int space = whole.indexOf(' ');
      instructions.add(
          new Instruction(
              whole.substring(0, space).toUpperCase(Locale.ROOT),
              whole.substring(space + 1).strip()));
    }
    return new Containerfile(List.copyOf(instructions));
  }

  /** The arguments of every instruction with this keyword, in order. */
  List<String> all(String keyword) {
    return instructions.stream()
        .filter(i -> i.keyword().equals(keyword))
        .map(Instruction::arguments)
        .toList();
  }

  /** The arguments of the one instruction with this keyword (the last one, as the builder does). */
  String last(String keyword) {
    List<String> all = all(keyword);
    if (all.isEmpty()) {
      throw new AssertionError("no " + keyword + " instruction");
    }
    return all.get(all.size() - 1);
  }

  /** An exec-form instruction ({@code ["java", "-jar", ...]}) as its list of words. */
  List<String> execForm(String keyword) throws IOException {
    return List.of(new ObjectMapper().readValue(last(keyword), String[].class));
  }

  /** The value of {@code ENV name=value} (the last one wins). */
  String env(String name) {
    String value = null;
    for (String env : all("ENV")) {
      for (String pair : env.split("\\s+")) {
        if (pair.startsWith(name + "=")) {
          value = pair.substring(name.length() + 1);
        }
      }
    }
    if (value == null) {
      throw new AssertionError("no ENV " + name);
    }
    return value;
  }
}
