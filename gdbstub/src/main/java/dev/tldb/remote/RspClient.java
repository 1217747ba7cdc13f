package dev.tldb.remote;

import dev.tldb.gdbstub.frame.OutgoingPacket;
import dev.tldb.gdbstub.frame.Printable;
import dev.tldb.gdbstub.frame.RspEncoder;
import dev.tldb.gdbstub.frame.RspFrame;
import dev.tldb.gdbstub.frame.RspFrameDecoder;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The debugger's end of a remote-protocol connection: sends one request at a time and waits for
 * its reply, with the stub's acknowledgements handled (and switched off once the stub agrees to
 * {@code QStartNoAckMode}). Framing reuses the stub's own codec ({@link RspFrameDecoder},
 * {@link RspEncoder}), which reads a stub's replies as well as gdb's requests.
 *
 * <p>A request is never abandoned halfway: the protocol has no request ids, so a reply that
 * arrived after we stopped waiting would answer the next request. An interrupt (Ctrl-C in the
 * REPL) is therefore kept for after the reply, and only a silent stub ends the wait, after
 * the timeout, by closing the connection.
 */
public final class RspClient implements AutoCloseable {
    /** Marks the end of the connection in the frame queue. */
    private static final RspFrame CLOSED = new RspFrame.Rejected(RspFrame.Rejected.Reason.OVERSIZE, false, -1,
            new byte[0]);
    private static final int MAX_RESENDS = 3;

    private final String address;
    private final EventLoopGroup group;
    private final Channel channel;
    private final BlockingQueue<RspFrame> frames;
    private final Duration timeout;
    private boolean acks = true;

    private RspClient(String address, EventLoopGroup group, Channel channel, BlockingQueue<RspFrame> frames,
                      Duration timeout) {
        this.address = address;
        this.group = group;
        this.channel = channel;
        this.frames = frames;
        this.timeout = timeout;
    }

    /** Connects to {@code host:port}; {@code timeout} bounds the connection and every reply. */
    public static RspClient connect(String host, int port, Duration timeout) {
        String address = host + ":" + port;
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("tldb-remote", true),
                NioIoHandler.newFactory());
        BlockingQueue<RspFrame> frames = new LinkedBlockingQueue<>();
        Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new RspFrameDecoder(RspFrameDecoder.MAX_MAX_PACKET_SIZE),
                                new RspEncoder(false), new SimpleChannelInboundHandler<RspFrame>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, RspFrame f) {
                                        frames.add(f);
                                    }

                                    @Override
                                    public void channelInactive(ChannelHandlerContext ctx) {
                                        frames.add(CLOSED);
                                    }

                                    @Override
                                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                        ctx.close();
                                    }
                                });
                    }
                });
        ChannelFuture f = b.connect(host, port).awaitUninterruptibly();
        if (!f.isSuccess()) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            Throwable c = f.cause();
            String why = c == null ? "cannot connect" : c.getMessage() == null ? c.toString() : c.getMessage();
            throw new RemoteException(address + ": " + why.replaceFirst("^.*?: (?=Connection refused)", ""));
        }
        return new RspClient(address, group, f.channel(), frames, timeout);
    }

    /** {@code host:port}. */
    public String address() {
        return address;
    }

    public boolean isOpen() {
        return channel.isActive();
    }

    /** Stops acknowledging packets (after the stub accepted {@code QStartNoAckMode}). */
    public synchronized void noAcks() {
        acks = false;
    }

    /** Sends {@code packet} and returns the reply's payload as text (one char per byte). */
    public synchronized String request(String packet) {
        return new String(requestBytes(packet), StandardCharsets.ISO_8859_1);
    }

    /** Sends {@code packet} and returns the reply's payload bytes. */
    public synchronized byte[] requestBytes(String packet) {
        if (!channel.isActive()) {
            throw new RemoteException("Remote connection closed (" + address + ")");
        }
        boolean interrupted = Thread.interrupted();
        try {
            send(packet);
            int resends = 0;
            while (true) {
                RspFrame f = next(packet);
                if (f instanceof RspFrame.Ack || f instanceof RspFrame.Notification) {
                    continue;
                }
                if (f instanceof RspFrame.Nack) {
                    if (++resends > MAX_RESENDS) {
                        throw new RemoteException(address + ": the stub rejected `" + shortName(packet) + "' "
                                + MAX_RESENDS + " times");
                    }
                    send(packet);
                    continue;
                }
                if (f instanceof RspFrame.Packet p) {
                    if (!p.checksumOk() && acks) {
                        channel.writeAndFlush(RspFrame.Nack.INSTANCE);
                        continue;
                    }
                    if (acks) {
                        channel.writeAndFlush(RspFrame.Ack.INSTANCE);
                    }
                    return p.payload();
                }
                if (f instanceof RspFrame.Rejected r) {
                    throw new RemoteException(address + ": unusable reply to `" + shortName(packet) + "': " + r);
                }
                // Interrupt bytes never come from a stub; skip anything else.
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void send(String packet) {
        channel.writeAndFlush(OutgoingPacket.packet(packet));
    }

    /** The next frame, waiting up to the timeout without giving up on an interrupt (see the class comment). */
    private RspFrame next(String packet) {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean interrupted = false;
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    channel.close();
                    throw new RemoteException(address + ": no reply to `" + shortName(packet) + "' within "
                            + timeout.toSeconds() + " s; connection closed");
                }
                try {
                    RspFrame f = frames.poll(left, TimeUnit.NANOSECONDS);
                    if (f == CLOSED) {
                        throw new RemoteException("Remote connection closed (" + address + ")");
                    }
                    if (f != null) {
                        return f;
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String shortName(String packet) {
        return Printable.of(packet.getBytes(StandardCharsets.ISO_8859_1), 40);
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
    }
}
