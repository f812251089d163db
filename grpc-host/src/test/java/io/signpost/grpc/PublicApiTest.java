package io.signpost.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.signpost.grpc.server.ConnectHandler;
import io.signpost.grpc.server.PluginServer;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The public API of grpc-host never exposes its internals or the relocated Netty classes. */
class PublicApiTest {

  private static final List<Class<?>> PUBLIC_API =
      List.of(
          GrpcPlugin.class,
          GrpcPluginFactory.class,
          GrpcOptions.class,
          GrpcOptions.Tls.class,
          GrpcOptions.Breaker.class,
          BreakerState.class,
          PluginServer.class,
          PluginServer.Builder.class,
          ConnectHandler.class);

  @Test
  void signaturesUseNoInternalTypes() {
    List<String> leaks = new ArrayList<>();
    for (Class<?> type : PUBLIC_API) {
      for (Method method : type.getDeclaredMethods()) {
        if (isExposed(method.getModifiers())) {
          Stream.concat(
                  Stream.of(method.getGenericReturnType()),
                  Stream.of(method.getGenericParameterTypes()))
              .filter(PublicApiTest::isInternal)
              .forEach(t -> leaks.add(type.getSimpleName() + "." + method.getName() + ": " + t));
        }
      }
      for (Constructor<?> ctor : type.getDeclaredConstructors()) {
        if (isExposed(ctor.getModifiers())) {
          Stream.of(ctor.getGenericParameterTypes())
              .filter(PublicApiTest::isInternal)
              .forEach(t -> leaks.add(type.getSimpleName() + ".<init>: " + t));
        }
      }
      for (Field field : type.getDeclaredFields()) {
        if (isExposed(field.getModifiers()) && isInternal(field.getGenericType())) {
          leaks.add(type.getSimpleName() + "." + field.getName() + ": " + field.getGenericType());
        }
      }
    }
    assertThat(leaks).isEmpty();
  }

  private static boolean isExposed(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  private static boolean isInternal(Type type) {
    String name = type.getTypeName();
    return name.contains("io.signpost.grpc.internal") || name.contains("io.grpc.netty.shaded");
  }
}
