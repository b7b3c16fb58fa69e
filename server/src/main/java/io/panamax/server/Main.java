package io.panamax.server;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code panamax}: entry point of the runnable jar; subcommands do the work. */
@Command(
        name = "panamax",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Panamax: an off-heap key-value server (RESP on 6379).",
        subcommands = {ServerCommand.class})
public final class Main implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        int code = new CommandLine(new Main()).execute(args);
        if (code != 0 || args.length == 0 || !args[0].equals("server")) {
            System.exit(code);
        }
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
