package io.panamax.protocol.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The REST pipeline of one connection: request deadline, Netty's HTTP/1.1 codec (request line, header and chunk
 * limits), idle timeout, body aggregation up to the value limit ({@code Expect: 100-continue} answered there), then
 * {@link HttpConnection}.
 */
final class RestChannelInitializer extends ChannelInitializer<Channel> {
    private final HttpLimits limits;
    private final RestCommands commands;
    private final Consumer<Channel> onOpen;

    /** @param onOpen called with each new channel (the server tracks them to close them at shutdown) */
    RestChannelInitializer(HttpLimits limits, RestCommands commands, Consumer<Channel> onOpen) {
        this.limits = limits;
        this.commands = commands;
        this.onOpen = onOpen;
    }

    @Override
    protected void initChannel(Channel ch) {
        onOpen.accept(ch);
        RequestTimeoutHandler deadline = new RequestTimeoutHandler(limits.requestTimeoutMs());
        ChannelPipeline p = ch.pipeline();
        p.addLast("deadline", deadline);
        p.addLast("codec", new HttpServerCodec(new HttpDecoderConfig()
                .setMaxInitialLineLength(limits.maxInitialLineBytes())
                .setMaxHeaderSize(limits.maxHeaderBytes())
                .setMaxChunkSize(64 * 1024)));
        p.addLast("idle", new IdleStateHandler(limits.idleTimeoutMs(), 0, 0, TimeUnit.MILLISECONDS));
        p.addLast("aggregator", new RestObjectAggregator(limits.maxValueBytes()));
        p.addLast("rest", new HttpConnection(commands, deadline, limits.maxValueBytes()));
    }
}
