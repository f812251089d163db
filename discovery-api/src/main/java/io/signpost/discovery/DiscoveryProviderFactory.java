package io.signpost.discovery;

import io.signpost.configtree.ConfigProblem;
import java.util.List;

/**
 * Creates discovery providers of one {@link #type()}. Implementations are found with {@link
 * java.util.ServiceLoader} ({@code
 * META-INF/services/io.signpost.discovery.DiscoveryProviderFactory}), so the router core never
 * depends on a provider module.
 *
 * <p>{@link #validate} and {@link #describe} are called on the thread that loads the configuration,
 * at startup or on {@code validate}; {@link #create} once per provider at startup. None of them may
 * contact a cluster; they may read local files (a kubeconfig).
 */
public interface DiscoveryProviderFactory {

  /**
   * The value of a provider's {@code type} this factory handles, for example {@code kubernetes}.
   */
  String type();

  /**
   * Checks the provider's section ({@link DiscoveryProviderConfig#section()}) beyond its shape,
   * which the configuration loader has checked already: selector expressions, names, values that
   * only the provider understands. Problems carry paths below {@code path}, for example {@code
   * discovery.providers[0].kubernetes.resources[0].selector.labels: ...}.
   *
   * @param config the provider entry
   * @param path the entry's path, for example {@code discovery.providers[0]}
   * @return every problem found; empty when the section is valid
   */
  List<ConfigProblem> validate(DiscoveryProviderConfig config, String path);

  /**
   * One line saying what the provider watches or does, for {@code validate} and the startup log,
   * for example {@code pods in [default] with labels app=game}. Called only for entries that {@link
   * #validate} accepted.
   */
  String describe(DiscoveryProviderConfig config);

  /**
   * Builds a provider that has not started. Called only for entries that {@link #validate}
   * accepted.
   *
   * @throws DiscoveryException when the provider cannot be built (a kubeconfig that cannot be
   *     read); the router does not start
   */
  DiscoveryProvider create(DiscoveryProviderConfig config, DiscoveryContext context);
}
