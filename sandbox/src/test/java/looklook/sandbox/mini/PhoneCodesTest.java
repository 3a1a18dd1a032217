package looklook.sandbox.mini;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** getPhoneNumber codes: once, 5 minutes, 40029 otherwise. */
class PhoneCodesTest {
    private static final Instant T0 = Instant.parse("2026-12-01T02:00:00Z");
    private final PhoneCodes codes = new PhoneCodes();

    @Test
    void exchange_givesThePhoneOnce() {
        String code = codes.mint(new PhoneCodes.Phone("13800138000", "wxA", T0));
        PhoneCodes.Exchange x = codes.exchange(code, T0.plusSeconds(1));
        assertThat(x.errcode()).isZero();
        assertThat(x.phone()).isEqualTo(new PhoneCodes.Phone("13800138000", "wxA", T0));
        assertThat(codes.exchange(code, T0.plusSeconds(2)).errcode()).isEqualTo(40029);
    }

    @Test
    void exchange_afterFiveMinutesIs40029() {
        String late = codes.mint(new PhoneCodes.Phone("13800138000", "wxA", T0));
        String inTime = codes.mint(new PhoneCodes.Phone("13800138001", "wxA", T0));
        assertThat(codes.exchange(inTime, T0.plus(PhoneCodes.TTL).minusMillis(1)).errcode()).isZero();
        assertThat(codes.exchange(late, T0.plus(PhoneCodes.TTL)).errcode()).isEqualTo(40029);
    }

    @Test
    void exchange_unknownOrAbsentIs40029() {
        assertThat(codes.exchange("nope", T0).errcode()).isEqualTo(40029);
        assertThat(codes.exchange(null, T0).errcode()).isEqualTo(40029);
    }

    @Test
    void mint_forgetsExpiredCodes_butKeepsLiveOnes() {
        String old = codes.mint(new PhoneCodes.Phone("13800138000", "wxA", T0));
        String live = codes.mint(new PhoneCodes.Phone("13800138001", "wxA", T0.plusSeconds(200)));
        codes.mint(new PhoneCodes.Phone("13800138002", "wxA", T0.plus(PhoneCodes.TTL))); // prunes the first
        assertThat(codes.exchange(old, T0).errcode()).isEqualTo(40029);
        assertThat(codes.exchange(live, T0.plusSeconds(201)).errcode()).isZero();
    }
}
