package looklook.pkg.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

class BaseUrlInterceptorTest {
    @Test
    void rewrite_changesSchemeHostPortOnly_pathAndQueryStayByteIdentical() {
        HttpUrl in = HttpUrl.get("https://api.mch.weixin.qq.com/v3/pay/transactions/out-trade-no/PMT%7C1?mchid=1900000109&x=a%20b");
        HttpUrl out = new BaseUrlInterceptor("http://127.0.0.1:8090").rewrite(in);
        assertThat(out.scheme()).isEqualTo("http");
        assertThat(out.host()).isEqualTo("127.0.0.1");
        assertThat(out.port()).isEqualTo(8090);
        assertThat(out.encodedPath()).isEqualTo(in.encodedPath());
        assertThat(out.encodedQuery()).isEqualTo(in.encodedQuery());
    }

    @Test
    void rewrite_ignoresAPathInTheBaseUrl() {
        HttpUrl out = new BaseUrlInterceptor("http://sandbox:9000/ignored").rewrite(HttpUrl.get("https://api.mch.weixin.qq.com/v3/x"));
        assertThat(out.toString()).isEqualTo("http://sandbox:9000/v3/x");
    }

    @Test
    void badBaseUrl_isRefused() {
        assertThatThrownBy(() -> new BaseUrlInterceptor("127.0.0.1:8090")).hasMessageContaining("BaseUrl");
    }
}
