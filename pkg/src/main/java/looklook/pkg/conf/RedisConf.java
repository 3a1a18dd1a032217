package looklook.pkg.conf;

/** go-zero's redis.RedisConf: {@code Host} is host:port, {@code Pass} optional. */
public record RedisConf(String host, @OptionalKey String pass) {
    /** Without the password, as EtcdConf prints itself. */
    @Override
    public String toString() {
        return "RedisConf[host=" + host + ", pass=" + (pass == null || pass.isEmpty() ? "" : "***") + "]";
    }
}
