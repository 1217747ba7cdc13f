package dev.tldb.repl.commands;

import dev.tldb.error.TldbException;
import dev.tldb.repl.Debugger;
import dev.tldb.target.ThreadInfo;

import java.util.ArrayList;
import java.util.List;

/** Small parsers shared by commands: joined expressions, gdb's thread ID lists, numbers. */
final class Words {
    private Words() {}

    static String join(List<String> words) {
        return words == null ? "" : String.join(" ", words).trim();
    }

    /** A thread number, or gdb's "Invalid thread ID: foo". */
    static int threadNumber(String word) {
        try {
            int n = Integer.parseInt(word);
            if (n < 1) {
                throw new TldbException("Invalid thread ID: " + word);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new TldbException("Invalid thread ID: " + word);
        }
    }

    /** gdb's thread ID list: {@code 1 3 5-7}; each must exist. */
    static List<ThreadInfo> threadList(Debugger dbg, List<String> ids) {
        List<ThreadInfo> out = new ArrayList<>();
        for (String id : ids) {
            int dash = id.indexOf('-');
            if (dash > 0) {
                int lo = threadNumber(id.substring(0, dash)), hi = threadNumber(id.substring(dash + 1));
                if (hi < lo) {
                    throw new TldbException("inverted range");
                }
                for (int n = lo; n <= hi; n++) {
                    dbg.stack().thread(n).ifPresent(out::add);
                }
            } else {
                out.add(dbg.thread(threadNumber(id)));
            }
        }
        return out;
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
