package looklook.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.wechat.pay.java.core.exception.ServiceException;
import com.wechat.pay.java.core.exception.ValidationException;
import com.wechat.pay.java.service.payments.jsapi.model.QueryOrderByOutTradeNoRequest;
import com.wechat.pay.java.service.payments.model.Transaction;
import java.nio.file.Path;
import java.time.Duration;
import looklook.pkg.wechat.PlatformCertMode;
import looklook.pkg.wechat.WxPayClients;
import looklook.pkg.wechat.WxPayConf;
import looklook.sandbox.crypto.SimKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * WeChat's three ways of signing, through the official SDK and our {@link WxPayClients}: the public
 * key, the platform certificate (downloaded from {@code /v3/certificates} or deployed as a file),
 * and the migration between them, where an answer is signed as the request's {@code Wechatpay-Serial}
 * asks and notifies come signed either way. Also probe-signed answers, error codes by name, coupons
 * and PAYERROR.
 */
class SigningModesIT {
    @TempDir
    static Path keys;
    static SimFixture fx;
    static MerchantReceiver merchant;
    /** Public key only: what the services run by default. */
    static WxPayClients publicKey;

    @BeforeAll
    static void start() {
        fx = SimFixture.start(keys);
        merchant = new MerchantReceiver();
        publicKey = fx.pay(merchant.url());
        merchant.use(publicKey);
    }

    @AfterAll
    static void stop() {
        merchant.close();
        fx.close();
    }

    @BeforeEach
    void publicKeyMode() {
        mode("public_key");
        merchant.use(publicKey);
        merchant.reset();
        fx.delete("/sim/v1/faults");
    }

