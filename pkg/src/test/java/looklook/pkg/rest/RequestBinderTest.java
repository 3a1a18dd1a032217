package looklook.pkg.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import looklook.pkg.conf.OptionalKey;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import org.junit.jupiter.api.Test;

class RequestBinderTest {
    record Req(String mobile, Long nights, @OptionalKey String remark) {
    }

    private static Req bind(String json) {
        return RequestBinder.bind(json.getBytes(StandardCharsets.UTF_8), Req.class);
    }

    private static void assertBadParam(String json, String messagePart) {
        assertThatThrownBy(() -> bind(json))
                .isInstanceOfSatisfying(BizException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.REQUEST_PARAM_ERROR.code());
                    assertThat(e.userMessage()).contains(messagePart);
                });
    }

    @Test
    void bind_readsFieldsAndIgnoresUnknownOnes() {
        Req r = bind("{\"mobile\":\"13800000000\",\"nights\":2,\"extra\":true}");
        assertThat(r).isEqualTo(new Req("13800000000", 2L, null));
    }

    @Test
    void bind_missingRequiredFieldIsNamed() {
        assertBadParam("{\"mobile\":\"1\"}", "missing required field nights");
    }

    @Test
    void bind_nullRequiredFieldIsNamed() {
        assertBadParam("{\"mobile\":null,\"nights\":1}", "missing required field mobile");
    }

    @Test
    void bind_stringForNumberIsRefused() {
        assertBadParam("{\"mobile\":\"1\",\"nights\":\"2\"}", "field nights");
    }

    @Test
    void bind_fractionForIntegerIsRefused() {
        assertBadParam("{\"mobile\":\"1\",\"nights\":1.5}", "field nights");
    }

    @Test
    void bind_numberBeyondLongIsRefused() {
        assertBadParam("{\"mobile\":\"1\",\"nights\":99999999999999999999999}", "nights");
    }

    @Test
    void bind_numberForStringIsRefused() {
        assertBadParam("{\"mobile\":13800000000,\"nights\":1}", "field mobile");
    }

    @Test
    void bind_malformedJsonIsRefused() {
        assertBadParam("{\"mobile\":\"1\",", "not valid JSON");
        assertBadParam("{\"mobile\":\"1\",\"nights\":1} trailing", "not valid JSON");
    }

    @Test
    void bind_nonObjectBodyIsRefused() {
        assertBadParam("[1,2]", "expected a JSON object");
        assertBadParam("null", "expected a JSON object");
    }

    @Test
    void bind_emptyBodyCountsAsEmptyObject() {
        assertBadParam("", "missing required field mobile");
    }
}
