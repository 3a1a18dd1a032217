package looklook.usercenter.rpc.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import looklook.pkg.conf.DbConf;
import looklook.pkg.conf.DevServerConf;
import looklook.pkg.conf.EtcdConf;
import looklook.pkg.conf.JwtAuthConf;
import looklook.pkg.conf.OptionalKey;
import looklook.pkg.conf.RedisConf;
import looklook.pkg.rpc.RpcServerConf;

/**
 * etc/usercenter-rpc.yaml.
 *
 * @param redis      holds the revoked sessions every API checks
 * @param sms        the SMS provider that carries sign-up and reset codes
 * @param auth       go-zero's zrpc Auth: refuse calls without a credential of {@code Apps} (absent = false)
 * @param apps       the callers admitted with Auth: app name to its token (metadata app + token)
 * @param reflection serve gRPC server reflection (for grpcurl; absent = false)
 */
public record UsercenterRpcConfig(
        String name,
        String listenOn,
        @OptionalKey EtcdConf etcd,
        Long timeout,
        DevServerConf devServer,
        @JsonProperty("DB") DbConf db,
        JwtAuthConf jwtAuth,
        Integer passwordCost,
        RedisConf redis,
        SmsConf sms,
        @OptionalKey Boolean auth,
        @OptionalKey Map<String, String> apps,
        @OptionalKey Boolean reflection) {

    public UsercenterRpcConfig {
        timeout = timeout == null ? 2000L : timeout;
        // bcrypt cost 10 is ~60 ms a hash here: slow for a guesser, fine for a login
        passwordCost = passwordCost == null ? 10 : passwordCost;
        if (passwordCost < 4 || passwordCost > 16) {
            throw new IllegalArgumentException("PasswordCost: " + passwordCost + " (expected 4..16)");
        }
    }


    /** The gRPC server part. */
    public RpcServerConf rpcServer() {
        return new RpcServerConf(listenOn, etcd, timeout, Map.of(), Boolean.TRUE.equals(auth), apps, Boolean.TRUE.equals(reflection));
    }
}
