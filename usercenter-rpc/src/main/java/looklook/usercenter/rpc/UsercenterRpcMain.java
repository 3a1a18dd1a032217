package looklook.usercenter.rpc;

import java.util.List;
import looklook.pkg.conf.ConfLoader;
import looklook.pkg.ops.Checks;
import looklook.pkg.ops.DevServer;
import looklook.pkg.ops.Launcher;
import looklook.pkg.rpc.RpcServer;
import looklook.usercenter.rpc.config.UsercenterRpcConfig;
import looklook.usercenter.rpc.server.UsercenterServer;
import looklook.usercenter.rpc.svc.ServiceContext;

/** {@code java -jar usercenter-rpc.jar -f etc/usercenter-rpc.yaml}. */
public final class UsercenterRpcMain {
    private UsercenterRpcMain() {
    }

    public static void main(String[] args) {
        Launcher.run("usercenter-rpc", () -> start(
                ConfLoader.fromArgs(args, "etc/usercenter-rpc.yaml", UsercenterRpcConfig.class)));
    }

    /** Starts the process's servers; closing the result stops them in order. */
    public static AutoCloseable start(UsercenterRpcConfig c) throws Exception {
        ServiceContext svc = new ServiceContext(c);
        try {
            RpcServer rpc = new RpcServer(c.rpcServer(), svc.metrics(), List.of(new UsercenterServer(svc))).start();
            DevServer dev = DevServer.start(c.devServer(), svc.metrics(), Checks.rpcServer(svc.dataSource(), c.etcd()));
            return () -> {
                rpc.close();
                dev.close();
                svc.close();
            };
        } catch (Exception | Error e) {
            svc.close();
            throw e;
        }
    }
}
