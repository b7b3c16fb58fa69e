package io.panamax.transport;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import java.util.Locale;

/** The Netty transports Panamax can run on, best first. */
public enum TransportKind {
    IO_URING("io_uring"),
    EPOLL("epoll"),
    NIO("nio");

    private final String cliName;

    TransportKind(String cliName) {
        this.cliName = cliName;
    }

    /** Name as given on the command line and shown in {@code INFO}: io_uring, epoll or nio. */
    public String cliName() {
        return cliName;
    }

    /** Whether this transport's native library loaded and the kernel supports it. */
    public boolean isAvailable() {
        return switch (this) {
            case IO_URING -> IoUring.isAvailable();
            case EPOLL -> Epoll.isAvailable();
            case NIO -> true;
        };
    }

    /** Why this transport is unavailable, for error messages; empty when it is available. */
    public String unavailabilityCause() {
        Throwable cause =
                switch (this) {
                    case IO_URING -> IoUring.unavailabilityCause();
                    case EPOLL -> Epoll.unavailabilityCause();
                    case NIO -> null;
                };
        return cause == null ? "" : cause.toString();
    }

    IoHandlerFactory ioHandlerFactory() {
        return switch (this) {
            case IO_URING -> IoUringIoHandler.newFactory();
            case EPOLL -> EpollIoHandler.newFactory();
            case NIO -> NioIoHandler.newFactory();
        };
    }

    /** Server socket channel class for this transport. */
    public Class<? extends ServerChannel> serverChannelClass() {
        return switch (this) {
            case IO_URING -> IoUringServerSocketChannel.class;
            case EPOLL -> EpollServerSocketChannel.class;
            case NIO -> NioServerSocketChannel.class;
        };
    }

    /** Client socket channel class for this transport (outgoing connections on the same loops). */
    public Class<? extends SocketChannel> socketChannelClass() {
        return switch (this) {
            case IO_URING -> IoUringSocketChannel.class;
            case EPOLL -> EpollSocketChannel.class;
            case NIO -> NioSocketChannel.class;
        };
    }

    /**
     * Resolves a command-line choice: {@code auto} picks the first available of io_uring, epoll,
     * NIO; a named transport must be available.
     *
     * @throws IllegalArgumentException for an unknown name or an unavailable transport, with the cause
     */
    public static TransportKind select(String choice) {
        String name = choice.toLowerCase(Locale.ROOT);
        if (name.equals("auto")) {
            for (TransportKind kind : values()) {
                if (kind.isAvailable()) {
                    return kind;
                }
            }
            return NIO;
        }
        for (TransportKind kind : values()) {
            if (kind.cliName.equals(name)) {
                if (!kind.isAvailable()) {
                    throw new IllegalArgumentException(
                            "transport=" + name + " is not available here: " + kind.unavailabilityCause());
                }
                return kind;
            }
        }
        throw new IllegalArgumentException(
                "transport=" + choice + " is unknown; expected auto, io_uring, epoll or nio");
    }
}
