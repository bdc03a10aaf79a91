package dev.netjac;

import java.io.Console;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Progress of long work (many check points, a large eval batch, compiling a large model, a build generating many
 * models): a bar redrawn in place on a terminal, or a plain line at every tenth of the work and
 * at every new stage otherwise (a log, a
 * pipe, Maven). Nothing is shown for work that ends within {@link #delayNanos()}, so short runs stay silent.
 * The clock is a parameter so that tests render deterministically.
 *
 * <p>Not thread-safe: one piece of work, reported from the thread doing it.
 */
public final class Progress {
    /**
     * Work finished sooner than this shows nothing: 500 ms, or the system property {@code netjac.progress.delayMs}
     * (0 shows every run's progress, for scripts and tests), read at each call.
     */
    public static long delayNanos() {
        return Long.getLong("netjac.progress.delayMs", 500) * 1_000_000L;
    }
    static final int BAR_WIDTH = 24;

    private static final Progress NONE = new Progress(null, null, "", 0, () -> 0, Long.MAX_VALUE);

    private final PrintWriter terminal;
    private final Consumer<String> lines;
    private final String label;
    private final long total;
    private final LongSupplier clock;
    private final long delay;
    private final long start;
    private long done;
    private String stage = "";
    private boolean shown;
    private int lastTenth;
    private String lastBar = "";
    private String lastText = "";
    private String lastStage = "";

    private Progress(PrintWriter terminal, Consumer<String> lines, String label, long total, LongSupplier clock, long delay) {
        this.terminal = terminal;
        this.lines = lines;
        this.label = label;
        this.total = Math.max(total, 1);
        this.clock = clock;
        this.delay = delay;
        this.start = clock.getAsLong();
    }

    /** Shows nothing (--quiet). */
    public static Progress none() {
        return NONE;
    }

    /** A bar redrawn with carriage returns on {@code terminal}. */
    public static Progress bar(PrintWriter terminal, String label, long total, LongSupplier clock, long delayNanos) {
        return new Progress(terminal, null, label, total, clock, delayNanos);
    }

    /** One line per tenth of the work, handed to {@code sink} (stderr, a Maven log). */
    public static Progress lines(Consumer<String> sink, String label, long total, LongSupplier clock, long delayNanos) {
        return new Progress(null, sink, label, total, clock, delayNanos);
    }

    /**
     * For the command line: nothing when {@code quiet}, a bar when stderr is a terminal that is not "dumb", plain
     * lines on {@code err} otherwise.
     */
    public static Progress forStderr(PrintWriter err, boolean quiet, String label, long total) {
        return forStderr(err, quiet, label, total, delayNanos());
    }

    /** As {@link #forStderr(PrintWriter, boolean, String, long)}, shown once {@code delayNanos} have passed. */
    public static Progress forStderr(PrintWriter err, boolean quiet, String label, long total, long delayNanos) {
        if (quiet) {
            return NONE;
        }
        if (isTerminal()) {
            return bar(err, label, total, System::nanoTime, delayNanos);
        }
        return lines(line -> {
            err.println(line);
            err.flush();
        }, label, total, System::nanoTime, delayNanos);
    }

    /** System.console() exists (and, on Java 22+, says it is a terminal) and TERM is not "dumb". */
    static boolean isTerminal() {
        Console console = System.console();
        if (console == null || "dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        try {
            // Java 22+ returns a console even when redirected; Console.isTerminal() tells.
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    /** {@code units} more of the work are done. */
    public void advance(long units) {
        if (this == NONE) {
            return;
        }
        done = Math.min(total, done + units);
        render(false);
    }

    /** Names the part of the work now running (shown on the bar and in lines), e.g. "compiling with Janino". */
    public void stage(String name) {
        if (this == NONE) {
            return;
        }
        stage = name;
        render(false);
    }

    /** The work is over: completes the bar (and ends its line), or prints a last line, if anything was shown. */
    public void done() {
        if (this == NONE || !shown) {
            return;
        }
        done = total;
        stage = "";
        render(true);
    }

    private void render(boolean last) {
        long now = clock.getAsLong();
        if (!shown && now - start < delay) {
            return;
        }
        int tenth = (int) (done * 10 / total);
        String seconds = String.format(Locale.ROOT, "%.1f s", (now - start) / 1e9);
        if (terminal != null) {
            int filled = (int) (done * BAR_WIDTH / total);
            String bar = String.format(Locale.ROOT, "%s [%s%s] %d/%d %3d%%", label, "#".repeat(filled),
                    "-".repeat(BAR_WIDTH - filled), done, total, done * 100 / total)
                    + (stage.isEmpty() ? "" : "  " + stage);
            // Redraw only when the text changes (the elapsed time alone does not), padding over a longer old line.
            if (!bar.equals(lastBar) || last) {
                String text = last ? bar + "  " + seconds : bar;
                terminal.print("\r" + text + " ".repeat(Math.max(0, lastText.length() - text.length())));
                lastText = text;
                if (last) {
                    terminal.println();
                }
                terminal.flush();
                lastBar = bar;
            }
        } else if (last) {
            lines.accept(String.format(Locale.ROOT, "%s: done, %d in %s", label, total, seconds));
        } else if (!shown || tenth > lastTenth || !stage.equals(lastStage)) {
            lines.accept(String.format(Locale.ROOT, "%s: %d/%d (%d%%)%s", label, done, total, done * 100 / total,
                    stage.isEmpty() ? "" : ", " + stage));
        }
        shown = true;
        lastTenth = tenth;
        lastStage = stage;
    }
}
