package dev.tldb.remote;

import dev.tldb.target.TargetException;

/** The remote stub could not be reached, did not answer, or answered something we cannot use. */
public final class RemoteException extends TargetException {
    private static final long serialVersionUID = 1L;

    public RemoteException(String message) {
        super(message);
    }

    public RemoteException(String message, Throwable cause) {
        super(message, cause);
    }
}
