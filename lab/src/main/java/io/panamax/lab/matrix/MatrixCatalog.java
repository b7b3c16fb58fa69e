package io.panamax.lab.matrix;

import io.panamax.lab.hardware.MachineProfile;
import io.panamax.lab.hardware.SeedRow;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Finds a matrix's rows across the seed profiles and scales them with {@link ScalingRules}. */
public final class MatrixCatalog {

    private final List<MachineProfile> seeds;

    public MatrixCatalog(List<MachineProfile> seeds) {
        this.seeds = List.copyOf(seeds);
    }

    /** Matrix names present in the profiles, sorted. */
    public List<String> names() {
        TreeSet<String> names = new TreeSet<>();
        seeds.forEach(m -> m.rows().forEach(r -> names.add(r.matrix())));
        return List.copyOf(names);
    }

    /**
     * Executable rows of matrix {@code name}, in profile then file order.
     *
     * @throws IllegalArgumentException when no profile has a runnable row of that matrix (rows marked
     *     {@code "runnable": false} are published data only)
     */
    public List<RowSpec> rows(String name, HostLimits host, boolean quick) {
        List<RowSpec> out = new ArrayList<>();
        List<String> dataOnly = new ArrayList<>();
        for (MachineProfile m : seeds) {
            for (SeedRow r : m.rows()) {
                if (r.matrix().equals(name) && r.isRunnable()) {
                    out.addAll(ScalingRules.expand(m, r, host, quick));
                } else if (r.matrix().equals(name)) {
                    dataOnly.add(m.id() + "/" + r.id() + (r.note() == null ? "" : " (" + r.note() + ")"));
                }
            }
        }
        if (out.isEmpty() && !dataOnly.isEmpty()) {
            throw new IllegalArgumentException("matrix name=" + name + " is published data only, not runnable yet: "
                    + String.join("; ", dataOnly));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("unknown matrix name=" + name + ", known=" + names());
        }
        return out;
    }
}
