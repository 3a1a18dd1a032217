package looklook.pkg.conf;

/**
 * A MySQL data source, either a go-zero DSN ({@code user:pass@tcp(host:port)/db?params}) or a
 * {@code jdbc:mysql://} / {@code jdbc:mariadb://} URL.
 */
public record DbConf(String dataSource, @OptionalKey Integer maxPoolSize) {
    public DbConf {
        maxPoolSize = maxPoolSize == null ? 10 : maxPoolSize;
    }
}
