package dev.tldb.gdbstub.server;

import dev.tldb.gdbstub.frame.RspEncoder;
import dev.tldb.gdbstub.frame.RspFrameDecoder;
import dev.tldb.gdbstub.packets.PacketDispatcher;
import dev.tldb.gdbstub.packets.StandardPackets;
import dev.tldb.gdbstub.session.GdbSession;
import dev.tldb.gdbstub.session.StubTargetFactory;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A gdb remote-protocol server on TCP: each connection gets its own codec pipeline,
 * {@link GdbSession} and target, so several debuggers can be attached at once.
 *
 * <pre>{@code
 * try (GdbServer server = GdbServer.builder()
 *         .dispatcher(StandardPackets.builder(xfers).on("m", memoryRead).build())
 *         .targets((id, remote) -> new CoreFileTarget(core))
 *         .port(0)                       // ephemeral
 *         .build()) {
 *     InetSocketAddress bound = server.start();
 *     System.out.println("Listening on port " + bound.getPort());
 *     server.terminated().join();        // e.g. with once(true): after the first debugger leaves
 * }
 * }</pre>
 *
 * <p>Threads: one acceptor, {@code ioThreads} network threads (NIO; each serves many
 * connections), and a pool on which packet handlers run, one task per connection at a time (see
 * {@link SerialExecutor}). A handler that blocks stalls only its own connection; a client that
 * stalls mid-packet or disconnects costs nothing but its own buffers.
 *
 * <p>Binds 127.0.0.1 unless told otherwise: the protocol has no authentication.
 */
