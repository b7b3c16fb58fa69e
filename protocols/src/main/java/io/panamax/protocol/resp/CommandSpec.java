package io.panamax.protocol.resp;

import java.util.List;

/**
 * One row of the command table, as {@code COMMAND INFO} reports it.
 *
 * @param name lower-case command name
 * @param arity Redis arity: n = exactly n arguments (name included), -n = at least n
 * @param flags Redis command flags ({@code write}, {@code readonly}, {@code fast}, …)
 * @param firstKey index of the first key argument, 0 if none
 * @param lastKey index of the last key, negative counts from the end (-1 = last argument)
 * @param step distance between keys
 * @param categories ACL categories without the {@code @}
 * @param kind where it runs; exactly the matching handler is non-null
 */
public record CommandSpec(
        String name,
        int arity,
        List<String> flags,
        int firstKey,
        int lastKey,
        int step,
        List<String> categories,
        CommandKind kind,
        KeyedHandler keyed,
        LocalHandler local,
        AsyncHandler async) {

    public static CommandSpec keyed(String name, int arity, String flags, int first, int last, int step, String categories, KeyedHandler h) {
        return new CommandSpec(name, arity, words(flags), first, last, step, words(categories), CommandKind.KEYED, h, null, null);
    }

    public static CommandSpec local(String name, int arity, String flags, String categories, LocalHandler h) {
        return new CommandSpec(name, arity, words(flags), 0, 0, 0, words(categories), CommandKind.LOCAL, null, h, null);
    }

    public static CommandSpec async(String name, int arity, String flags, int first, int last, int step, String categories, AsyncHandler h) {
        return new CommandSpec(name, arity, words(flags), first, last, step, words(categories), CommandKind.ASYNC, null, null, h);
    }

    /** Whether {@code argc} arguments (name included) satisfy the arity. */
    public boolean arityAccepts(int argc) {
        return arity >= 0 ? argc == arity : argc >= -arity;
    }

    private static List<String> words(String text) {
        return text.isBlank() ? List.of() : List.of(text.trim().split("\\s+"));
    }
}
