package looklook.pkg.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import looklook.pkg.conf.OptionalKey;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestBinderTest {
    enum Kind { HOMESTAY, ROOM }

    record Inner(Long id) {
    }

    record Req(String mobile, Long nights, @OptionalKey String remark, @OptionalKey Integer count,
               @OptionalKey Boolean food, @OptionalKey Double ratio, @OptionalKey Kind kind, @OptionalKey Inner inner,
               @OptionalKey List<Long> ids, @OptionalKey Map<String, String> tags) {
    }

    private static Req bind(String json) {
        return RequestBinder.bind(json.getBytes(StandardCharsets.UTF_8), Req.class);
    }

    @Test
    void bind_readsFieldsAndIgnoresUnknownOnes() {
        Req r = bind("{\"mobile\":\"13800000000\",\"nights\":2,\"extra\":true}");
        assertThat(r).isEqualTo(new Req("13800000000", 2L, null, null, null, null, null, null, null, null));
    }

    /** Each bad body, and the whole message it must produce: the field and the JSON shape expected, no Java names. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            {"mobile":"1"}                                  | missing required field nights
            {"mobile":null,"nights":1}                      | missing required field mobile
            ``                                              | missing required field mobile
            {"mobile":"1","nights":"2"}                     | field nights (expected an integer (64-bit))
            {"mobile":"1","nights":1.5}                     | field nights: 1.5 (expected an integer (64-bit))
            {"mobile":"1","nights":true}                    | field nights (expected an integer (64-bit))
            {"mobile":"1","nights":1,"count":"x"}           | field count (expected an integer (32-bit))
            {"mobile":"1","nights":1,"count":3000000000}    | field count: out of range (expected an integer (32-bit))
            {"mobile":13800000000,"nights":1}               | field mobile: 13800000000 (expected a string)
            {"mobile":{},"nights":1}                        | field mobile (expected a string)
            {"mobile":"1","nights":1,"food":"yes"}          | field food (expected true or false)
            {"mobile":"1","nights":1,"ratio":"x"}           | field ratio (expected a number)
            {"mobile":"1","nights":1,"kind":"HOUSE"}        | field kind: HOUSE (expected one of [HOMESTAY, ROOM])
            {"mobile":"1","nights":1,"inner":5}             | field inner (expected an object)
            {"mobile":"1","nights":1,"inner":{"id":"a"}}    | field inner.id (expected an integer (64-bit))
            {"mobile":"1","nights":1,"ids":{}}              | field ids (expected an array)
            {"mobile":"1","nights":1,"ids":[1,"b"]}         | field ids[1] (expected an integer (64-bit))
            {"mobile":"1","nights":1,"tags":[]}             | field tags (expected an object)
            [1,2]                                           | request body: expected a JSON object
            null                                            | request body: expected a JSON object
            "text"                                          | request body: expected a JSON object
            {"mobile":"1",                                  | request body is not valid JSON (at offset 14)
            {"mobile":"1","nights":1} trailing              | request body is not valid JSON (at offset 34)
            {not json                                       | request body is not valid JSON (at offset 1)
            """)
    void bind_refusesWithAMessageNamingFieldAndExpectedShape(String json, String message) {
        assertThatThrownBy(() -> bind(json == null ? "" : json))
                .isInstanceOfSatisfying(BizException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.REQUEST_PARAM_ERROR.code());
                    assertThat(e.userMessage()).isEqualTo(message);
                });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"mobile":"1","nights":99999999999999999999999}
            {"mobile":"1","nights":1e400}
            {"mobile":"1","nights":-99999999999999999999999}
            {"mobile":"1","nights":1,"count":-2147483649}
            """)
    void bind_overflowingNumbersAreRefusedWithoutJavaNames(String json) {
        assertThatThrownBy(() -> bind(json))
                .isInstanceOfSatisfying(BizException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.REQUEST_PARAM_ERROR.code());
                    assertThat(e.userMessage()).doesNotContainPattern("(?i)java|long|int\\b|double|Req|Exception|\\$");
                });
    }

    @Test
    void bind_controlCharactersInAnEchoedValueAreMasked() {
        assertThatThrownBy(() -> bind("{\"mobile\":\"1\",\"nights\":1,\"kind\":\"a\\u0000\\u001b[31m\"}"))
                .isInstanceOfSatisfying(BizException.class, e ->
                        assertThat(e.userMessage()).isEqualTo("field kind: a??[31m (expected one of [HOMESTAY, ROOM])"));
    }

    @Test
    void bind_aLongEchoedValueIsCut() {
        assertThatThrownBy(() -> bind("{\"mobile\":\"1\",\"nights\":1,\"kind\":\"" + "9".repeat(500) + "x\"}"))
                .isInstanceOfSatisfying(BizException.class, e ->
                        assertThat(e.userMessage()).hasSizeLessThan(100).contains("..."));
    }

    @ParameterizedTest
    @CsvSource({"java.lang.Object", "java.time.Duration", "java.util.UUID"})
    void describe_neverNamesAJavaClass(String className) throws ClassNotFoundException {
        assertThat(RequestBinder.describe(Class.forName(className))).isEqualTo("another type");
    }
}
