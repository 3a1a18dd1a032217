package looklook.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.wechat.pay.java.core.exception.HttpException;
import com.wechat.pay.java.core.exception.ServiceException;
import com.wechat.pay.java.service.payments.jsapi.model.QueryOrderByOutTradeNoRequest;
import com.wechat.pay.java.service.payments.model.Transaction;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import looklook.sandbox.ledger.Txn;
import org.junit.jupiter.api.Test;

/** The {@code delay} fault: WeChat gets a prepay late, after the merchant's client may have given up. */
class DelayedPrepayIT extends MerchantSimBase {
    @Test
    void heldLongerThanTheClientWaits_theOrderAppearsOnlyAfterTheHold() throws Exception {
        String no = SimFixture.outTradeNo();
        assertThat(fx.post("/sim/v1/faults", "{\"delay\":{\"endpoint\":\"jsapi\",\"hold_ms\":4500}}").statusCode())
                .isEqualTo(200);
        Instant sent = Instant.now();
        // the fixture's clients give up after 3 s
        CompletableFuture<Throwable> call = CompletableFuture.supplyAsync(() -> {
            try {
                fx.prepay(pay, no, 800, "oLate");
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        });
        Thread.sleep(1_000);
        assertOrderNotExist(no);

        assertThat(call.get(10, TimeUnit.SECONDS)).isInstanceOf(HttpException.class);
        assertThat(Duration.between(sent, Instant.now())).isLessThan(Duration.ofMillis(4_500));
        assertOrderNotExist(no);

        await().atMost(Duration.ofSeconds(5)).until(() -> fx.sim.ledger().byOutTradeNo(fx.mchId(), no).isPresent());
        Txn late = fx.sim.ledger().byOutTradeNo(fx.mchId(), no).orElseThrow();
        assertThat(late.createTime()).isAfterOrEqualTo(sent.plusMillis(4_500));
        assertThat(query(no).getTradeState()).isEqualTo(Transaction.TradeStateEnum.NOTPAY);
        // the merchant's retry meets the order WeChat made late, not a second one (and gets a fresh prepay_id for it)
        String retried = fx.prepay(pay, no, 800, "oLate").getPackageVal();
        assertThat(retried).isEqualTo("prepay_id=" + fx.sim.ledger().byOutTradeNo(fx.mchId(), no).orElseThrow().prepayId());
        assertThat(fx.sim.ledger().transactions()).filteredOn(t -> t.outTradeNo().equals(no)).hasSize(1);
        assertThat(fx.sim.faults().active().get("delay")).isEmpty();
    }

    @Test
    void heldShorterThanTheClientWaits_answersNormallyAfterTheHold() throws Exception {
        String no = SimFixture.outTradeNo();
        fx.post("/sim/v1/faults", "{\"delay\":{\"endpoint\":\"jsapi\",\"hold_ms\":1200}}");
        long started = System.nanoTime();
        CompletableFuture<String> call = CompletableFuture.supplyAsync(() -> fx.prepay(pay, no, 300, "oSlow").getPackageVal());
        Thread.sleep(400);
        assertOrderNotExist(no);
        String pkg = call.get(10, TimeUnit.SECONDS);
        assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(1_200);
        assertThat(pkg).isEqualTo("prepay_id=" + fx.sim.ledger().byOutTradeNo(fx.mchId(), no).orElseThrow().prepayId());
    }

    private static void assertOrderNotExist(String no) {
        assertThatThrownBy(() -> query(no)).isInstanceOfSatisfying(ServiceException.class, e -> {
            assertThat(e.getHttpStatusCode()).isEqualTo(404);
            assertThat(e.getErrorCode()).isEqualTo("ORDER_NOT_EXIST");
        });
    }

    private static Transaction query(String no) {
        QueryOrderByOutTradeNoRequest q = new QueryOrderByOutTradeNoRequest();
        q.setMchid(fx.mchId());
        q.setOutTradeNo(no);
        return pay.jsapi().queryOrderByOutTradeNo(q);
    }
}
