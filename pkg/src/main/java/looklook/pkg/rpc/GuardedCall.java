package looklook.pkg.rpc;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;

/**
 * A server call that may be closed from two threads (the handler, and the timer of the server
 * timeout) and closes once: the first close wins, later writes and closes are dropped.
 * grpc-java's ServerCall is not thread-safe, so every method that reaches it is synchronized.
 */
final class GuardedCall<Q, R> extends ForwardingServerCall.SimpleForwardingServerCall<Q, R> {
    /** Receives the status a call ended with, once. */
    interface OnClose {
        void closed(Status status, Metadata trailers);
    }

    private final OnClose onClose;
    private boolean closed;

    GuardedCall(ServerCall<Q, R> delegate, OnClose onClose) {
        super(delegate);
        this.onClose = onClose;
    }

    @Override
    public synchronized void sendHeaders(Metadata headers) {
        if (!closed) {
            super.sendHeaders(headers);
        }
    }

    @Override
    public synchronized void sendMessage(R message) {
        if (!closed) {
            super.sendMessage(message);
        }
    }

    @Override
    public synchronized void close(Status status, Metadata trailers) {
        if (closed) {
            return;
        }
        closed = true;
        onClose.closed(status, trailers);
        super.close(status, trailers);
    }

    @Override
    public synchronized boolean isReady() {
        return !closed && super.isReady();
    }
}
