package io.signpost.cli;

import picocli.CommandLine.Command;

/** {@code signpost plugin ...}: tools for plugin authors. */
@Command(
    name = "plugin",
    mixinStandardHelpOptions = true,
    description = "Tools for plugin authors.",
    subcommands = {PluginCallCommand.class, PluginTestCommand.class, PluginNewCommand.class})
final class PluginCommand {}
