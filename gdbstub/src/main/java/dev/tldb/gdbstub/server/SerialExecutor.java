package dev.tldb.gdbstub.server;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one connection's tasks one at a time, in submission order, on a shared pool.
 *
 * <p>Why not an event-loop thread: handlers may block on the target, and a blocked event loop
 * would stall every connection it serves. Why not a thread per connection: idle debuggers would
 * each pin a thread. At most one pool task per connection exists at any time (it drains the
 * queue), so a pool sized to the connection limit never rejects work.
 */
final class SerialExecutor implements Executor {
    private static final System.Logger LOG = System.getLogger(SerialExecutor.class.getName());

    private final Executor pool;
    private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicInteger pending = new AtomicInteger();

    SerialExecutor(Executor pool) {
        this.pool = pool;
    }

    /** Tasks submitted and not yet finished (including the running one). */
    int pending() {
        return pending.get();
    }

    @Override
    public void execute(Runnable task) {
        pending.incrementAndGet();
        queue.add(task);
        schedule();
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                pool.execute(this::drain);
            } catch (RejectedExecutionException e) {
                // The pool is shutting down: run what is left on this thread so that cleanup
                // (closing the target) still happens. The flag stays set, so nobody else drains.
                drain();
            }
        }
    }

    private void drain() {
        try {
            runAll();
        } finally {
            scheduled.set(false);
            // A task may have been queued after the last poll and before the flag dropped.
            if (!queue.isEmpty()) {
                schedule();
            }
        }
    }

    private void runAll() {
        for (Runnable task; (task = queue.poll()) != null; ) {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "session task failed", e);
            } finally {
                pending.decrementAndGet();
            }
        }
    }
}