public final class GdbServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(GdbServer.class.getName());

    private final Builder config;
    private final EventLoopGroup acceptGroup;
    private final EventLoopGroup ioGroup;
    private final ThreadPoolExecutor pool;
    private final ChannelGroup clients;
    private final ServerContext context;
    private final RspEncoder encoder;
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicBoolean acceptedFirst = new AtomicBoolean();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private volatile Channel serverChannel;

    private GdbServer(Builder config) {
        this.config = config;
        this.acceptGroup = new MultiThreadIoEventLoopGroup(1,
                new DefaultThreadFactory("tldb-rsp-accept", true), NioIoHandler.newFactory());
        this.ioGroup = new MultiThreadIoEventLoopGroup(config.ioThreads,
                new DefaultThreadFactory("tldb-rsp-io", true), NioIoHandler.newFactory());
        // Core = max so threads are made up to the connection limit and then work queues rather
        // than being rejected; idle threads time out.
        AtomicInteger threads = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(config.maxSessions, config.maxSessions, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> new SessionThread(this, r, "tldb-rsp-session-" + threads.incrementAndGet()));
        this.pool.allowCoreThreadTimeOut(true);
        this.clients = new DefaultChannelGroup("tldb-rsp-clients", ioGroup.next());
        this.context = new ServerContext(config.dispatcher, config.targets, config.packetSize, pool, new AtomicInteger());
        this.encoder = new RspEncoder(config.runLength);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds and starts accepting connections.
     *
     * @return the address actually bound (with the real port when port 0 was asked for)
     * @throws IllegalStateException if already started, closed, or the address cannot be bound
     */
    public InetSocketAddress start() {
        if (closing.get() || !started.compareAndSet(false, true)) {
            throw new IllegalStateException("server already started or closed");
        }
        ChannelFactory<NioServerSocketChannel> channels = NioServerSocketChannel::new;
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptGroup, ioGroup)
                .channelFactory(channels)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (!admit(ch)) {
                            ch.close();
                            return;
                        }
                        ch.pipeline()
                                .addLast("rsp-decoder", new RspFrameDecoder(config.packetSize))
                                .addLast("rsp-encoder", encoder)
                                .addLast("rsp-session", new SessionChannelHandler(context));
                    }
                });
        ChannelFuture bind = bootstrap.bind(config.host, config.port).awaitUninterruptibly();
        if (!bind.isSuccess()) {
            close();
            throw new IllegalStateException("cannot listen on " + config.host + ":" + config.port + ": "
                    + bind.cause().getMessage(), bind.cause());
        }
        serverChannel = bind.channel();
        InetSocketAddress bound = localAddress();
        LOG.log(System.Logger.Level.INFO, () -> "listening for gdb on " + bound.getHostString() + ":" + bound.getPort());
        return bound;
    }

    private boolean admit(SocketChannel ch) {
        if (closing.get()) {
            return false;
        }
        if (config.once) {
            if (!acceptedFirst.compareAndSet(false, true)) {
                return false;
            }
            // Like gdbserver --once: stop listening once the first debugger is in, and go away
            // when it leaves.
            Channel listener = serverChannel;
            if (listener != null) {
                listener.close();
            }
            ch.closeFuture().addListener(f -> closeAsync());
        }
        if (active.incrementAndGet() > config.maxSessions) {
            active.decrementAndGet();
            LOG.log(System.Logger.Level.WARNING, "refusing " + ch.remoteAddress() + ": " + config.maxSessions
                    + " sessions already open");
            return false;
        }
        clients.add(ch);
        ch.closeFuture().addListener(f -> active.decrementAndGet());
        return true;
    }

    /** The bound address; only after {@link #start}. */
    public InetSocketAddress localAddress() {
        Channel ch = serverChannel;
        if (ch == null) {
            throw new IllegalStateException("not started");
        }
        return (InetSocketAddress) ch.localAddress();
    }

    public int port() {
        return localAddress().getPort();
    }

    /** Connections currently open. */
    public int activeSessions() {
        return active.get();
    }

    /** Completes when the server has shut down (by {@link #close}, or after the first session with once). */
    public CompletableFuture<Void> terminated() {
        return terminated.copy();
    }

    /** Shuts down on another thread; safe to call from a network thread or a handler. */
    public void closeAsync() {
        if (!closing.get()) {
            Thread t = new Thread(this::close, "tldb-rsp-shutdown");
            t.setDaemon(true);
            t.start();
        }
    }

    /**
     * Stops listening, closes every connection (their targets are closed after any packet still
     * being handled), and stops the threads. Idempotent; waits for completion, except when called
     * on one of the server's own threads, where waiting would deadlock: then it only starts the
     * shutdown, as {@link #closeAsync} does.
     */
    @Override
    public void close() {
        if (isOwnThread()) {
            closeAsync();
            return;
        }
        if (!closing.compareAndSet(false, true)) {
            awaitQuietly();
            return;
        }
        try {
            Channel listener = serverChannel;
            if (listener != null) {
                listener.close().awaitUninterruptibly();
            }
            clients.close().awaitUninterruptibly();
            pool.shutdown();
            if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "packet handlers still running after 5 s; abandoning them");
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
        } finally {
            Future<?> a = acceptGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            Future<?> b = ioGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            a.awaitUninterruptibly();
            b.awaitUninterruptibly();
            terminated.complete(null);
            LOG.log(System.Logger.Level.INFO, "gdb server stopped");
        }
    }

    private void awaitQuietly() {
        try {
            terminated.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException | ExecutionException e) {
            LOG.log(System.Logger.Level.WARNING, "server shutdown did not finish: " + e);
        }
    }

    private boolean isOwnThread() {
        if (Thread.currentThread() instanceof SessionThread t && t.server == this) {
            return true;
        }
        for (EventLoopGroup group : new EventLoopGroup[]{acceptGroup, ioGroup}) {
            for (EventExecutor loop : group) {
                if (loop.inEventLoop()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Pool threads carry their server, so {@link #close} can tell it is being called from one. */
    private static final class SessionThread extends Thread {
        final GdbServer server;

        SessionThread(GdbServer server, Runnable r, String name) {
            super(r, name);
            this.server = server;
            setDaemon(true);
        }
    }

    /** Waits up to {@code timeout} for the server to terminate; returns whether it did. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        try {
            terminated.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }

    /** Server settings; {@link #build} checks them. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private int packetSize = RspFrameDecoder.DEFAULT_MAX_PACKET_SIZE;
        private PacketDispatcher dispatcher = StandardPackets.dispatcher();
        private StubTargetFactory targets = StubTargetFactory.NONE;
        private boolean once;
        private int maxSessions = 16;
        private int ioThreads = 1;
        private boolean runLength = true;

        private Builder() {
        }

        /** Address to listen on; 127.0.0.1 by default (never expose an unauthenticated debugger by accident). */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** TCP port; 0 (the default) picks a free one, which {@link #start} reports. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port " + port);
            }
            this.port = port;
            return this;
        }

        /** Largest packet in either direction, advertised as PacketSize; default 0x20000. */
        public Builder packetSize(int packetSize) {
            if (packetSize < GdbSession.MIN_PACKET_SIZE || packetSize > RspFrameDecoder.MAX_MAX_PACKET_SIZE) {
                throw new IllegalArgumentException("packetSize " + packetSize + " outside "
                        + GdbSession.MIN_PACKET_SIZE + ".." + RspFrameDecoder.MAX_MAX_PACKET_SIZE);
            }
            this.packetSize = packetSize;
            return this;
        }

        public Builder dispatcher(PacketDispatcher dispatcher) {
            this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
            return this;
        }

        public Builder targets(StubTargetFactory targets) {
            this.targets = Objects.requireNonNull(targets, "targets");
            return this;
        }

        /** gdbserver's {@code --once}: serve one debugger, then shut down. */
        public Builder once(boolean once) {
            this.once = once;
            return this;
        }

        /** Most connections at once (default 16); more are closed on arrival. */
        public Builder maxSessions(int maxSessions) {
            if (maxSessions < 1) {
                throw new IllegalArgumentException("maxSessions " + maxSessions);
            }
            this.maxSessions = maxSessions;
            return this;
        }

        /** Network threads (default 1: the protocol is request/response, and work runs elsewhere). */
        public Builder ioThreads(int ioThreads) {
            if (ioThreads < 1) {
                throw new IllegalArgumentException("ioThreads " + ioThreads);
            }
            this.ioThreads = ioThreads;
            return this;
        }

        /** Whether replies are run-length compressed (default true, like gdbserver). */
        public Builder runLength(boolean runLength) {
            this.runLength = runLength;
            return this;
        }

        public GdbServer build() {
            return new GdbServer(this);
        }
    }
}
