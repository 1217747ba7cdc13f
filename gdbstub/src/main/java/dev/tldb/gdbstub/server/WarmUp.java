package dev.tldb.gdbstub.server;

import dev.tldb.gdbstub.frame.OutgoingPacket;
import dev.tldb.gdbstub.frame.Payload;
import dev.tldb.gdbstub.frame.RspEncoder;
import dev.tldb.gdbstub.frame.RspFrame;
import dev.tldb.gdbstub.packets.PacketDispatcher;
import dev.tldb.gdbstub.session.GdbSession;
import dev.tldb.gdbstub.session.StubTarget;
import dev.tldb.gdbstub.session.StubTargetFactory;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * Runs a typical debugging session against a throwaway target before (or while) real debuggers
 * connect, so that the JIT has compiled the packet path by the time they do.
 *
 * <p>Why: a JVM interprets, then compiles with C1, and reaches full speed with C2 only after some
 * ten thousand packets; until then a small packet costs about three times what it does later
 * (measured: ~130 µs versus ~50 µs per round trip here). A gdb session is a few hundred to a few
 * thousand packets, so without this the first sessions after start-up run at the slow rate. The
 * warm-up goes through the dispatcher, the handlers, the target and the encoder (everything but
 * the socket), reads only, on its own session and target, which it closes.
 */
public final class WarmUp {
    private static final System.Logger LOG = System.getLogger(WarmUp.class.getName());

    private WarmUp() {
    }

    /**
     * @param packets    the session's packets, made once the target is open (thread-ids need it)
     * @param maxPackets stop after this many packets
     * @param budget     or after this long
     * @return how many packets were handled
     */
    public static int run(PacketDispatcher dispatcher, StubTargetFactory targets, int packetSize,
                          Function<GdbSession, List<String>> packets, int maxPackets, Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        StubTarget target = targets.open(0, new InetSocketAddress("127.0.0.1", 0));
        GdbSession session = new GdbSession(0, packetSize, new InetSocketAddress("127.0.0.1", 0), target);
        ByteBuf out = Unpooled.buffer(2 * packetSize + 16);
        int done = 0;
        try {
            dispatcher.handle(session, RspFrame.Packet.of("qSupported:multiprocess+;swbreak+;hwbreak+;vContSupported+"));
            List<String> list = packets.apply(session);
            while (done < maxPackets && System.nanoTime() < deadline && !list.isEmpty()) {
                for (String p : list) {
                    PacketDispatcher.Outcome o = dispatcher.handle(session, RspFrame.Packet.of(p));
                    Payload payload = o.payload();
                    if (payload != null) {
                        out.clear();
                        RspEncoder.encodeTo(OutgoingPacket.packet(payload), out, true);
                    }
                    done++;
                }
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "warm-up stopped early: " + e);
        } finally {
            out.release();
            target.close();
        }
        return done;
    }
}
