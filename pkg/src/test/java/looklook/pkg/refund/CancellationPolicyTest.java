package looklook.pkg.refund;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import looklook.pkg.conf.ConfException;
import looklook.pkg.conf.ConfLoader;
import looklook.pkg.events.OrderTradeState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The default schedule at each boundary, with the clock fixed by each case (Asia/Shanghai wall time). */
class CancellationPolicyTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final LocalDate CHECK_IN = LocalDate.of(2031, 3, 20);
    private static final CancellationPolicy POLICY = CancellationPolicy.DEFAULT;

    private static Instant shanghai(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(SHANGHAI).toInstant();
    }

    @ParameterizedTest(name = "{0}: {1} of 10000 fen back")
    @CsvSource(delimiter = '|', textBlock = """
            2030-12-01T12:00:00 | 10000 | 100% until 7 days before check-in
            2031-03-13T00:00:00 | 10000 | 100% until 7 days before check-in
            2031-03-13T23:59:59 | 10000 | 100% until 7 days before check-in
            2031-03-14T00:00:00 |  5000 | 50% until the day before check-in
            2031-03-19T00:00:00 |  5000 | 50% until the day before check-in
            2031-03-19T23:59:59 |  5000 | 50% until the day before check-in
            2031-03-20T00:00:00 |     0 | nothing from check-in day on
            2031-03-20T18:00:00 |     0 | nothing from check-in day on
            2031-03-21T09:00:00 |     0 | nothing from check-in day on
            2031-04-30T09:00:00 |     0 | nothing from check-in day on
            """)
    void defaultSchedule_atEachBoundary(String now, long refundable, String rule) {
        RefundQuote q = POLICY.quote(OrderTradeState.PAID, CHECK_IN, 10_000, 0, shanghai(now));
        assertThat(q).isEqualTo(new RefundQuote(refundable, 10_000 - refundable, rule));
    }

    @Test
    void theDayIsShanghaisCalendarDay_notUtcs() {
        // 2031-03-13T16:00Z is still the 13th in UTC but already the 14th in Shanghai: 6 days before
        assertThat(POLICY.quote(OrderTradeState.PAID, CHECK_IN, 10_000, 0, Instant.parse("2031-03-13T16:00:00Z")).refundable())
                .isEqualTo(5_000);
        assertThat(POLICY.quote(OrderTradeState.PAID, CHECK_IN, 10_000, 0, Instant.parse("2031-03-13T15:59:59Z")).refundable())
                .isEqualTo(10_000);
    }

    @ParameterizedTest
    @EnumSource(value = OrderTradeState.class, names = "PAID", mode = EnumSource.Mode.EXCLUDE)
    void anOrderThatIsNotPaid_getsNothing_evenLongBeforeCheckIn(OrderTradeState state) {
        RefundQuote q = POLICY.quote(state, CHECK_IN, 10_000, 0, shanghai("2030-12-01T12:00:00"));
        assertThat(q.refundable()).isZero();
        assertThat(q.fee()).isEqualTo(10_000);
        assertThat(q.rule()).contains(switch (state) {
            case USED -> "used (checked in)";
            case WAIT_PAY -> "not paid";
            case CANCELLED -> "cancelled";
            case REFUNDED -> "refunded";
            case REFUNDING -> "on the way";
            case EXPIRED -> "expired";
            case PAID -> throw new AssertionError();
        });
    }

    @Test
    void aUsedOrder_getsNothing() {
        assertThat(POLICY.quote(OrderTradeState.USED, CHECK_IN, 65_600, 0, shanghai("2031-03-01T10:00:00")))
                .isEqualTo(new RefundQuote(0, 65_600, "order used (checked in): nothing is refunded"));
    }

    @Test
    void theFeeRoundsDown_inTheGuestsFavour() {
        RefundQuote q = POLICY.quote(OrderTradeState.PAID, CHECK_IN, 10_001, 0, shanghai("2031-03-15T10:00:00"));
        assertThat(q.refundable()).isEqualTo(5_001);
        assertThat(q.fee()).isEqualTo(5_000);
        CancellationPolicy third = new CancellationPolicy(List.of(new CancellationPolicy.Rule(0, 33)));
        RefundQuote t = third.quote(OrderTradeState.PAID, CHECK_IN, 100, 0, shanghai("2031-03-20T10:00:00"));
        assertThat(t).isEqualTo(new RefundQuote(33, 67, "33% until check-in day"));
        RefundQuote one = third.quote(OrderTradeState.PAID, CHECK_IN, 1, 0, shanghai("2031-03-20T10:00:00"));
        assertThat(one).as("a fen never becomes a fee by rounding").isEqualTo(new RefundQuote(1, 0, "33% until check-in day"));
    }

    @Test
    void whatWasRefundedAlready_isNotRefundedAgain_thePercentAppliesToWhatIsLeft() {
        RefundQuote half = POLICY.quote(OrderTradeState.PAID, CHECK_IN, 10_000, 2_000, shanghai("2031-03-15T10:00:00"));
        assertThat(half).isEqualTo(new RefundQuote(4_000, 4_000, "50% until the day before check-in"));
        RefundQuote none = POLICY.quote(OrderTradeState.PAID, CHECK_IN, 10_000, 10_000, shanghai("2031-03-01T10:00:00"));
        assertThat(none).isEqualTo(new RefundQuote(0, 0, "nothing left: 10000 fen refunded already"));
        assertThat(POLICY.quote(OrderTradeState.PAID, CHECK_IN, 0, 0, shanghai("2031-03-01T10:00:00")))
                .isEqualTo(new RefundQuote(0, 0, "nothing was paid"));
    }

    @Test
    void rulesMayComeInAnyOrder_andSayWhatIsLeftUncovered() {
        CancellationPolicy p = new CancellationPolicy(List.of(new CancellationPolicy.Rule(3, 40),
                new CancellationPolicy.Rule(30, 100), new CancellationPolicy.Rule(14, 80)));
        assertThat(p.rules()).extracting(CancellationPolicy.Rule::daysBefore).containsExactly(30, 14, 3);
        assertThat(p.quote(OrderTradeState.PAID, CHECK_IN, 1_000, 0, shanghai("2031-03-06T10:00:00")))
                .isEqualTo(new RefundQuote(800, 200, "80% until 14 days before check-in"));
        assertThat(p.quote(OrderTradeState.PAID, CHECK_IN, 1_000, 0, shanghai("2031-03-18T10:00:00")))
                .isEqualTo(new RefundQuote(0, 1_000, "nothing from 2 days before check-in on"));
        assertThat(new CancellationPolicy(List.of()).quote(OrderTradeState.PAID, CHECK_IN, 1_000, 0, shanghai("2030-03-18T10:00:00")))
                .isEqualTo(new RefundQuote(0, 1_000, "no refund: the cancellation policy has no rule"));
        CancellationPolicy onTheDay = new CancellationPolicy(List.of(new CancellationPolicy.Rule(0, 20)));
        assertThat(onTheDay.quote(OrderTradeState.PAID, CHECK_IN, 1_000, 0, shanghai("2031-03-21T00:00:00")).rule())
                .isEqualTo("nothing from the day after check-in on");
    }

    @Test
    void aScheduleThatCannotBeMeant_isRefused() {
        assertThatThrownBy(() -> new CancellationPolicy(List.of(new CancellationPolicy.Rule(7, 50), new CancellationPolicy.Rule(1, 100))))
                .hasMessage("Rules: RefundPercent 100 at DaysBefore 1 (expected at most 50, the percent of the earlier rule)");
        assertThatThrownBy(() -> new CancellationPolicy(List.of(new CancellationPolicy.Rule(7, 50), new CancellationPolicy.Rule(7, 40))))
                .hasMessage("Rules: DaysBefore 7 twice (expected one rule per day)");
        assertThatThrownBy(() -> new CancellationPolicy.Rule(-1, 50)).hasMessage("DaysBefore: -1 (expected 0..3650)");
        assertThatThrownBy(() -> new CancellationPolicy.Rule(1, 101)).hasMessage("RefundPercent: 101 (expected 0..100)");
        assertThatThrownBy(() -> new CancellationPolicy(null)).hasMessageStartingWith("Rules: missing");
    }

    /** The shape payment-rpc's config takes. */
    record Conf(CancellationPolicy cancellationPolicy) {
    }

    @Test
    void readFromYaml_asPaymentRpcsConfigWritesIt(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("c.yaml"), """
                CancellationPolicy:
                  Rules:
                    - {DaysBefore: 1, RefundPercent: 50}
                    - {DaysBefore: 7, RefundPercent: 100}
                """);
        assertThat(ConfLoader.load(file, Conf.class, Map.of()).cancellationPolicy()).isEqualTo(CancellationPolicy.DEFAULT);
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "CancellationPolicy: {Rules: [{DaysBefore: 7, RefundPercent: 150}]}\n");
        assertThatThrownBy(() -> ConfLoader.load(bad, Conf.class, Map.of())).isInstanceOf(ConfException.class)
                .hasMessageContaining("RefundPercent: 150 (expected 0..100)");
    }
}
