package dev.tldb.threaddb;

/**
 * libthread_db's {@code td_thrhandle_t}: a thread's LWP, the address of its thread descriptor
 * ({@code th_unique}: glibc's {@code struct pthread}; 0 when unknown) and its thread pointer.
 */
public record ThreadHandle(long lwp, long descriptor, long threadPointer) {}
