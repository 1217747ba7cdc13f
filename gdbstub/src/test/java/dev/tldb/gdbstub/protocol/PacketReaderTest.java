package dev.tldb.gdbstub.protocol;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PacketReaderTest {

    @Test
    void readsAMemoryRequest() {
        PacketReader r = PacketReader.of("7ffff7dd273c,4");
        assertThat(r.hex()).isEqualTo(0x7ffff7dd273cL);
        r.expect(',');
        assertThat(r.hexInt()).isEqualTo(4);
        r.expectEnd();
    }

    @Test
    void readsFull64BitValuesAndIgnoresLeadingZeros() {
        assertThat(PacketReader.of("ffffffffffffffff").hex()).isEqualTo(-1L);
        assertThat(PacketReader.of("0000000000000000000000ff").hex()).isEqualTo(0xff);
        assertThatThrownBy(() -> PacketReader.of("1ffffffffffffffff").hex())
                .isInstanceOf(MalformedPacketException.class).hasMessageContaining("64 bits");
    }

    @Test
    void namesThePacketAndOffsetInErrors() {
        PacketReader r = PacketReader.of("m12x4,8");
        r.next();
        r.hex();
        assertThatThrownBy(() -> r.expect(','))
                .isInstanceOf(MalformedPacketException.class)
                .hasMessage("m12x4,8: expected ',' at offset 3");
    }

    @Test
    void readsFieldsHexBytesAndTheRest() {
        PacketReader r = PacketReader.of("qSymbol:7ffff7f6d83a:5f5f6e70746c");
        assertThat(r.consume("qSymbol:")).isTrue();
        assertThat(r.hex()).isEqualTo(0x7ffff7f6d83aL);
        r.expect(':');
        assertThat(new String(r.hexBytes())).isEqualTo("__nptl");
        assertThat(r.atEnd()).isTrue();
        assertThat(PacketReader.of("abc").textUntil(':')).isEqualTo("abc");
        PacketReader t = PacketReader.of("a:b");
        assertThat(t.textUntil(':')).isEqualTo("a");
        assertThat(t.peek()).isEqualTo(':');
    }

    @Test
    void rejectsOddHexAndHugeInts() {
        assertThatThrownBy(() -> PacketReader.of("abc").hexBytes()).isInstanceOf(MalformedPacketException.class);
        assertThatThrownBy(() -> PacketReader.of("80000000").hexInt()).isInstanceOf(MalformedPacketException.class);
        assertThatThrownBy(() -> PacketReader.of(",").hex()).isInstanceOf(MalformedPacketException.class);
        assertThatThrownBy(() -> PacketReader.of("").next()).isInstanceOf(MalformedPacketException.class);
    }

    @Test
    void keepsBinaryBytesIntact() {
        byte[] payload = {'X', '0', ',', '2', ':', (byte) 0xff, 0x00};
        PacketReader r = new PacketReader(payload, 1);
        r.hex();
        r.expect(',');
        r.hex();
        r.expect(':');
        assertThat(r.rest()).containsExactly(0xff, 0x00);
    }
}
