package io.panamax.lab;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code bin/panamax lab …}: the benchmark lab. Each workload family is one picocli subcommand in
 * its own class, registered in {@link #SUBCOMMANDS}.
 */
@Command(
        name = "panamax lab",
        mixinStandardHelpOptions = true,
        description = "Benchmark lab: runs benchmark matrices against Panamax and peers, writes reports to results/.")
public final class LabMain implements Runnable {

    /** Subcommand classes; one line per family so parallel work merges cleanly. */
    static final Class<?>[] SUBCOMMANDS = {
        RunCommand.class,
        HardwareCommand.class,
        LoadCommand.class,
        ThrasherCommand.class,
        io.panamax.lab.jmh.JmhCommand.class,
        io.panamax.lab.lsm.LsmLab.class,
    };

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new LabMain());
        for (Class<?> c : SUBCOMMANDS) {
            cli.addSubcommand(c);
        }
        System.exit(cli.execute(args));
    }
}
