package dev.tldb.testkit;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One thread's block of sample output (samples/README.md).
 *
 * @param index     the thread's index: 0 = main, 1..4 = workers
 * @param lwp       its kernel thread id ({@code gettid}; the host tid under qemu-user)
 * @param values    expression to value exactly as gdb prints it, in output order
 * @param addresses expression to {@code &expression}, in output order
 * @param untouched dlopen'ed variables whose TLS block this thread never allocated
 */
public record ThreadReport(int index, long lwp, Map<String, String> values,
                           Map<String, Long> addresses, List<String> untouched) {

    public ThreadReport {
        values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
        addresses = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(addresses));
        untouched = List.copyOf(untouched);
    }

    public Optional<String> value(String expression) {
        return Optional.ofNullable(values.get(expression));
    }

    public Optional<Long> address(String expression) {
        return Optional.ofNullable(addresses.get(expression));
    }

    public boolean isUntouched(String expression) {
        return untouched.contains(expression);
    }

    public boolean isMain() {
        return index == 0;
    }
}
