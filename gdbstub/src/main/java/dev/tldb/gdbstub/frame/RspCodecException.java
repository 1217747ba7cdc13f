package dev.tldb.gdbstub.frame;

import io.netty.handler.codec.CodecException;

/**
 * A programming error in the codec's use (bad configuration, an outbound payload the protocol
 * cannot carry). Bad input from the network never throws this: the decoder reports it as a
 * {@link RspFrame.Rejected} frame or a bad checksum and keeps the connection in sync.
 */
public final class RspCodecException extends CodecException {
    private static final long serialVersionUID = 1L;

    public RspCodecException(String message) {
        super(message);
    }
}
