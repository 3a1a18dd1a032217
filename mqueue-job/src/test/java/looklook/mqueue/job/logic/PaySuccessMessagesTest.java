package looklook.mqueue.job.logic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import looklook.mqueue.job.config.WxMiniMsgConf;
import looklook.pkg.events.WxMiniTplMessage;
import looklook.proto.order.HomestayOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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
                .containsEntry("amount2", "808.00").containsEntry("date4", "2026-12-01").containsEntry("date5", "2026-12-03");
        WxMiniTplMessage checkIn = ms.get(1);
        assertThat(checkIn.messageId()).isEqualTo("HSO0000000000000000000042:checkin");
        assertThat(checkIn.templateId()).isEqualTo("T-CHECKIN");
        assertThat(checkIn.data()).containsEntry("date2", "2026-12-01").containsEntry("date3", "2026-12-03")
                .containsEntry("character_string4", "AB12CD34").containsEntry("thing1", PaySuccessMessages.CHECK_IN_NOTE);
        // each fits its template as WeChat checks it (the simulator applies the same table)
        assertThat(PaySuccessTemplates.ORDER_PAID.check(paid.data())).isEmpty();
        assertThat(PaySuccessTemplates.CHECK_IN.check(checkIn.data())).isEmpty();
    }

    @Test
    void longTitle_isCutToFitThing_notRefused() {
        HomestayOrder o = order().setTitle("Lakeside Courtyard with a garden and a view of the hills").build();
        WxMiniTplMessage paid = PaySuccessMessages.of(o, "oOpenid", CONF).get(0);
        assertThat(paid.data().get("thing1")).isEqualTo("Lakeside Courtyard w");
        String chinese = "湖畔庭院".repeat(6); // 24 characters
        assertThat(PaySuccessMessages.of(order().setTitle(chinese).build(), "oOpenid", CONF).get(0).data().get("thing1"))
                .isEqualTo(chinese.substring(0, 20));
    }

    /** Values their keyword's type refuses: the builder throws, naming the order and the key, and sends nothing. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("badOrders")
    void valueItsTemplateWouldRefuse_isRefusedNamingTheOrderAndTheKey(String name, HomestayOrder o, String key) {
        assertThatThrownBy(() -> PaySuccessMessages.of(o, "oOpenid", CONF))
                .isInstanceOf(PaySuccessMessages.InvalidTemplateData.class)
                .hasMessageContaining("order " + o.getSn()).hasMessageContaining(key + ":");
    }

    static Stream<Arguments> badOrders() {
        return Stream.of(
                Arguments.of("empty title: thing1 missing", order().setTitle("").build(), "thing1"),
                Arguments.of("title with a newline", order().setTitle("Lakeside\nCourtyard").build(), "thing1"),
                Arguments.of("amount beyond 10 digits", order().setOrderTotalPrice(1_000_000_000_000L).build(), "amount2"),
                Arguments.of("sn over 32 characters", order().setSn("HSO" + "0".repeat(30)).build(), "character_string6"),
                Arguments.of("check-in code not ASCII", order().setTradeCode("码AB12CD3").build(), "character_string4"),
                Arguments.of("no check-in code", order().setTradeCode("").build(), "character_string4"));
    }

    @Test
    void checked_refusesAKeyTheTemplateDoesNotHave() {
        WxMiniTplMessage m = new WxMiniTplMessage("HSO1:paid", "HSO1", "o", "T", null, Map.of("thing1", "x", "thing9", "y",
                "date2", "2026-12-01", "date3", "2026-12-02", "character_string4", "AB"));
        assertThatThrownBy(() -> PaySuccessMessages.checked(PaySuccessTemplates.CHECK_IN, m))
                .isInstanceOf(PaySuccessMessages.InvalidTemplateData.class).hasMessageContaining("thing9");
    }

    private static HomestayOrder.Builder order() {
        return HomestayOrder.newBuilder().setSn("HSO0000000000000000000042").setTitle("Lakeside Courtyard")
                .setOrderTotalPrice(80800).setLiveStartDate(midnight(2026, 12, 1)).setLiveEndDate(midnight(2026, 12, 3))
                .setTradeCode("AB12CD34");
    }

    @Test
    void thing_isCutToTwentyCharactersWithoutSplittingOne() {
        assertThat(PaySuccessMessages.thing("A".repeat(25))).hasSize(20);
        String emoji = "\uD83C\uDFE1".repeat(21); // 21 code points, 42 chars
        assertThat(PaySuccessMessages.thing(emoji).codePointCount(0, PaySuccessMessages.thing(emoji).length())).isEqualTo(20);
        assertThat(PaySuccessMessages.thing("short")).isEqualTo("short");
    }
}
