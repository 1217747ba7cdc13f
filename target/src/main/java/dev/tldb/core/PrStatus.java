package dev.tldb.core;

/**
 * The thread-independent fields of one NT_PRSTATUS note ({@code struct elf_prstatus} in the
 * kernel's {@code include/linux/elfcore.h}); the general registers ({@code pr_reg}) are decoded
 * into {@link CoreThread#registers()}.
 *
 * @param signal     {@code pr_cursig}: the signal being delivered when the core was written
 * @param pending    {@code pr_sigpend}
 * @param held       {@code pr_sighold}
 * @param lwp        {@code pr_pid}: the thread's kernel id (LWP)
 * @param ppid       {@code pr_ppid}
 * @param pgrp       {@code pr_pgrp}
 * @param sid        {@code pr_sid}
 * @param noteOffset file offset of the note's descriptor, for messages
 */
public record PrStatus(int signal, long pending, long held, long lwp, long ppid, long pgrp, long sid,
                       long noteOffset) {}
