package looklook.pkg.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import looklook.pkg.errors.ErrorCode;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's answers to requests that never reach Javalin (headers too large, a malformed request
 * line, a bad URI): the looklook envelope with a fixed message per status instead of Jetty's HTML
 * page, which names the server and echoes the request.
 */
final class EnvelopeErrorHandler extends ErrorHandler {
    EnvelopeErrorHandler() {
        setShowStacks(false);
        setShowServlet(false);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(new HttpField(HttpHeader.CONTENT_TYPE, "application/json"));
        return ByteBuffer.wrap(body(status));
    }

    @Override
    protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request, HttpServletResponse response,
                                              int code, String message) throws IOException {
        baseRequest.setHandled(true);
        response.setContentType("application/json");
        response.getOutputStream().write(body(code));
    }

    /** The fixed message for a status Javalin or Jetty chose; never the request's own text. */
    static String message(int status) {
        return switch (status) {
            case 404 -> "no such route";
            case 405 -> "method not allowed";
            case 408 -> ErrorCode.REQUEST_TIMEOUT.message();
            case 413 -> ErrorCode.REQUEST_TOO_LARGE.message();
            case 414, 431 -> "request line or headers too large";
            default -> status >= 500 ? ErrorCode.SERVER_COMMON_ERROR.message() : "bad request";
        };
    }

    /** The error code for such a status. */
    static int code(int status) {
        return switch (status) {
            case 408 -> ErrorCode.REQUEST_TIMEOUT.code();
            case 413, 414, 431 -> ErrorCode.REQUEST_TOO_LARGE.code();
            default -> status >= 500 ? ErrorCode.SERVER_COMMON_ERROR.code() : ErrorCode.REQUEST_PARAM_ERROR.code();
        };
    }

    private static byte[] body(int status) {
        try {
            return RequestBinder.JSON.writeValueAsBytes(Envelope.error(code(status), message(status)));
        } catch (JsonProcessingException e) {
            return ("{\"code\":" + code(status) + "}").getBytes(StandardCharsets.UTF_8);
        }
    }
}