    @Test
    void publicKeyMode_hasNoCertificateToDownload_soACertificateOnlyMerchantVerifiesNothing() {
        assertThat(fx.get("/sim/v1/signing").body()).contains("\"mode\":\"public_key\"");
        assertThat(fx.sim.signer().certificateServed()).isFalse();
        String no = prepaid(publicKey);
        // the SDK takes WeChat's 404 NOT_FOUND as "no certificate" and starts with none: it builds, then
        // cannot make a single call (it has no certificate serial to name; 0.2.17 fails with an NPE)
        WxPayClients certOnly = WxPayClients.create(certOnly(PlatformCertMode.AUTO));
        assertThatThrownBy(() -> query(certOnly, no)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("certificate");
        assertThat(query(publicKey, no).getTradeState()).isEqualTo(Transaction.TradeStateEnum.NOTPAY);
    }

    @Test
    void certificateMode_answersVerifyWithTheDownloadedOrDeployedCertificate_notThePublicKey() {
        mode("certificate");
        WxPayClients downloaded = WxPayClients.create(certOnly(PlatformCertMode.AUTO));
        WxPayClients deployed = WxPayClients.create(certOnly(PlatformCertMode.FILE));

        String no = prepaid(downloaded);
        assertThat(query(deployed, no).getTradeState()).isEqualTo(Transaction.TradeStateEnum.NOTPAY);
        assertThatThrownBy(() -> query(publicKey, no)).isInstanceOf(ValidationException.class);
    }

    @Test
    void certificateMode_notifiesVerifyWithTheCertificate_aPublicKeyMerchantRefusesThem() {
        mode("certificate");
        WxPayClients deployed = WxPayClients.create(certOnly(PlatformCertMode.FILE));
        merchant.use(deployed);
        String no = SimFixture.outTradeNo();
        fx.userPays(fx.prepay(deployed, no, 100, "oCert"));
        await().atMost(Duration.ofSeconds(10)).until(() -> merchant.transactionsFor(no).size() == 1);

        merchant.use(publicKey);
        String other = SimFixture.outTradeNo();
        fx.userPays(fx.prepay(deployed, other, 100, "oCert"));
        await().atMost(Duration.ofSeconds(10)).until(() -> merchant.received().stream().anyMatch(r -> r.rejected() != null));
        assertThat(merchant.transactionsFor(other)).as("the public key does not verify a certificate's signature").isEmpty();
    }

    @Test
    void migration_signsAnswersAsTheRequestAsks_andNotifiesEitherWay_whichTheCombinedMerchantTakes() {
        mode("migration");
        WxPayClients deployed = WxPayClients.create(certOnly(PlatformCertMode.FILE));
        // both kinds of client work: the public-key one names the key id, the certificate one the serial
        String no = prepaid(publicKey);
        assertThat(query(deployed, no).getTradeState()).isEqualTo(Transaction.TradeStateEnum.NOTPAY);
        assertThat(query(publicKey, no).getTradeState()).isEqualTo(Transaction.TradeStateEnum.NOTPAY);

        // notifies alternate between key and certificate: only a merchant verifying both takes every one first time
        WxPayClients combined = WxPayClients.create(fx.payConf(merchant.url()).withPlatformCert(PlatformCertMode.AUTO, null));
        WxPayClients combinedFile = WxPayClients.create(fx.payConf(merchant.url()).withPlatformCert(PlatformCertMode.FILE,
                keys.resolve(SimKeys.PLATFORM_CERT).toString()));
        for (WxPayClients receiver : new WxPayClients[] {combined, combinedFile}) {
            merchant.reset();
            merchant.use(receiver);
            String a = SimFixture.outTradeNo();
            String b = SimFixture.outTradeNo();
            fx.userPays(fx.prepay(publicKey, a, 100, "oMig"));
            fx.userPays(fx.prepay(publicKey, b, 100, "oMig"));
            await().atMost(Duration.ofSeconds(10)).until(() -> merchant.transactionsFor(a).size() == 1
                    && merchant.transactionsFor(b).size() == 1);
            assertThat(merchant.received()).allSatisfy(r -> assertThat(r.rejected()).isNull());
        }
        assertThat(fx.get("/sim/v1/signing").body()).contains("\"mode\":\"migration\"");
    }

    @Test
    void signingRoute_refusesAnUnknownMode() {
        assertThat(fx.post("/sim/v1/signing", "{\"mode\":\"sm2\"}").statusCode()).isEqualTo(400);
    }

    @Test
    void probeSignedAnswer_isRefusedByTheSdk_theNextIsNot() {
        String no = prepaid(publicKey);
        assertThat(fx.post("/sim/v1/faults", "{\"response\":{\"probe\":true,\"count\":1}}").statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> query(publicKey, no)).isInstanceOf(ValidationException.class);
        assertThat(query(publicKey, no).getTradeState()).isEqualTo(Transaction.TradeStateEnum.NOTPAY);
    }

    @ParameterizedTest
    @CsvSource({"NOT_ENOUGH, 403", "FREQUENCY_LIMITED, 429", "ORDER_NOT_EXIST, 404", "SYSTEM_ERROR, 500", "ORDERPAID, 403"})
    void failFault_answersWeChatsCodeWithItsStatus(String code, int status) {
        String no = prepaid(publicKey);
        assertThat(fx.post("/sim/v1/faults", "{\"fail\":{\"endpoint\":\"query\",\"code\":\"" + code + "\"}}").statusCode())
                .isEqualTo(200);
        assertThatThrownBy(() -> query(publicKey, no)).isInstanceOfSatisfying(ServiceException.class, e -> {
            assertThat(e.getErrorCode()).isEqualTo(code);
            assertThat(e.getHttpStatusCode()).isEqualTo(status);
        });
    }

    @Test
    void failFault_withAnUnknownCode_isRefusedAtSetup() {
        var r = fx.post("/sim/v1/faults", "{\"fail\":{\"endpoint\":\"query\",\"code\":\"NO_SUCH_CODE\"}}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("PARAM_ERROR").contains("fail.code");
    }

    @Test
    void coupon_paysPartOfTheTotal_queryAndNotifySayHowMuch() {
        String no = SimFixture.outTradeNo();
        var p = fx.prepay(publicKey, no, 1000, "oCoupon");
        assertThat(fx.userPays(p, ",\"coupon\":1000").statusCode()).as("the payer pays at least a cent").isEqualTo(400);
        assertThat(fx.userPays(p, ",\"coupon\":300").statusCode()).isEqualTo(200);

        Transaction t = query(publicKey, no);
        assertThat(t.getAmount().getTotal()).isEqualTo(1000);
        assertThat(t.getAmount().getPayerTotal()).isEqualTo(700);
        assertThat(t.getPromotionDetail()).singleElement().satisfies(d -> {
            assertThat(d.getAmount()).isEqualTo(300);
            assertThat(d.getType().name()).isEqualTo("CASH");
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> merchant.transactionsFor(no).size() == 1);
        assertThat(merchant.transactionsFor(no).get(0).transaction().getAmount().getPayerTotal()).isEqualTo(700);
    }

    @Test
    void payError_leavesTheOrderUnpaidWithoutNotify_andThePayerMayTryAgain() {
        String no = SimFixture.outTradeNo();
        var p = fx.prepay(publicKey, no, 500, "oPayError");
        assertThat(fx.userPays(p, ",\"pay_error\":true").statusCode()).isEqualTo(200);
        Transaction failed = query(publicKey, no);
        assertThat(failed.getTradeState()).isEqualTo(Transaction.TradeStateEnum.PAYERROR);
        assertThat(failed.getTransactionId()).isNull();

        assertThat(fx.userPays(p).statusCode()).isEqualTo(200);
        assertThat(query(publicKey, no).getTradeState()).isEqualTo(Transaction.TradeStateEnum.SUCCESS);
        await().atMost(Duration.ofSeconds(10)).until(() -> merchant.transactionsFor(no).size() == 1);
    }

    @Test
    void payError_isClosedByWeChatAtTheEndOfItsPayWindow_likeAnUnpaidOrder() throws Exception {
        String no = SimFixture.outTradeNo();
        // a time_expire already past: WeChat makes it a minute (60 ms at this TimeFactor) after the prepay
        var p = fx.prepay(publicKey, no, 500, "oPayErrorExpiry", "2020-01-01T00:00:00+08:00");
        assertThat(fx.userPays(p, ",\"pay_error\":true").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> query(publicKey, no).getTradeState() == Transaction.TradeStateEnum.CLOSED);
        assertThat(fx.get("/sim/v1/ledger?out_trade_no=" + no).body()).contains("\"coupon\":0");
    }

    private static void mode(String mode) {
        assertThat(fx.post("/sim/v1/signing", "{\"mode\":\"" + mode + "\"}").statusCode()).isEqualTo(200);
    }

    private static WxPayConf certOnly(PlatformCertMode mode) {
        String path = mode == PlatformCertMode.FILE ? keys.resolve(SimKeys.PLATFORM_CERT).toString() : null;
        return fx.payConf(merchant.url()).withPlatformCert(mode, path).withoutPublicKey();
    }

    private static String prepaid(WxPayClients pay) {
        String no = SimFixture.outTradeNo();
        fx.prepay(pay, no, 100, "oSigning");
        return no;
    }

    private static Transaction query(WxPayClients pay, String no) {
        QueryOrderByOutTradeNoRequest q = new QueryOrderByOutTradeNoRequest();
        q.setMchid(fx.mchId());
        q.setOutTradeNo(no);
        return pay.jsapi().queryOrderByOutTradeNo(q);
    }
}
