package dev.tldb.target;

/**
 * A target capability: the program can be resumed until it stops again (gdb's {@code continue}).
 * A core cannot; a simulated process runs its scenario to the next stop point.
 */
public interface Resumable {

    /** Runs until the next stop or the end of the program. */
    StopEvent resume();

    /** What a resumed program did. */
    sealed interface StopEvent {
        /** Stopped again (a scenario's {@code stop NAME}). */
        record Stopped(StopInfo stop) implements StopEvent {}

        /** The program ended (the scenario has no more stops), with this exit status. */
        record Exited(int status) implements StopEvent {}
    }
}
