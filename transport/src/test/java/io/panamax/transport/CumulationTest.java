package io.panamax.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CumulationTest {
    private static ByteBuf bytes(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
    }

    @Test
    void takesTheFirstReadAsIs() {
        ByteBuf in = bytes("abc");
        assertThat(Cumulation.append(ByteBufAllocator.DEFAULT, null, in)).isSameAs(in);
    }

    @Test
    void appendsInPlaceWhenItOwnsTheBufferAndHasRoom() {
        ByteBuf cum = Unpooled.directBuffer(16).writeBytes("ab".getBytes(StandardCharsets.US_ASCII));
        ByteBuf out = Cumulation.append(ByteBufAllocator.DEFAULT, cum, bytes("cd"));
        assertThat(out).isSameAs(cum);
        assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("abcd");
    }

    @Test
    void copiesInsteadOfWritingIntoABufferAnotherShardStillReads() {
        ByteBuf cum = Unpooled.directBuffer(16).writeBytes("ab".getBytes(StandardCharsets.US_ASCII));
        cum.retain(); // a request handed to another shard holds it
        ByteBuf out = Cumulation.append(ByteBufAllocator.DEFAULT, cum, bytes("cd"));
        assertThat(out).isNotSameAs(cum);
        assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("abcd");
        assertThat(cum.refCnt()).isEqualTo(1);
        assertThat(cum.writerIndex()).as("the shared buffer is untouched").isEqualTo(2);
    }

    @Test
    void growsAtLeastGeometrically() {
        ByteBuf cum = Unpooled.directBuffer(1000, 1000).writeZero(1000);
        ByteBuf out = Cumulation.append(ByteBufAllocator.DEFAULT, cum, bytes("x"));
        assertThat(out.capacity()).isGreaterThanOrEqualTo(2000);
        assertThat(out.readableBytes()).isEqualTo(1001);
    }
}
