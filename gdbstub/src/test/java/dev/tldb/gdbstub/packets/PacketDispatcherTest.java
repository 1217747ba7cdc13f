package dev.tldb.gdbstub.packets;

import dev.tldb.gdbstub.frame.RspFrame;
import dev.tldb.gdbstub.protocol.ErrorCodes;
import dev.tldb.gdbstub.protocol.Features;
import dev.tldb.gdbstub.protocol.Reply;
import dev.tldb.gdbstub.session.GdbSession;
import dev.tldb.gdbstub.session.StubTarget;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PacketDispatcherTest {
    private final GdbSession session = new GdbSession(1, 0x4000, null, new StubTarget() {
    });
    private final List<String> calls = new ArrayList<>();

    private PacketHandler recording(String label) {
        return (s, r) -> {
            calls.add(label + ":" + r.name() + ":" + r.args().restText());
            return Reply.ok();
        };
    }

    private String respond(PacketDispatcher d, String packet) {
        PacketDispatcher.Outcome o = d.handle(session, RspFrame.Packet.of(packet));
        return o.payload() == null ? null : new String(o.payload().toByteArray());
    }

    @Test
    void answersUnknownPacketsWithTheEmptyReply() {
        PacketDispatcher d = PacketDispatcher.builder().on("qC", recording("qC")).build();
        assertThat(respond(d, "qCRC:0,10")).isEmpty();
        assertThat(respond(d, "vFile:setfs:0")).isEmpty();
        assertThat(respond(d, "")).isEmpty();
        assertThat(calls).isEmpty();
    }

    @Test
    void picksTheLongestNameThatEndsAtASeparator() {
        PacketDispatcher d = PacketDispatcher.builder()
                .on("qXfer", recording("generic"))
                .on("qXfer:features:read", recording("features"))
                .on("m", recording("m"))
                .on("qC", recording("qC"))
                .on("vCont", recording("vCont"))
                .build();
        respond(d, "qXfer:features:read:target.xml:0,1000");
        respond(d, "qXfer:threads:read::0,1000");
        respond(d, "m7fffffffe810,8");
        respond(d, "qC");
        respond(d, "vCont?");
        respond(d, "vCont;c:p1.-1");
        assertThat(respond(d, "vContinue")).isEmpty();
        assertThat(calls).containsExactly(
                "features:qXfer:features:read::target.xml:0,1000",
                "generic:qXfer::threads:read::0,1000",
                "m:m:7fffffffe810,8",
                "qC:qC:",
                "vCont:vCont:?",
                "vCont:vCont:;c:p1.-1");
    }

    @Test
    void turnsMalformedPacketsIntoErrorsAndGoesOn() {
        PacketDispatcher d = PacketDispatcher.builder().on("m", (s, r) -> {
            var args = r.args();
            args.hex();
            args.expect(',');
            args.hex();
            args.expectEnd();
            return Reply.ok();
        }).build();
        PacketDispatcher.Outcome o = d.handle(session, RspFrame.Packet.of("m12x4,8"));
        assertThat(o.reply()).isInstanceOfSatisfying(Reply.Error.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCodes.INVALID));
        assertThat(new String(o.payload().toByteArray())).startsWith("E.malformed m packet: m12x4,8: expected ','");
        assertThat(respond(d, "m12,4")).isEqualTo("OK");
    }

    @Test
    void turnsHandlerCrashesIntoE01() {
        PacketDispatcher d = PacketDispatcher.builder().on("g", (s, r) -> {
            throw new IllegalStateException("boom");
        }).build();
        assertThat(respond(d, "g")).startsWith("E.g failed: java.lang.IllegalStateException: boom");
    }

    @Test
    void usesCodeOnlyErrorsWhereGdb13CannotReadText() {
        PacketHandler memory = new PacketHandler() {
            @Override
            public Reply handle(GdbSession s, Request r) {
                return Reply.error(ErrorCodes.BAD_ADDRESS, "Cannot access memory at 0x0");
            }

            @Override
            public ErrorStyle errorStyle() {
                return ErrorStyle.CODE_UNLESS_NEGOTIATED;
            }
        };
        PacketDispatcher d = PacketDispatcher.builder().on("m", memory).build();
        assertThat(respond(d, "m0,8")).isEqualTo("E0e");
        session.peerFeatures(Features.parse("multiprocess+;error-message+"));
        assertThat(respond(d, "m0,8")).isEqualTo("E.Cannot access memory at 0x0");
    }

    @Test
    void sendsNothingForReplyNone() {
        PacketDispatcher d = PacketDispatcher.builder().on("k", (s, r) -> Reply.none()).build();
        assertThat(respond(d, "k")).isNull();
    }

    @Test
    void rejectedFramesGetAnErrorCode() {
        PacketDispatcher d = PacketDispatcher.builder().build();
        var rejected = new RspFrame.Rejected(RspFrame.Rejected.Reason.OVERSIZE, true, 99999, new byte[0]);
        assertThat(new String(d.rejected(rejected).toByteArray())).isEqualTo("E16");
    }

    @Test
    void refusesNamesThatCouldNeverMatch() {
        PacketDispatcher.Builder b = PacketDispatcher.builder();
        assertThatThrownBy(() -> b.on("", recording("x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.on("qXfer:", recording("x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.on("a b", recording("x"))).isInstanceOf(IllegalArgumentException.class);
        b.on(":", recording("x")); // a single separator is a fine one-letter name
    }
}
