package looklook.pkg.conf;

/**
 * A MySQL data source, either a go-zero DSN ({@code user:pass@tcp(host:port)/db?params}) or a
 * {@code jdbc:mysql://} / {@code jdbc:mariadb://} URL. {@code SocketTimeout} (ms, default 10000)
 * bounds every wait for the server, so a database that stops answering fails a call instead of
 * holding its thread forever.
 */
public record DbConf(String dataSource, @OptionalKey Integer maxPoolSize, @OptionalKey Long socketTimeout) {
    public DbConf {
        maxPoolSize = maxPoolSize == null ? 10 : maxPoolSize;
        socketTimeout = socketTimeout == null ? 10_000L : socketTimeout;
        if (socketTimeout <= 0) {
            throw new IllegalArgumentException("SocketTimeout: " + socketTimeout + " (expected > 0 ms)");
        }
    }

    /** With the default socket timeout. */
    public DbConf(String dataSource, Integer maxPoolSize) {
        this(dataSource, maxPoolSize, null);
    }
}
