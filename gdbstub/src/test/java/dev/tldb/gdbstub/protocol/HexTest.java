package dev.tldb.gdbstub.protocol;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HexTest {
    @Test
    void writesNumbersLikeGdb() {
        assertThat(Hex.number(0)).isEqualTo("0");
        assertThat(Hex.number(0x47ff)).isEqualTo("47ff");
        assertThat(Hex.number(-1L)).isEqualTo("ffffffffffffffff");
        assertThat(Hex.signedNumber(-1)).isEqualTo("-1");
    }

    @Test
    void roundTripsBytesAndText() {
        assertThat(Hex.encode(new byte[]{0, 0x7f, (byte) 0x80, (byte) 0xff})).isEqualTo("007f80ff");
        assertThat(Hex.decode("007F80ff")).containsExactly(0x00, 0x7f, 0x80, 0xff);
        assertThat(Hex.encodeText("just probing")).isEqualTo("6a7573742070726f62696e67");
        assertThat(Hex.decodeText("6a7573742070726f62696e67")).isEqualTo("just probing");
    }

    @Test
    void rejectsBadHex() {
        assertThatThrownBy(() -> Hex.decode("abc")).isInstanceOf(MalformedPacketException.class);
        assertThatThrownBy(() -> Hex.decode("zz")).isInstanceOf(MalformedPacketException.class);
        assertThatThrownBy(() -> Hex.parseUnsigned("12 ")).isInstanceOf(MalformedPacketException.class);
        assertThat(Hex.parseUnsigned("7ffff7ffe2e0")).isEqualTo(0x7ffff7ffe2e0L);
    }
}
