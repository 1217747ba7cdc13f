package dev.tldb.abi;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An architecture's registers in gdb's order: the order of the target description, which is also
 * the layout of the remote protocol's {@code g} packet.
 */
public final class RegisterLayout {
    private final List<RegisterDef> registers;
    private final int[] offsets;
    private final int totalBytes;
    private final Map<String, Integer> byName = new HashMap<>();
    private final Map<Integer, Integer> byDwarf = new HashMap<>();

    public RegisterLayout(List<RegisterDef> registers) {
        this.registers = List.copyOf(registers);
        this.offsets = new int[registers.size()];
        int off = 0;
        for (int i = 0; i < registers.size(); i++) {
            RegisterDef r = registers.get(i);
            offsets[i] = off;
            off += r.byteSize();
            byName.put(r.name(), i);
            if (r.dwarfNumber() >= 0) {
                byDwarf.putIfAbsent(r.dwarfNumber(), i);
            }
        }
        this.totalBytes = off;
    }

    public List<RegisterDef> registers() {
        return registers;
    }

    public int size() {
        return registers.size();
    }

    public RegisterDef get(int index) {
        return registers.get(index);
    }

    /** Byte offset of register {@code index} in the {@code g} packet block. */
    public int offset(int index) {
        return offsets[index];
    }

    public int totalBytes() {
        return totalBytes;
    }

    public Optional<Integer> indexOf(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Optional<Integer> indexOfDwarf(int dwarfNumber) {
        return Optional.ofNullable(byDwarf.get(dwarfNumber));
    }
}
