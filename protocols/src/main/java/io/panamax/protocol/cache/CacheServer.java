package io.panamax.protocol.cache;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.panamax.protocol.resp.Shard;
import io.panamax.transport.ShardGroup;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cache protocol listener (KV-Cache's JSON over TCP, default port 7171): accepts on the same shard event loops
 * as RESP and gives each connection a {@link CacheConnection} over the shared keyspace.
 */
public final class CacheServer {
  private static final Logger LOG = LoggerFactory.getLogger(CacheServer.class);
  /** Default limit of one request object (1 MiB), as the spec says. */
  public static final int DEFAULT_MAX_REQUEST_BYTES = 1 << 20;

  private final ShardGroup<Shard> shards;
  private final int maxRequestBytes;
  private Channel listener;

  /** @param maxRequestBytes largest request object; a bigger one gets the error reply and the connection closes. */
  public CacheServer(ShardGroup<Shard> shards, int maxRequestBytes) {
    this.shards = shards;
    this.maxRequestBytes = maxRequestBytes;
  }

  /**
   * Binds {@code bind:port} and starts accepting.
   *
   * @return the bound address (port 0 binds an ephemeral port)
   * @throws InterruptedException if interrupted while binding
   */
  public InetSocketAddress start(String bind, int port) throws InterruptedException {
    listener = shards.listen(bind, port, new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(new CacheConnection(shards, maxRequestBytes));
          }
        });
    InetSocketAddress bound = (InetSocketAddress) listener.localAddress();
    LOG.info("cache protocol listening on {}:{}", bound.getHostString(), bound.getPort());
    return bound;
  }

  /** Stops accepting; existing connections stay until the loops stop. */
  public void stopAccepting() {
    if (listener != null) {
      listener.close().awaitUninterruptibly();
    }
  }
}
