package looklook.payment.rpc;

import java.nio.file.Path;
import looklook.payment.rpc.svc.ServiceContext;
import looklook.pkg.store.DataSources;
import looklook.pkg.store.MysqlDsn;
import looklook.pkg.testing.TestInfra;
import looklook.pkg.testing.SandboxProcess;

/**
 * A simulator (delays scaled by 0.001), a fresh payment database and payment-rpc's ServiceContext on
 * both, for tests that drive the logic classes directly; closed in reverse order.
 */
record SimAndPayments(SandboxProcess.Running sim, MysqlDsn db, ServiceContext svc) implements AutoCloseable {

    static SimAndPayments start(Path dir) throws Exception {
        SandboxProcess.Running sim = SandboxProcess.start(dir, 0.001);
        MysqlDsn db = TestInfra.freshDatabase("looklook_payment");
        return new SimAndPayments(sim, db, new ServiceContext(PaymentRpcIT.config(db, sim)));
    }

    @Override
    public void close() {
        svc.close();
        sim.close();
        DataSources.dropDatabase(db);
    }
}
