package looklook.sandbox;

import java.nio.file.Path;
import looklook.pkg.wechat.WxPayClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The setup the SDK tests share: a simulator on fresh keys, a merchant receiving its notifies, and the
 * official SDK pointed at it. Each test class gets its own (JUnit runs the static lifecycle per class).
 */
abstract class MerchantSimBase {
    @TempDir
    static Path keys;
    static SimFixture fx;
    static MerchantReceiver merchant;
    static WxPayClients pay;

    @BeforeAll
    static void startSim() {
        fx = SimFixture.start(keys);
        merchant = new MerchantReceiver();
        pay = fx.pay(merchant.url());
        merchant.use(pay);
    }

    @AfterAll
    static void stopSim() {
        merchant.close();
        fx.close();
    }
}
