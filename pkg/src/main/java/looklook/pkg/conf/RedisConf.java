package looklook.pkg.conf;

/** go-zero's redis.RedisConf: {@code Host} is host:port, {@code Pass} optional. */
public record RedisConf(String host, @OptionalKey String pass) {
}
