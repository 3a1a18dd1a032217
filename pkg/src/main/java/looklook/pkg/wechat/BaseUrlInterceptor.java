package looklook.pkg.wechat;

import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * An OkHttp application interceptor sending the WeChat SDK's requests to another server: it
 * changes scheme, host and port only. Path and query must stay byte-identical because the SDK
 * signed {@code request.getUri()} before OkHttp ran; a network interceptor could not change the host.
 */
public final class BaseUrlInterceptor implements Interceptor {
    private final HttpUrl base;

    /** {@code baseUrl} is {@code scheme://host[:port]}; any path in it is ignored. */
    public BaseUrlInterceptor(String baseUrl) {
        HttpUrl parsed = HttpUrl.parse(baseUrl);
        if (parsed == null) {
            throw new IllegalArgumentException("BaseUrl: " + baseUrl + " (expected http(s)://host[:port])");
        }
        this.base = parsed;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        return chain.proceed(request.newBuilder().url(rewrite(request.url())).build());
    }

    /** {@code url} with this base's scheme, host and port. */
    public HttpUrl rewrite(HttpUrl url) {
        return url.newBuilder().scheme(base.scheme()).host(base.host()).port(base.port()).build();
    }
}
