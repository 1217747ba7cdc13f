package dev.tldb.repl;

import dev.tldb.session.Session;
import dev.tldb.target.Module;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;
import org.jline.utils.Status;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A progress bar for reading debug information, in JLine's status line at the bottom of the
 * terminal. Nothing shows unless the work takes longer than the delay (a second): small programs
 * load without any flicker. The bar is redrawn from a timer, so a single large module that takes
 * a while still shows as in progress.
 */
public final class ProgressBar {
    private static final int WIDTH = 30;

    private final Terminal terminal;
    private final Duration delay;
    private volatile int index;
    private volatile int total;
    private volatile String current = "";

    public ProgressBar(Terminal terminal, Duration delay) {
        this.terminal = terminal;
        this.delay = delay;
    }

    /** Reads every module's debug information of the session's target, showing progress when it is slow. */
    public void load(Session session) {
        run(session::loadDebugInfo);
    }

    /** Runs {@code work}, which reports each module it reads, with the bar shown once it has taken the delay. */
    void run(java.util.function.Consumer<Session.LoadProgress> work) {
        Status status = Status.getStatus(terminal);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tldb-progress");
            t.setDaemon(true);
            return t;
        });
        long start = System.nanoTime();
        ScheduledFuture<?> tick = timer.scheduleAtFixedRate(() -> draw(status), delay.toMillis(), 100,
                TimeUnit.MILLISECONDS);
        try {
            work.accept(this::reading);
        } finally {
            tick.cancel(false);
            timer.shutdownNow();
            if (status != null && System.nanoTime() - start >= delay.toNanos()) {
                status.update(List.of());
                status.close();
            }
        }
    }

    private void reading(int i, int n, Module m) {
        index = i;
        total = n;
        current = m.shortName();
    }

    private void draw(Status status) {
        if (status == null) {
            return;
        }
        status.update(List.of(line(index, total, current)));
    }

    /** {@code Reading symbols [#########.........] 3/7 libc.so.6}. */
    static AttributedString line(int index, int total, String module) {
        int done = total == 0 ? 0 : WIDTH * index / total;
        return new AttributedStringBuilder().append("Reading symbols [")
                .style(AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN)).append("#".repeat(done))
                .style(AttributedStyle.DEFAULT).append(".".repeat(WIDTH - done)).append("] ")
                .append((index + 1) + "/" + total + " " + module).toAttributedString();
    }
}
