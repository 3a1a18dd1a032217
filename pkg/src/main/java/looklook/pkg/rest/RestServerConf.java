package looklook.pkg.rest;

/** Where an HTTP API listens and how large a request body may be (go-zero's RestConf Host/Port/MaxBytes). */
public record RestServerConf(String host, int port, long maxBytes) {
    /** go-zero's default MaxBytes: 1 MiB. */
    public static final long DEFAULT_MAX_BYTES = 1 << 20;
}
