package io.signpost.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.signpost.config.ConfigDefaults;
import io.signpost.config.MessagesConfig;
import io.signpost.routing.RoutingOutcome;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DisconnectMessagesTest {

  private final DisconnectMessages messages =
      DisconnectMessages.of(
          new MessagesConfig(
              Map.of("no_route", "No server for ${sni}.", "routing_error", "Broken: ${error}"),
              Map.of(
                  "de", Map.of("no_route", "Kein Server für ${sni}.", "no_backends", "Voll."),
                  "pt_BR", Map.of("no_route", "Sem servidor."),
                  "PT", Map.of("no_route", "Nenhum servidor.", "no_backends", "Cheio."))));

  @ParameterizedTest(name = "{0}/{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "no_route|de|Kein Server für play.test.",
        "no_route|de-AT|Kein Server für play.test.",
        "no_route|DE_at|Kein Server für play.test.",
        "no_route|pt-BR|Sem servidor.",
        "no_route|pt-br|Sem servidor.",
        "no_route|pt_BR|Sem servidor.",
        "no_route|pt-PT|Nenhum servidor.",
        "no_route|pt|Nenhum servidor.",
        "no_backends|pt-BR|The server is full or restarting. Please try again in a moment.",
        "no_backends|de-CH|Voll.",
        "no_route|fr|No server for play.test.",
        "no_route||No server for play.test.",
        "no_route|'  '|No server for play.test.",
        "routing_error|de|Broken: boom",
        "denied|de|You cannot join this server right now.",
      })
  void looksUpExactTagThenBaseLanguageThenDisconnectThenBuiltIn(
      String key, String language, String expected) {
    assertThat(messages.render(key, language, "play.test", "boom")).isEqualTo(expected);
  }

  @Test
  void defaultsCarryHyrouterTextsAndTranslations() {
    DisconnectMessages d = DisconnectMessages.defaults();
    assertThat(d.render("no_route", null, "x", "e"))
        .isEqualTo("The server is currently unavailable.");
    assertThat(d.render("no_route", "de-DE", "x", "e"))
        .isEqualTo("Der Server ist aktuell nicht verfügbar.");
    assertThat(d.render("no_route", "pt-BR", "x", "e"))
        .isEqualTo("O servidor está indisponível no momento.");
    for (String key : DisconnectMessages.KEYS) {
      assertThat(d.template(key, "it")).isNotBlank();
      assertThat(d.template(key, null)).isEqualTo(ConfigDefaults.DISCONNECT_MESSAGES.get(key));
    }
  }

  @Test
  void everyRoutingOutcomeHasAMessage() {
    for (RoutingOutcome o : RoutingOutcome.values()) {
      assertThat(DisconnectMessages.KEYS).contains(o.messageKey());
    }
  }

  @Test
  void templatesAreFilledInOnePass() {
    assertThat(DisconnectMessages.fill("${sni}|${error}|${sni}|${other}|$|${", "${error}", "E"))
        .isEqualTo("${error}|E|${error}|${other}|$|${");
    assertThat(DisconnectMessages.fill("plain", "s", "e")).isEqualTo("plain");
  }

  @Test
  void blankOverridesKeepTheFallback() {
    DisconnectMessages m =
        DisconnectMessages.of(
            new MessagesConfig(Map.of("no_route", " "), Map.of("de", Map.of("no_route", ""))));
    assertThat(m.render("no_route", "de", "x", "e"))
        .isEqualTo(ConfigDefaults.DISCONNECT_MESSAGES.get("no_route"));
  }

  @Test
  void unknownKeyIsRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> messages.render("nope", null, "", ""))
        .withMessageContaining("expected: one of no_route");
  }
}
