package looklook.pkg.conf;

/** A configuration that cannot start the process; the message names the file and the key. */
public final class ConfException extends RuntimeException {
    public ConfException(String message) {
        super(message);
    }

    public ConfException(String message, Throwable cause) {
        super(message, cause);
    }
}
