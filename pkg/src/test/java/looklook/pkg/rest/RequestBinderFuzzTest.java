package looklook.pkg.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import looklook.pkg.conf.OptionalKey;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Fuzzes {@link RequestBinder#bind}: whatever bytes arrive, the answer is a bound record with its
 * required fields or a 100002 whose message names no Java type, never another exception. The seed
 * corpus ({@code fuzz/request-binder-seeds.jsonl}, real request bodies and a few nasty ones) runs as
 * is and, mutated, as most of the tries; tries per property come from junit-platform.properties.
 */
class RequestBinderFuzzTest {
    enum Kind { HOMESTAY, ROOM }

    record Inner(Long id) {
    }

    record Req(String mobile, Long nights, @OptionalKey String remark, @OptionalKey Integer count,
               @OptionalKey Boolean food, @OptionalKey Kind kind, @OptionalKey Inner inner,
               @OptionalKey List<Long> ids, @OptionalKey Map<String, String> tags) {
    }

    private static final List<byte[]> SEEDS = seeds();
    /** JSON fragments that tend to break parsers and binders, spliced into the seeds. */
    private static final List<String> TOKENS = List.of("null", "[]", "{}", "\"\"", "-1", "1e999", "-0", "0.0000001",
            "99999999999999999999999", "true", "\"\\u0000\"", "\"\\ud800\"", "{\"mobile\":", ",", ":", "\"", "\\", "}", "]",
            "NaN", "Infinity", "/*", "\u00ff", "\"nights\":", "[[[[[[[[[[[[[[[[");

    @Example
    void seeds_bindOrAre100002() {
        SEEDS.forEach(RequestBinderFuzzTest::bindsOrRefuses);
    }

    @Property
    void anyBytes_bindOrAre100002(@ForAll @Size(max = 600) byte[] body) {
        bindsOrRefuses(body);
    }

    @Property
    void mutatedSeeds_bindOrAre100002(@ForAll("mutants") byte[] body) {
        bindsOrRefuses(body);
    }

    @Property(tries = 50)
    void deepNesting_isRefusedNotAStackOverflow(@ForAll("depths") int depth) {
        bindsOrRefuses(("{\"mobile\":\"1\",\"nights\":1,\"tags\":" + "[".repeat(depth) + "]".repeat(depth) + "}")
                .getBytes(StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<Integer> depths() {
        return Arbitraries.integers().between(100, 5_000);
    }

    @Provide
    Arbitrary<byte[]> mutants() {
        Arbitrary<byte[]> once = Combinators.combine(Arbitraries.of(SEEDS), Arbitraries.integers().between(0, 4),
                Arbitraries.integers().between(0, 1 << 16), Arbitraries.of(TOKENS), Arbitraries.bytes())
                .as(RequestBinderFuzzTest::mutate);
        // a second round of mutation on some: two faults at once reach other branches
        return Combinators.combine(once, Arbitraries.integers().between(0, 4), Arbitraries.integers().between(0, 1 << 16),
                Arbitraries.of(TOKENS), Arbitraries.bytes(), Arbitraries.of(true, false))
                .as((b, op, at, token, x, again) -> again ? mutate(b, op, at, token, x) : b);
    }

    private static byte[] mutate(byte[] seed, int op, int at, String token, byte x) {
        int pos = seed.length == 0 ? 0 : at % (seed.length + 1);
        byte[] t = token.getBytes(StandardCharsets.UTF_8);
        return switch (op) {
            case 0 -> splice(seed, pos, pos, new byte[] {x});                              // insert a byte
            case 1 -> splice(seed, pos, Math.min(seed.length, pos + 1), new byte[0]);      // delete a byte
            case 2 -> splice(seed, pos, Math.min(seed.length, pos + 1), new byte[] {x});   // replace a byte
            case 3 -> Arrays.copyOf(seed, pos);                                             // truncate
            default -> splice(seed, pos, Math.min(seed.length, pos + (at % 8)), t);         // splice a token in
        };
    }

    private static byte[] splice(byte[] b, int from, int to, byte[] in) {
        byte[] out = new byte[b.length - (to - from) + in.length];
        System.arraycopy(b, 0, out, 0, from);
        System.arraycopy(in, 0, out, from, in.length);
        System.arraycopy(b, to, out, from + in.length, b.length - to);
        return out;
    }

    private static void bindsOrRefuses(byte[] body) {
        Req r;
        try {
            r = RequestBinder.bind(body, Req.class);
        } catch (BizException e) {
            assertThat(e.code()).as(new String(body, StandardCharsets.UTF_8)).isEqualTo(ErrorCode.REQUEST_PARAM_ERROR.code());
            assertThat(e.userMessage()).doesNotContainPattern("java\\.|jackson|Req\\b|Inner\\b|Exception|\\$");
            return;
        }
        assertThat(r.mobile()).isNotNull();
        assertThat(r.nights()).isNotNull();
    }

    private static List<byte[]> seeds() {
        try (InputStream in = RequestBinderFuzzTest.class.getResourceAsStream("/fuzz/request-binder-seeds.jsonl")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(l -> l.getBytes(StandardCharsets.UTF_8)).toList();
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("the seed corpus fuzz/request-binder-seeds.jsonl is missing", e);
        }
    }
}
