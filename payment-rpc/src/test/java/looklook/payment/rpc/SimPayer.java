package looklook.payment.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.wechat.pay.java.service.payments.jsapi.model.Amount;
import com.wechat.pay.java.service.payments.jsapi.model.Payer;
import com.wechat.pay.java.service.payments.jsapi.model.PrepayRequest;
import com.wechat.pay.java.service.payments.jsapi.model.PrepayWithRequestPaymentResponse;
import java.util.HashMap;
import java.util.Map;
import looklook.payment.rpc.logic.MarkPrepaidLogic;
import looklook.payment.rpc.svc.ServiceContext;
import looklook.pkg.testing.Http;
import looklook.pkg.testing.SandboxProcess;
import looklook.proto.payment.MarkPrepaidReq;

/**
 * A payment made at the simulator as the user makes it: the merchant's JSAPI prepay (marked prepaid, as
 * payment-api marks it before handing the code out), then the payer's confirmation.
 */
final class SimPayer {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SimPayer() {
    }

    static PrepayWithRequestPaymentResponse prepay(ServiceContext svc, SandboxProcess.Running sim, String sn, long total)
            throws Exception {
        return prepay(svc, sim, sn, total, null);
    }

    /** The prepay with a {@code time_expire} (null: none). */
    static PrepayWithRequestPaymentResponse prepay(ServiceContext svc, SandboxProcess.Running sim, String sn, long total,
                                                   String timeExpire) throws Exception {
        PrepayRequest p = new PrepayRequest();
        p.setAppid(SandboxProcess.APP_ID);
        p.setMchid(SandboxProcess.MCH_ID);
        p.setDescription("payment-rpc test");
        p.setOutTradeNo(sn);
        p.setNotifyUrl("http://127.0.0.1:1/unused");
        Amount a = new Amount();
        a.setTotal((int) total);
        p.setAmount(a);
        Payer payer = new Payer();
        payer.setOpenid(sim.issueOpenid("oPayer" + sn.substring(sn.length() - 8)));
        p.setPayer(payer);
        p.setTimeExpire(timeExpire);
        PrepayWithRequestPaymentResponse r = svc.wxPay().jsapiExtension().prepayWithRequestPayment(p);
        new MarkPrepaidLogic(svc).markPrepaid(MarkPrepaidReq.newBuilder().setSn(sn).build());
        return r;
    }

    /** Prepays and pays as the user does, with {@code more} payer fields; returns WeChat's transaction id. */
    static String pay(ServiceContext svc, SandboxProcess.Running sim, String sn, long total, Map<String, Object> more)
            throws Exception {
        PrepayWithRequestPaymentResponse r = prepay(svc, sim, sn, total);
        Map<String, Object> body = new HashMap<>(Map.of("appId", r.getAppId(), "timeStamp", r.getTimeStamp(),
                "nonceStr", r.getNonceStr(), "package", r.getPackageVal(), "signType", r.getSignType(), "paySign", r.getPaySign()));
        body.putAll(more);
        Http.Reply paid = Http.postWithHeaders(sim.port(), "/sim/v1/pay", JSON.writeValueAsString(body),
                Map.of("Content-Type", "application/json"));
        assertThat(paid.status()).as(paid.body().toString()).isEqualTo(200);
        return paid.body().path("transaction_id").asText();
    }
}
