/**
 * The configuration file: {@link io.signpost.config.ConfigLoader} reads YAML or JSON into the
 * immutable {@link io.signpost.config.SignpostConfig}, reporting every problem with its path;
 * {@link io.signpost.config.ConfigDefaults} holds every default. See docs/configuration.md.
 */
package io.signpost.config;
