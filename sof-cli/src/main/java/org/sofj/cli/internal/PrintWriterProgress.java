package org.sofj.cli.internal;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress bar on a terminal, redrawn with a carriage return at most once per whole
 * percent; silent when not enabled (output is not a terminal, or {@code --quiet}).
 */
final class PrintWriterProgress implements Runner.Progress {
    private static final int WIDTH = 40;

    private final PrintWriter out;
    private final boolean enabled;
    private long shown = -1;

    /**
     * @param out     the terminal
     * @param enabled whether to draw at all
     */
    PrintWriterProgress(PrintWriter out, boolean enabled) {
        this.out = out;
        this.enabled = enabled;
    }

    @Override
    public void at(long done, long total) {
        if (!enabled || total <= 0) {
            return;
        }
        final long percent = Math.min(100, done * 100 / total);
        if (percent == shown) {
            return;
        }
        shown = percent;
        final int filled = (int) (percent * WIDTH / 100);
        out.print(String.format(Locale.ROOT, "\r[%s%s] %3d%%  %d/%d ms", "#".repeat(filled),
                " ".repeat(WIDTH - filled), percent, done, total));
        out.flush();
    }

    /** Ends the bar's line. */
    void done() {
        if (enabled && shown >= 0) {
            out.println();
            out.flush();
        }
    }
}
