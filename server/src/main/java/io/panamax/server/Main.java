package io.panamax.server;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code panamax}: entry point of the runnable jar; subcommands do the work. */
@Command(
        name = "panamax",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Panamax: an off-heap key-value server (RESP on 6379) and blob store.",
        subcommands = {ServerCommand.class, BlobCommand.class})
public final class Main implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        int code = new CommandLine(new Main()).execute(args);
        if (code != 0 || !isLongRunning(args)) {
            System.exit(code);
        }
    }

    /**
     * Servers ({@code server}, {@code blob master}, {@code blob volume}) return from their command only once stopped
     * by a signal, while shutdown hooks run: exiting from there would block, so main just returns. One-shot commands
     * (help, version, {@code blob rebuild}, {@code blob rebalance}) exit with their code.
     */
    static boolean isLongRunning(String[] args) {
        if (args.length == 0) {
            return false;
        }
        // with --help they return at once without starting a thread, so the JVM ends by itself
        return args[0].equals("server")
                || (args[0].equals("blob") && args.length > 1 && (args[1].equals("master") || args[1].equals("volume")));
    }

    /** The jar's Implementation-Version, or "dev" when run from classes. */
    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"panamax " + version(), "JVM: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version")};
        }
    }
}
