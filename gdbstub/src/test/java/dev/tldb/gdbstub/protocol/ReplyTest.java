package dev.tldb.gdbstub.protocol;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplyTest {
    private static String render(Reply r, boolean textErrors) {
        return new String(r.toPayload(textErrors).toByteArray());
    }

    @Test
    void rendersTheSimpleReplies() {
        assertThat(render(Reply.ok(), true)).isEqualTo("OK");
        assertThat(render(Reply.unsupported(), true)).isEmpty();
        assertThat(Reply.none().toPayload(true)).isNull();
        assertThat(render(Reply.text("T05thread:p1.1;"), true)).isEqualTo("T05thread:p1.1;");
        assertThat(render(Reply.hex(new byte[]{1, 2}), true)).isEqualTo("0102");
        assertThat(render(Reply.binary("l", "<threads/>".getBytes(), 0, 10), true)).isEqualTo("l<threads/>");
    }

    @Test
    void rendersErrorsInTheFormThePacketAllows() {
        Reply e = Reply.error(ErrorCodes.GENERIC, "TLS block not allocated yet");
        assertThat(render(e, true)).isEqualTo("E.TLS block not allocated yet");
        assertThat(render(e, false)).isEqualTo("E01");
        assertThat(render(Reply.error(0x16), true)).isEqualTo("E16");
    }

    @Test
    void keepsFramingBytesOutOfErrorMessages() {
        Reply e = Reply.error(1, "bad $#*} bytes\nand a newline\u0001");
        assertThat(render(e, true)).isEqualTo("E.bad ???? bytes and a newline?");
        assertThat(render(Reply.error(1, "x".repeat(1000)), true)).hasSize(2 + Reply.Error.MAX_MESSAGE);
    }

    @Test
    void refusesTextThatGdbCouldNotRead() {
        assertThatThrownBy(() -> Reply.text("a*b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Reply.text("}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Reply.error(256)).isInstanceOf(IllegalArgumentException.class);
    }
}
