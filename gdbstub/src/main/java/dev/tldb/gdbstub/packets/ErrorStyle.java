package dev.tldb.gdbstub.packets;

/** How an error reply with a message is rendered for a given packet (see docs/rsp-notes.md). */
public enum ErrorStyle {
    /** {@code E.message}: gdb 13 treats it as an error for every packet it checks with packet_ok. */
    TEXT,
    /**
     * {@code Enn} unless gdb offered {@code error-message+} in qSupported. gdb 13 decodes an
     * {@code m} reply of {@code E.xxx} as hex ("Invalid hex digit 46") and a qRcmd one as output.
     */
    CODE_UNLESS_NEGOTIATED
}
