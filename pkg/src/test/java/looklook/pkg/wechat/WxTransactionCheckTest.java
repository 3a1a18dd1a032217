package looklook.pkg.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import com.wechat.pay.java.service.payments.model.Transaction;
import com.wechat.pay.java.service.payments.model.TransactionAmount;
import com.wechat.pay.java.service.refund.model.Amount;
import com.wechat.pay.java.service.refund.model.RefundNotification;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WxTransactionCheckTest {
    private static final WxPayConf CONF = new WxPayConf("1900000109", "SERIAL", "k.pem", "PUB_KEY_ID", "p.pem",
            "0123456789abcdef0123456789abcdef", "https://example.invalid/notify", null, null, "wx8888888888888888", null);

    private static Transaction transaction(String mchid, String appid, Integer total, String currency) {
        Transaction t = new Transaction();
        t.setMchid(mchid);
        t.setAppid(appid);
        TransactionAmount a = new TransactionAmount();
        a.setTotal(total);
        a.setCurrency(currency);
        t.setAmount(a);
        return t;
    }

    /** One table for both rules: {@code why} is mismatch's reason (none: agrees), {@code only} whether only the amount is left to compare. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "NULL", value = {
            "agrees,          1900000109, wx8888888888888888, 100,  CNY,  ,                                    true",
            "other merchant,  1900000999, wx8888888888888888, 100,  CNY,  mchid 1900000999,                     false",
            "other app,       1900000109, wxOTHER,            100,  CNY,  appid wxOTHER,                        false",
            "other amount,    1900000109, wx8888888888888888, 99,   CNY,  amount.total 99 fen,                  true",
            "no amount,       1900000109, wx8888888888888888, NULL, CNY,  amount.total null,                    false",
            "dollars,         1900000109, wx8888888888888888, 100,  USD,  amount.currency USD (expected CNY),   false",
            "no currency,     1900000109, wx8888888888888888, 100,  NULL, amount.currency null (expected CNY),  false",
            "lower-case cny,  1900000109, wx8888888888888888, 100,  cny,  amount.currency cny,                  false"})
    void mismatch_judgesMerchantAppAmountAndCurrency_andOnlyTheAmountIsLeftWhenTheRestAgrees(
            String name, String mchid, String appid, Integer total, String currency, String why, boolean only) {
        Transaction t = transaction(mchid, appid, total, currency);
        Optional<String> bad = WxTransactionCheck.mismatch(CONF, t, "PMT1", 100);
        if (why == null) {
            assertThat(bad).isEmpty();
        } else {
            assertThat(bad).hasValueSatisfying(m -> assertThat(m).contains(why));
        }
        assertThat(WxTransactionCheck.onlyAmountToCompare(CONF, t, "PMT1")).as("only the amount left to compare").isEqualTo(only);
    }

    @Test
    void onlyAmountToCompare_isFalseWithoutAnAmountObject() {
        Transaction t = transaction("1900000109", "wx8888888888888888", 100, "CNY");
        t.setAmount(null);
        assertThat(WxTransactionCheck.onlyAmountToCompare(CONF, t, "PMT1")).isFalse();
    }

    @Test
    void mismatch_judgesByTheOrderTotal_notWhatAPayerWithACouponPaid() {
        Transaction t = transaction("1900000109", "wx8888888888888888", 100, "CNY");
        t.getAmount().setPayerTotal(70);
        assertThat(WxTransactionCheck.mismatch(CONF, t, "PMT1", 100)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"SUCCESS, true", "REFUND, true", "NOTPAY, false", "USERPAYING, false", "PAYERROR, false", "CLOSED, false",
            "REVOKED, false"})
    void tookMoney_isSuccessOrRefund(Transaction.TradeStateEnum state, boolean took) {
        Transaction t = transaction("1900000109", "wx8888888888888888", 100, "CNY");
        t.setTradeState(state);
        assertThat(WxTransactionCheck.tookMoney(t)).isEqualTo(took);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "NULL", value = {"NULL, true", "CNY, true", "USD, false", "'', false"})
    void refundMismatch_acceptsNoCurrencyOrCny(String currency, boolean ok) {
        RefundNotification n = new RefundNotification();
        Amount a = new Amount();
        a.setRefund(100L);
        a.setCurrency(currency);
        n.setAmount(a);
        assertThat(WxTransactionCheck.refundMismatch(n, "RFD1").isEmpty()).isEqualTo(ok);
    }
}
