package io.panamax.lab.run;

import io.panamax.lab.load.LoadSpec;

/** Renders a {@link LoadSpec} as the equivalent {@code bin/panamax lab load} arguments. */
public final class LoadCommandLine {

    private LoadCommandLine() {}

    /** Arguments reproducing {@code spec} with the {@code load} subcommand. */
    public static String render(LoadSpec spec) {
        StringBuilder sb = new StringBuilder()
                .append("--host ").append(spec.host())
                .append(" --port ").append(spec.port())
                .append(" --protocol ").append(spec.protocol())
                .append(" -c ").append(spec.connections())
                .append(" -P ").append(spec.pipeline())
                .append(" --threads ").append(spec.threads())
                .append(" -n ").append(spec.requests())
                .append(" -d ").append(spec.dataSize())
                .append(" -r ").append(spec.keyspace())
                .append(" --set-ratio ").append(spec.setRatio());
        if (spec.openLoop()) {
            sb.append(" --rate ").append(spec.rate());
        }
        return sb.toString();
    }
}
