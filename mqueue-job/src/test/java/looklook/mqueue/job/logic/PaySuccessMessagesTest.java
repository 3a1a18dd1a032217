package looklook.mqueue.job.logic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import looklook.mqueue.job.config.WxMiniMsgConf;
import looklook.pkg.events.WxMiniTplMessage;
import looklook.proto.order.HomestayOrder;
import org.junit.jupiter.api.Test;

class PaySuccessMessagesTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final WxMiniMsgConf CONF = new WxMiniMsgConf("T-PAID", "T-CHECKIN", "pages/order/detail");

    private static long midnight(int y, int m, int d) {
        return LocalDate.of(y, m, d).atStartOfDay(SHANGHAI).toEpochSecond();
    }

    @Test
    void yuan_isExactFromFen() {
        assertThat(PaySuccessMessages.yuan(200800)).isEqualTo("2008.00");
        assertThat(PaySuccessMessages.yuan(1)).isEqualTo("0.01");
        assertThat(PaySuccessMessages.yuan(10)).isEqualTo("0.10");
        assertThat(PaySuccessMessages.yuan(0)).isEqualTo("0.00");
        // far beyond where a double stops holding cents exactly
        assertThat(PaySuccessMessages.yuan(9_007_199_254_740_993L)).isEqualTo("90071992547409.93");
        assertThatThrownBy(() -> PaySuccessMessages.yuan(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void twoMessages_withStableIdsAndLooklooksFields() {
        HomestayOrder o = HomestayOrder.newBuilder().setSn("HSO0000000000000000000042").setTitle("Lakeside Courtyard")
                .setOrderTotalPrice(80800).setLiveStartDate(midnight(2026, 12, 1)).setLiveEndDate(midnight(2026, 12, 3))
                .setTradeCode("AB12CD34").build();
        List<WxMiniTplMessage> ms = PaySuccessMessages.of(o, "oOpenid", CONF);
        assertThat(ms).hasSize(2);
        WxMiniTplMessage paid = ms.get(0);
        assertThat(paid.messageId()).isEqualTo("HSO0000000000000000000042:paid");
        assertThat(paid.templateId()).isEqualTo("T-PAID");
        assertThat(paid.openid()).isEqualTo("oOpenid");
        assertThat(paid.orderSn()).isEqualTo(o.getSn());
        assertThat(paid.page()).isEqualTo("pages/order/detail?sn=" + o.getSn());
        assertThat(paid.data()).containsEntry("character_string6", o.getSn()).containsEntry("thing1", "Lakeside Courtyard")
                .containsEntry("amount2", "808.00").containsEntry("time4", "2026-12-01").containsEntry("time5", "2026-12-03");
        WxMiniTplMessage checkIn = ms.get(1);
        assertThat(checkIn.messageId()).isEqualTo("HSO0000000000000000000042:checkin");
        assertThat(checkIn.templateId()).isEqualTo("T-CHECKIN");
        assertThat(checkIn.data()).containsEntry("date2", "2026-12-01").containsEntry("date3", "2026-12-03")
                .containsEntry("character_string4", "AB12CD34").containsKey("thing1");
    }

    @Test
    void thing_isCutToTwentyCharactersWithoutSplittingOne() {
        assertThat(PaySuccessMessages.thing("A".repeat(25))).hasSize(20);
        String emoji = "\uD83C\uDFE1".repeat(21); // 21 code points, 42 chars
        assertThat(PaySuccessMessages.thing(emoji).codePointCount(0, PaySuccessMessages.thing(emoji).length())).isEqualTo(20);
        assertThat(PaySuccessMessages.thing("short")).isEqualTo("short");
    }
}
