package dev.tldb.gdbstub.server;

import dev.tldb.gdbstub.frame.OutgoingPacket;
import dev.tldb.gdbstub.frame.Payload;
import dev.tldb.gdbstub.frame.RspFrame;
import dev.tldb.gdbstub.packets.PacketDispatcher;
import dev.tldb.gdbstub.session.GdbSession;
import dev.tldb.gdbstub.session.StubTarget;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;

import java.io.IOException;

/**
 * The end of one connection's pipeline: applies the ack protocol on the network thread and hands
 * each packet to the connection's {@link SerialExecutor}, which runs the dispatcher and writes
 * the reply.
 *
 * <p>What stays on the network thread is what must not wait behind a slow handler: {@code +} and
 * {@code -}, retransmission on {@code -}, and the interrupt byte (it must reach the target while a
 * resume packet is still being handled).
 *
 * <p>Flow control: gdb sends one request and waits, so a connection normally has at most one
 * packet in flight. A client that floods requests, or stops reading replies, gets its reads
 * paused (auto-read off) until the backlog drains, so neither queue can grow without bound.
 */
final class SessionChannelHandler extends SimpleChannelInboundHandler<RspFrame> {
    private static final System.Logger LOG = System.getLogger(SessionChannelHandler.class.getName());
    /** Packets queued for the handlers before reading pauses, and the level at which it resumes. */
    static final int PAUSE_PENDING = 16;
    static final int RESUME_PENDING = 4;

    private final ServerContext context;
    private GdbSession session;
    private SerialExecutor serial;
    private volatile OutgoingPacket lastReply;
    private boolean paused;
    /**
     * Tasks handed to the serial executor whose replies may not be written yet; event loop only.
     * While it is not zero, packets queue behind them (a reply must never overtake an earlier one).
     */
    private int inFlight;

    SessionChannelHandler(ServerContext context) {
        super(RspFrame.class);
        this.context = context;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        Channel ch = ctx.channel();
        int id = context.nextSessionId();
        StubTarget target;
        try {
            target = context.targets().open(id, ch.remoteAddress());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "session " + id + ": could not open the target; closing", e);
            ch.close();
            return;
        }
        session = new GdbSession(id, context.packetSize(), ch.remoteAddress(), target);
        serial = new SerialExecutor(context.pool());
        LOG.log(System.Logger.Level.INFO, () -> session + ": connected");
        super.channelActive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, RspFrame frame) {
        if (session == null) {
            return; // target failed to open; the channel is closing
        }
        if (frame instanceof RspFrame.Packet p) {
            onPacket(ctx, p);
        } else if (frame instanceof RspFrame.Rejected r) {
            onRejected(ctx, r);
        } else if (frame instanceof RspFrame.Interrupt) {
            try {
                session.target().interrupt();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, session + ": target failed to handle an interrupt", e);
            }
        } else if (frame instanceof RspFrame.Nack) {
            OutgoingPacket last = lastReply;
            if (session.ackMode() && last != null) {
                ctx.writeAndFlush(last);
            }
        } else if (frame instanceof RspFrame.Notification n) {
            LOG.log(System.Logger.Level.DEBUG, () -> session + ": ignoring notification " + n);
        }
        // Ack: nothing to do. We never wait for acks: on a reliable stream a reply is not lost,
        // and gdb's final '+' after QStartNoAckMode arrives when we no longer expect any.
    }

    private void onPacket(ChannelHandlerContext ctx, RspFrame.Packet packet) {
        if (!acknowledge(ctx, packet.checksumOk(), packet)) {
            return;
        }
        PacketDispatcher dispatcher = context.dispatcher();
        Runnable work = () -> {
            PacketDispatcher.Outcome outcome = dispatcher.handle(session, packet);
            LOG.log(System.Logger.Level.TRACE, () -> session + ": " + packet + " -> " + outcome.reply());
            for (Payload console : outcome.reply().consolePackets(session.packetSize())) {
                send(ctx.channel(), console);
            }
            if (outcome.payload() != null) {
                send(ctx.channel(), outcome.payload());
            }
        };
        if (inFlight == 0 && !dispatcher.mayBlock(packet)) {
            // On the network thread: no hand-offs (see PacketHandler). The dispatcher already
            // turns handler failures into error replies; this guards the session itself.
            try {
                work.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, session + ": failed to answer " + packet, e);
            }
        } else {
            submit(ctx.channel(), work);
        }
    }

    private void onRejected(ChannelHandlerContext ctx, RspFrame.Rejected rejected) {
        if (!acknowledge(ctx, rejected.checksumOk(), rejected)) {
            return;
        }
        LOG.log(System.Logger.Level.DEBUG, () -> session + ": rejected " + rejected);
        Payload error = context.dispatcher().rejected(rejected);
        // After replies to earlier packets: directly when none is pending, else behind them.
        if (inFlight == 0) {
            send(ctx.channel(), error);
        } else {
            submit(ctx.channel(), () -> send(ctx.channel(), error));
        }
    }

    /**
     * Answers {@code +} or {@code -} in ack mode. Returns whether the frame should be handled: a
     * bad checksum is never handled; in no-ack mode there is nobody to ask for a resend, so the
     * frame is dropped (gdbserver handles it anyway; acting on corrupt bytes seemed worse).
     */
    private boolean acknowledge(ChannelHandlerContext ctx, boolean checksumOk, RspFrame frame) {
        if (session.ackMode()) {
            ctx.writeAndFlush(checksumOk ? RspFrame.Ack.INSTANCE : RspFrame.Nack.INSTANCE);
        } else if (!checksumOk) {
            LOG.log(System.Logger.Level.WARNING, () -> session + ": dropping " + frame + " (bad checksum in no-ack mode)");
        }
        return checksumOk;
    }

    private void send(Channel ch, Payload payload) {
        OutgoingPacket out = OutgoingPacket.packet(payload);
        lastReply = out;
        ch.writeAndFlush(out);
    }

    private void submit(Channel ch, Runnable work) {
        inFlight++;
        serial.execute(() -> {
            try {
                work.run();
            } finally {
                // Queued after the reply's own write, so inFlight drops only once it is out.
                ch.eventLoop().execute(() -> {
                    inFlight--;
                    updateReading(ch);
                });
            }
        });
        updateReading(ch);
    }

    /** Pauses reading while the backlog is high or the peer is not reading; event loop only. */
    private void updateReading(Channel ch) {
        int pending = serial.pending();
        boolean shouldPause = !ch.isWritable() || pending >= PAUSE_PENDING;
        boolean mayResume = ch.isWritable() && pending <= RESUME_PENDING;
        if (!paused && shouldPause) {
            paused = true;
            ch.config().setAutoRead(false);
        } else if (paused && mayResume) {
            paused = false;
            ch.config().setAutoRead(true);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (serial != null) {
            updateReading(ctx.channel());
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (session != null) {
            GdbSession closed = session;
            LOG.log(System.Logger.Level.INFO, () -> closed + ": disconnected");
            // After any packet still being handled: the target must not close under a handler.
            serial.execute(() -> closed.target().close());
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            LOG.log(System.Logger.Level.DEBUG, () -> session + ": " + cause);
        } else {
            LOG.log(System.Logger.Level.WARNING, session + ": closing after an unexpected error", cause);
        }
        ctx.close();
    }
}
