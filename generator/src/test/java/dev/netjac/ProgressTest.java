package dev.netjac;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@link Progress} prints, rendered into strings with a clock the test moves by hand. */
class ProgressTest {
    /** A clock that reads {@code now} nanoseconds. */
    static final class Clock {
        long now;

        long read() {
            return now;
        }
    }

    @Test
    void linesAppearOncePerTenthAfterTheDelayAndEndWithATotal() {
        Clock clock = new Clock();
        List<String> out = new ArrayList<>();
        Progress p = Progress.lines(out::add, "check", 40, clock::read, 1_000);
        p.advance(1);                 // before the delay: silent
        clock.now = 1_000;
        for (int i = 0; i < 39; i++) {
            p.advance(1);
        }
        clock.now = 2_500_000_000L;
        p.done();
        assertEquals(List.of("check: 2/40 (5%)", "check: 4/40 (10%)", "check: 8/40 (20%)", "check: 12/40 (30%)",
                "check: 16/40 (40%)", "check: 20/40 (50%)", "check: 24/40 (60%)", "check: 28/40 (70%)",
                "check: 32/40 (80%)", "check: 36/40 (90%)", "check: 40/40 (100%)", "check: done, 40 in 2.5 s"), out);
    }

    @Test
    void workThatEndsWithinTheDelayPrintsNothing() {
        Clock clock = new Clock();
        List<String> out = new ArrayList<>();
        StringWriter terminal = new StringWriter();
        Progress lines = Progress.lines(out::add, "eval", 1000, clock::read, 1_000);
        Progress bar = Progress.bar(new PrintWriter(terminal), "eval", 1000, clock::read, 1_000);
        for (int i = 0; i < 1000; i++) {
            lines.advance(1);
            bar.advance(1);
        }
        clock.now = 999;
        lines.done();
        bar.done();
        assertEquals(List.of(), out);
        assertEquals("", terminal.toString());
    }

    @Test
    void theBarIsRedrawnInPlaceOnlyWhenItChanges() {
        Clock clock = new Clock();
        StringWriter text = new StringWriter();
        Progress p = Progress.bar(new PrintWriter(text), "eval", 4, clock::read, 0);
        p.advance(1);
        p.advance(0);                 // nothing new: no redraw
        p.advance(1);
        p.stage("writing");
        clock.now = 1_200_000_000L;
        p.done();
        String r = "\r";
        // Each redraw pads over what is left of a longer earlier line.
        String expected = r + "eval [######------------------] 1/4  25%"
                + r + "eval [############------------] 2/4  50%"
                + r + "eval [############------------] 2/4  50%  writing"
                + r + "eval [########################] 4/4 100%  1.2 s" + "  "
                + System.lineSeparator();
        assertEquals(expected, text.toString());
    }

    @Test
    void stagesAreNamedInLines() {
        Clock clock = new Clock();
        List<String> out = new ArrayList<>();
        Progress p = Progress.lines(out::add, "Big", 3, clock::read, 0);
        p.stage("reading");
        p.advance(1);
        p.stage("compiling with Janino");
        p.advance(2);
        p.done();
        assertEquals(List.of("Big: 0/3 (0%), reading", "Big: 1/3 (33%), reading", "Big: 1/3 (33%), compiling with Janino",
                "Big: 3/3 (100%), compiling with Janino", "Big: done, 3 in 0.0 s"), out);
    }

    @Test
    void noneIsSilent() {
        Progress p = Progress.none();
        p.advance(5);
        p.stage("x");
        p.done();
        assertEquals(Progress.none(), p);
    }
}
