package io.panamax.protocol.resp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The command table: name → {@link CommandSpec}, looked up from the request bytes without
 * allocating (open addressing over a case-folded hash of the name).
 */
public final class CommandTable {
    private final List<CommandSpec> specs = new ArrayList<>();
    private CommandSpec[] slots = new CommandSpec[512];
    private byte[][] names = new byte[512][];

    /** Adds {@code spec}; a name may be registered once. */
    public CommandTable register(CommandSpec spec) {
        byte[] name = spec.name().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        if (specs.size() * 2 >= slots.length) {
            throw new IllegalStateException("command table full at size=" + specs.size());
        }
        int mask = slots.length - 1;
        int i = hash(name, 0, name.length) & mask;
        while (slots[i] != null) {
            if (java.util.Arrays.equals(names[i], name)) {
                throw new IllegalArgumentException("command=" + spec.name() + " registered twice");
            }
            i = (i + 1) & mask;
        }
        slots[i] = spec;
        names[i] = name;
        specs.add(spec);
        return this;
    }

    /** The spec named by argument 0 of {@code command} (any case), or null if unknown. */
    public CommandSpec lookup(RespCommand command) {
        io.netty.buffer.ByteBuf buf = command.buffer();
        int off = command.offset(0);
        int len = command.length(0);
        if (len > 64) {
            return null;
        }
        int h = 0x811C9DC5;
        for (int i = 0; i < len; i++) {
            h = (h ^ lower(buf.getByte(off + i))) * 0x01000193;
        }
        int mask = slots.length - 1;
        for (int i = h & mask; slots[i] != null; i = (i + 1) & mask) {
            byte[] name = names[i];
            if (name.length == len && matches(buf, off, name)) {
                return slots[i];
            }
        }
        return null;
    }

    /** The spec named {@code name} (any case), or null. */
    public CommandSpec lookup(String name) {
        return lookup(RespCommand.of(name));
    }

    /** Every registered command, in registration order. */
    public List<CommandSpec> all() {
        return Collections.unmodifiableList(specs);
    }

    private static boolean matches(io.netty.buffer.ByteBuf buf, int off, byte[] name) {
        for (int i = 0; i < name.length; i++) {
            if (lower(buf.getByte(off + i)) != name[i]) {
                return false;
            }
        }
        return true;
    }

    private static int lower(byte b) {
        return b >= 'A' && b <= 'Z' ? b + 32 : b;
    }

    private static int hash(byte[] name, int off, int len) {
        int h = 0x811C9DC5;
        for (int i = off; i < off + len; i++) {
            h = (h ^ lower(name[i])) * 0x01000193;
        }
        return h;
    }
}
