package io.panamax.protocol.resp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RespDecoderTest {
    private final RespDecoder decoder = new RespDecoder(RespLimits.DEFAULTS);

    private static ByteBuf bytes(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
    }

    private static List<String> args(RespCommand c) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < c.argCount(); i++) {
            out.add(new String(c.argBytes(i), StandardCharsets.ISO_8859_1));
        }
        return out;
    }

    /** Decodes everything in {@code wire} fed in two parts split at {@code split}. */
    private List<List<String>> decodeSplit(String wire, int split) throws RespProtocolException {
        ByteBuf buf = Unpooled.buffer();
        List<List<String>> out = new ArrayList<>();
        byte[] all = wire.getBytes(StandardCharsets.ISO_8859_1);
        buf.writeBytes(all, 0, split);
        drain(buf, out);
        buf.writeBytes(all, split, all.length - split);
        drain(buf, out);
        assertThat(buf.readableBytes()).as("leftover after split at %d", split).isZero();
        return out;
    }

    private void drain(ByteBuf buf, List<List<String>> out) throws RespProtocolException {
        RespCommand c;
        while ((c = decoder.decode(buf)) != null) {
            if (c != RespDecoder.EMPTY) {
                out.add(args(c));
            }
        }
    }

    @Test
    void decodesMultibulkSplitAtEveryByte() throws Exception {
        String wire = "*3\r\n$3\r\nSET\r\n$5\r\nkey:1\r\n$10\r\nva\r\nl\0ue!!\r\n*1\r\n$4\r\nPING\r\n";
        for (int split = 0; split <= wire.length(); split++) {
            assertThat(decodeSplit(wire, split))
                    .as("split at %d", split)
                    .containsExactly(List.of("SET", "key:1", "va\r\nl\0ue!!"), List.of("PING"));
        }
    }

    @Test
    void decodesInlineCommandsSplitAtEveryByte() throws Exception {
        String wire = "PING\r\nSET k \"a b\\x41\\n\"\nGET 'it\\'s'\r\n\r\n";
        for (int split = 0; split <= wire.length(); split++) {
            assertThat(decodeSplit(wire, split))
                    .as("split at %d", split)
                    .containsExactly(List.of("PING"), List.of("SET", "k", "a bA\n"), List.of("GET", "it's"));
        }
    }

    @Test
    void plainInlineLinesAreSplitInPlaceAsTheQuotingSplitterWould() throws Exception {
        ByteBuf buf = bytes("  SET\tkey:1  \u000bvalue \r\n   \r\nGET k\n");
        RespCommand c = decoder.decode(buf);
        assertThat(args(c)).containsExactly("SET", "key:1", "value");
        assertThat(c.buffer()).isSameAs(buf);
        assertThat(c.offset(1)).isEqualTo(6);
        assertThat(decoder.decode(buf)).isSameAs(RespDecoder.EMPTY);
        assertThat(args(decoder.decode(buf))).containsExactly("GET", "k");

        // random lines without quotes: the in-place split gives the arguments of the general splitter
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(42);
        String alphabet = "ab\\x \t\r\u000b\f7";
        for (int round = 0; round < 2_000; round++) {
            StringBuilder line = new StringBuilder();
            for (int i = rnd.nextInt(30); i > 0; i--) {
                line.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
            }
            String text = line.toString();
            List<String> expected = new ArrayList<>();
            for (byte[] a : RespDecoder.splitArgs(text.getBytes(StandardCharsets.ISO_8859_1))) {
                expected.add(new String(a, StandardCharsets.ISO_8859_1));
            }
            RespCommand decoded = decoder.decode(bytes(text + "\r\n"));
            List<String> got = decoded == RespDecoder.EMPTY ? List.of() : args(decoded);
            assertThat(got).as("line %s", text.replace("\r", "\\r")).isEqualTo(expected);
        }
    }

    @Test
    void returnsNullAndKeepsReaderIndexWhenIncomplete() throws Exception {
        ByteBuf buf = bytes("*2\r\n$3\r\nGET\r\n$3\r\nke");
        assertThat(decoder.decode(buf)).isNull();
        assertThat(buf.readerIndex()).isZero();
    }

    @Test
    void argumentsPointIntoTheInputBufferWithoutCopy() throws Exception {
        ByteBuf buf = bytes("*2\r\n$3\r\nGET\r\n$3\r\nkey\r\n");
        RespCommand c = decoder.decode(buf);
        assertThat(c.buffer()).isSameAs(buf);
        assertThat(c.offset(1)).isEqualTo(17);
        assertThat(c.length(1)).isEqualTo(3);
    }

    @Test
    void skipsEmptyAndNullMultibulk() throws Exception {
        ByteBuf buf = bytes("*0\r\n*-1\r\n*1\r\n$4\r\nPING\r\n");
        assertThat(decoder.decode(buf)).isSameAs(RespDecoder.EMPTY);
        assertThat(decoder.decode(buf)).isSameAs(RespDecoder.EMPTY);
        assertThat(args(decoder.decode(buf))).containsExactly("PING");
    }

    @Test
    void rejectsNegativeMultibulkOtherThanMinusOne() {
        assertThatThrownBy(() -> decoder.decode(bytes("*-2\r\n"))).hasMessage("invalid multibulk length");
    }

    @Test
    void rejectsNegativeBulkLength() {
        assertThatThrownBy(() -> decoder.decode(bytes("*1\r\n$-1\r\n"))).hasMessage("invalid bulk length");
        assertThatThrownBy(() -> decoder.decode(bytes("*1\r\n$-7\r\n"))).hasMessage("invalid bulk length");
    }

    @Test
    void rejectsNonNumericLengths() {
        assertThatThrownBy(() -> decoder.decode(bytes("*x\r\n"))).hasMessage("invalid multibulk length");
        assertThatThrownBy(() -> decoder.decode(bytes("*1\r\n$1a\r\n"))).hasMessage("invalid bulk length");
        assertThatThrownBy(() -> decoder.decode(bytes("*1\r\n$\r\n"))).hasMessage("invalid bulk length");
    }

    @Test
    void rejectsMissingDollar() {
        assertThatThrownBy(() -> decoder.decode(bytes("*1\r\n:3\r\n"))).hasMessage("expected '$', got ':'");
    }

    @Test
    void rejectsBulkNotFollowedByCrlf() {
        assertThatThrownBy(() -> decoder.decode(bytes("*1\r\n$3\r\nGETXX"))).hasMessageContaining("invalid bulk format");
    }

    @Test
    void rejectsBulkOverTheLimitWithoutWaitingForItsBytes() {
        RespDecoder small = new RespDecoder(new RespLimits(1024, 1024, 1024, 1 << 20));
        assertThatThrownBy(() -> small.decode(bytes("*1\r\n$1025\r\n"))).hasMessage("invalid bulk length");
        assertThatThrownBy(() -> decoder.decode(bytes("*1\r\n$536870913\r\n"))).hasMessage("invalid bulk length");
    }

    @Test
    void acceptsAnnouncedHugeBulkWithoutAllocatingIt() throws Exception {
        // 512 MiB announced, 3 bytes sent: the decoder waits, holding nothing but the input.
        ByteBuf buf = bytes("*1\r\n$536870912\r\nabc");
        assertThat(decoder.decode(buf)).isNull();
    }

    @Test
    void rejectsMultibulkCountOverTheLimit() {
        assertThatThrownBy(() -> decoder.decode(bytes("*1048577\r\n"))).hasMessage("invalid multibulk length");
        assertThatThrownBy(() -> decoder.decode(bytes("*99999999999999999999\r\n"))).hasMessage("invalid multibulk length");
    }

    @Test
    void acceptsHugeMultibulkCountWithoutAllocatingIt() throws Exception {
        assertThat(decoder.decode(bytes("*1048576\r\n$3\r\nGET\r\n"))).isNull();
    }

    @Test
    void rejectsOverlongInlineLine() {
        ByteBuf buf = bytes("A".repeat(64 * 1024 + 1));
        assertThatThrownBy(() -> decoder.decode(buf)).hasMessage("too big inline request");
    }

    @Test
    void rejectsOverlongHeaderLines() {
        ByteBuf mbulk = bytes("*" + "1".repeat(10));
        RespDecoder small = new RespDecoder(new RespLimits(1024, 1024, 16, 1 << 20));
        assertThatThrownBy(() -> small.decode(bytes("*1\r\n$" + "0".repeat(30)))).hasMessage("invalid bulk length");
        assertThatThrownBy(() -> small.decode(bytes("*" + "0".repeat(30)))).hasMessage("invalid multibulk length");
        assertThat(mbulk.readableBytes()).isEqualTo(11);
    }

    @Test
    void rejectsUnbalancedQuotes() {
        assertThatThrownBy(() -> decoder.decode(bytes("SET k \"abc\r\n"))).hasMessage("unbalanced quotes in request");
        assertThatThrownBy(() -> decoder.decode(bytes("SET k 'abc\r\n"))).hasMessage("unbalanced quotes in request");
        assertThatThrownBy(() -> decoder.decode(bytes("SET k \"a\"b\r\n"))).hasMessage("unbalanced quotes in request");
    }

    @Test
    void decodesBinaryBulkWithEveryByteValue() throws Exception {
        byte[] value = new byte[256];
        for (int i = 0; i < 256; i++) {
            value[i] = (byte) i;
        }
        ByteBuf buf = Unpooled.buffer();
        buf.writeBytes("*2\r\n$3\r\nSET\r\n$256\r\n".getBytes(StandardCharsets.US_ASCII)).writeBytes(value).writeBytes(new byte[] {'\r', '\n'});
        RespCommand c = decoder.decode(buf);
        assertThat(c.argBytes(1)).isEqualTo(value);
    }

    @Test
    void detachedCommandKeepsItsArgumentsAfterTheNextDecode() throws Exception {
        ByteBuf buf = bytes("*2\r\n$3\r\nGET\r\n$1\r\na\r\n*3\r\n$3\r\nSET\r\n$2\r\nbb\r\n$1\r\nv\r\n");
        RespCommand first = decoder.decode(buf).detach();
        RespCommand second = decoder.decode(buf);
        assertThat(args(first)).containsExactly("GET", "a");
        assertThat(args(second)).containsExactly("SET", "bb", "v");
        assertThat(second.detach()).isNotSameAs(second);
        assertThat(first.detach()).isSameAs(first);
    }
}
