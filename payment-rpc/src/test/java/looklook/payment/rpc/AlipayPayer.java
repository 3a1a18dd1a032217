package looklook.payment.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.alipay.api.AlipayClient;
import com.alipay.api.domain.AlipayTradePrecreateModel;
import com.alipay.api.request.AlipayTradePrecreateRequest;
import com.alipay.api.response.AlipayTradePrecreateResponse;
import java.util.Map;
import looklook.payment.rpc.logic.MarkPrepaidLogic;
import looklook.payment.rpc.model.ThirdPayment;
import looklook.payment.rpc.svc.ServiceContext;
import looklook.pkg.alipay.AlipayTimes;
import looklook.pkg.alipay.Yuan;
import looklook.pkg.testing.Http;
import looklook.pkg.testing.SandboxProcess;
import looklook.proto.payment.MarkPrepaidReq;

/** An Alipay payment made at the simulator as the PC page makes it: payment-api's precreate (marked prepaid), then the phone's scan. */
final class AlipayPayer {
    private AlipayPayer() {
    }

    /** What payment-api's precreate sends; the qr_code, marked prepaid as payment-api marks it before handing it out. */
    static String precreate(ServiceContext svc, AlipayClient merchant, ThirdPayment p) throws Exception {
        AlipayTradePrecreateModel m = new AlipayTradePrecreateModel();
        m.setOutTradeNo(p.sn());
        m.setTotalAmount(Yuan.of(p.payTotal()));
        m.setSubject(p.description());
        m.setTimeExpire(AlipayTimes.of(p.expireTime()));
        AlipayTradePrecreateRequest r = new AlipayTradePrecreateRequest();
        r.setBizModel(m);
        r.setNotifyUrl(p.notifyUrl());
        AlipayTradePrecreateResponse answer = merchant.execute(r);
        assertThat(answer.isSuccess()).as(answer.getBody()).isTrue();
        assertThat(new MarkPrepaidLogic(svc).markPrepaid(MarkPrepaidReq.newBuilder().setSn(p.sn()).build()).getWaiting())
                .as("payment %s still waits", p.sn()).isTrue();
        return answer.getQrCode();
    }

    /** The phone scans {@code code} and, when {@code pay}, confirms. */
    static Http.Reply scan(SandboxProcess.Running sim, String code, boolean pay) throws Exception {
        return Http.postWithHeaders(sim.port(), "/sim/v1/scan", "{\"codeUrl\":\"" + code + "\",\"buyer\":\"13812345678\",\"pay\":"
                + pay + "}", Map.of("Content-Type", "application/json"));
    }
}
