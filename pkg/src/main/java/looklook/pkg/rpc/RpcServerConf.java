package looklook.pkg.rpc;

import looklook.pkg.conf.EtcdConf;
import looklook.pkg.conf.OptionalKey;

/**
 * The server half of go-zero's zrpc.RpcServerConf: where to listen, where to register (optional:
 * without Etcd the server is only dialled directly) and the server-side call timeout in ms.
 */
public record RpcServerConf(String listenOn, @OptionalKey EtcdConf etcd, long timeoutMillis) {
}
