package io.signpost.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SingleKeyManagerTest {

  private static PemKeyPair pair(String name) {
    SelfSignedCertificate generated = SelfSignedCertificate.generate(name);
    return new PemKeyPair(generated.key(), List.of(generated.certificate()));
  }

  @Test
  void offersItsOneKeyWhateverTypeIsAskedFor() {
    PemKeyPair a = pair("a.example.com");
    SingleKeyManager manager = new SingleKeyManager(a);

    String alias = manager.chooseEngineServerAlias("RSA", null, null);

    assertThat(manager.chooseEngineServerAlias("EC", null, null)).isEqualTo(alias);
    assertThat(manager.getCertificateChain(alias)).containsExactly(a.chain().get(0));
    assertThat(manager.getPrivateKey(alias)).isEqualTo(a.key());
    assertThat(manager.getCertificateChain("other")).isNull();
  }

  @Test
  void aHandshakeThatChoseItsAliasBeforeAReplacementGetsAMatchingPair() {
    PemKeyPair a = pair("a.example.com");
    PemKeyPair b = pair("b.example.com");
    SingleKeyManager manager = new SingleKeyManager(a);
    String before = manager.chooseEngineServerAlias("EC", null, null);

    manager.replace(b);
    String after = manager.chooseEngineServerAlias("EC", null, null);

    assertThat(after).isNotEqualTo(before);
    assertThat(manager.pair()).isEqualTo(b);
    assertThat(manager.getCertificateChain(before)).containsExactly(a.chain().get(0));
    assertThat(manager.getPrivateKey(before)).isEqualTo(a.key());
    assertThat(manager.getCertificateChain(after)).containsExactly(b.chain().get(0));
    assertThat(manager.getPrivateKey(after)).isEqualTo(b.key());

    manager.replace(a);
    assertThat(manager.getPrivateKey(before)).as("two replacements ago").isNull();
  }
}
