package dev.tldb.sim;

import dev.tldb.abi.Arch;
import dev.tldb.target.TargetException;

/**
 * Where a Linux kernel and dynamic linker put things for a program of this architecture when
 * address randomisation is off (as under gdb): the PIE load address, the top of the mmap area
 * (shared libraries, thread stacks), the top of the main stack. riscv64 uses Sv39 addresses
 * (below 2^38); x86-64 and aarch64 47/48-bit ones.
 */
record AddressPlan(long pieBase, long mmapTop, long stackTop, long pageSize) {

    static AddressPlan of(Arch arch) {
        return switch (arch) {
            case X86_64 -> new AddressPlan(0x5555_5555_4000L, 0x7fff_f7ff_f000L, 0x7fff_ffff_f000L, 0x1000);
            // qemu-user and Linux both start aarch64 PIEs at 0x55_5555_0000 with ASLR off.
            case AARCH64 -> new AddressPlan(0x55_5555_0000L, 0x7fff_f7ff_f000L, 0x7fff_ffff_f000L, 0x1000);
            case RISCV64 -> new AddressPlan(0x2a_aaaa_a000L, 0x3f_f7ff_f000L, 0x3f_ffff_f000L, 0x1000);
            default -> throw new TargetException("the simulator supports x86-64, aarch64 and riscv64 programs, not "
                    + arch.gdbName());
        };
    }
}
