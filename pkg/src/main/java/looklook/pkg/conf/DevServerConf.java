package looklook.pkg.conf;

/** go-zero's DevServer: the side port serving /healthz and /metrics. */
public record DevServerConf(String host, Integer port) {
    public DevServerConf {
        host = host == null ? "127.0.0.1" : host;
    }
}
