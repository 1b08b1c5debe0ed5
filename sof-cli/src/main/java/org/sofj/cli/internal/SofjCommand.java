package org.sofj.cli.internal;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code sofj}: the top command; it only dispatches. */
@Command(name = "sofj", mixinStandardHelpOptions = true, version = "sofj 0.1.0",
        description = "Runs isolated third-party audio modules as Sound Open Firmware does, "
                + "and packs, signs, inspects and benchmarks them.",
        subcommands = {RunCommand.class, PackCommand.class, KeygenCommand.class,
            InspectCommand.class, BenchCommand.class})
final class SofjCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    SofjCommand() {
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is required: "
                + String.join(", ", spec.subcommands().keySet()));
    }
}
