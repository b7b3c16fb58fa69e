package io.panamax.protocol.resp;

/** Builds the full command table from every command family. */
public final class Commands {
    private Commands() {}

    public static CommandTable table() {
        CommandTable t = new CommandTable();
        ConnectionCommands.register(t);
        ServerCommands.register(t);
        StringCommands.register(t);
        MultiKeyCommands.register(t);
        KeyCommands.register(t);
        KeyspaceCommands.register(t);
        HashCommands.register(t);
        SetCommands.register(t);
        SetAlgebraCommands.register(t);
        ListCommands.register(t);
        ListMoveCommands.register(t);
        BlockingCommands.register(t);
        SortedSetCommands.register(t);
        ZSetAlgebraCommands.register(t);
        CollectionScan.register(t);
        ZRandMember.register(t);
        ZQuery.register(t);
        return t;
    }
}
