package looklook.sandbox.bill;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import looklook.sandbox.ledger.Refund;
import looklook.sandbox.ledger.RefundStatus;
import looklook.sandbox.ledger.TradeState;
import looklook.sandbox.ledger.TradeType;
import looklook.sandbox.ledger.Txn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TradeBillCsvTest {
    private static final Instant PAID = Instant.parse("2026-12-01T02:03:04Z");
    private static final Txn TXN = new Txn("wx8888888888888888", "1900000109", "PMT1", TradeType.JSAPI,
            "homestay, 2 \"nights\"", null, "http://m/n", 1999, "CNY", "oUser", "wx1", null, PAID.minusSeconds(60), null,
            PAID.plusSeconds(3600), TradeState.REFUND, "4200000001", PAID, 500, 0);
    private static final Refund REFUND = new Refund("5000000001", "R1", "PMT1", "4200000001", null, null, 500, 1999, "CNY",
            RefundStatus.SUCCESS, Instant.parse("2026-12-01T03:00:00Z"), Instant.parse("2026-12-01T03:00:05Z"), null);
    private static final String NAME = "homestay\\  2 \\\"nights\\\"";

    @Test
    void all_isWeChatsLayout_bomHeaderBackquotedLinesAndSummary() {
        byte[] file = TradeBillCsv.render(BillType.ALL, List.of(BillLine.payment(TXN), BillLine.refund(TXN, REFUND)));
        assertThat(Arrays.copyOf(file, 3)).containsExactly(0xEF, 0xBB, 0xBF);
        assertThat(new String(file, 3, file.length - 3, StandardCharsets.UTF_8)).isEqualTo(String.join("\n",
                "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,"
                        + "应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,"
                        + "手续费,费率,订单金额,申请退款金额,费率备注",
                "`2026-12-01 10:03:04,`wx8888888888888888,`1900000109,`0,`,`4200000001,`PMT1,`oUser,`JSAPI,`SUCCESS,`OTHERS,"
                        + "`CNY,`19.99,`0.00,`0,`0,`0.00,`0.00,`,`,`" + NAME + ",`,`0.12000,`0.60%,`19.99,`0.00,`",
                "`2026-12-01 11:00:00,`wx8888888888888888,`1900000109,`0,`,`4200000001,`PMT1,`oUser,`JSAPI,`REFUND,`OTHERS,"
                        + "`CNY,`0.00,`0.00,`5000000001,`R1,`5.00,`0.00,`ORIGINAL,`SUCCESS,`" + NAME + ",`,`-0.03000,`0.60%,"
                        + "`0.00,`5.00,`",
                "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额",
                "`2,`19.99,`5.00,`0.00,`0.09000,`19.99,`5.00", ""));
    }

    @Test
    void success_dropsTheRefundColumns_refund_datesByThePaymentAndAddsTheRefundTimes() {
        String success = text(TradeBillCsv.render(BillType.SUCCESS, List.of(BillLine.payment(TXN))));
        assertThat(success.lines().toList().get(1)).isEqualTo("`2026-12-01 10:03:04,`wx8888888888888888,`1900000109,`0,`,"
                + "`4200000001,`PMT1,`oUser,`JSAPI,`SUCCESS,`OTHERS,`CNY,`19.99,`0.00,`" + NAME + ",`,`0.12000,`0.60%,`19.99,`");
        String refund = text(TradeBillCsv.render(BillType.REFUND, List.of(BillLine.refund(TXN, REFUND))));
        List<String> lines = refund.lines().toList();
        assertThat(lines.get(0).split(",")).hasSize(29).contains("退款申请时间", "退款成功时间");
        assertThat(lines.get(1)).startsWith("`2026-12-01 10:03:04,").contains(",`0.00,`0.00,`2026-12-01 11:00:00,"
                + "`2026-12-01 11:00:05,`5000000001,`R1,`5.00,");
        assertThat(lines.get(3)).isEqualTo("`1,`0.00,`5.00,`0.00,`-0.03000,`0.00,`5.00");
    }

    @Test
    void emptyDayOfOneType_isHeaderAndZeroSummary() {
        assertThat(text(TradeBillCsv.render(BillType.REFUND, List.of())).lines().toList().get(2))
                .isEqualTo("`0,`0.00,`0.00,`0.00,`0.00000,`0.00,`0.00");
    }

    @ParameterizedTest
    @CsvSource({"1, 0", "83, 0", "84, 1", "1999, 12", "100000, 600"})
    void fee_isSixtyBasisPointsRoundedHalfUpToTheCent(long cents, long fee) {
        assertThat(TradeBillCsv.fee(cents)).isEqualTo(fee);
    }

    private static String text(byte[] file) {
        return new String(file, 3, file.length - 3, StandardCharsets.UTF_8);
    }
}
