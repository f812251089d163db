package io.signpost.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The public package never exposes io.signpost.wasm.internal or Chicory types. */
class PublicApiTest {
  private static final List<Class<?>> PUBLIC_API =
      List.of(WasmPlugins.class, WasmPluginFactory.class, WasmOptions.class, ExecutionMode.class);

  @Test
  void publicSignaturesUseOnlyPublicTypes() {
    List<String> leaks = new ArrayList<>();
    for (Class<?> type : PUBLIC_API) {
      for (Method method : type.getDeclaredMethods()) {
        if (!Modifier.isPublic(method.getModifiers())) {
          continue;
        }
        Stream.concat(Stream.of(method.getReturnType()), Stream.of(method.getParameterTypes()))
            .filter(PublicApiTest::isHidden)
            .forEach(t -> leaks.add(type.getSimpleName() + "." + method.getName() + ": " + t));
      }
      if (type.isRecord()) {
        for (RecordComponent component : type.getRecordComponents()) {
          if (isHidden(component.getType())) {
            leaks.add(type.getSimpleName() + "." + component.getName());
          }
        }
      }
    }
    assertThat(leaks).isEmpty();
  }

  private static boolean isHidden(Class<?> type) {
    String name = type.getName();
    return name.startsWith("io.signpost.wasm.internal.") || name.startsWith("com.dylibso.");
  }
}
