package io.panamax.blobstore.admin;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** Test access to the package-private listing parser. */
public final class VolumeHttpAccess {
    private VolumeHttpAccess() {}

    public static List<VolumeHttp.Entry> parse(InputStream in) throws IOException {
        return VolumeHttp.parseListing(in);
    }
}
