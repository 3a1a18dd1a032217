package looklook.sandbox.wire;

/**
 * An answer that is a file, not JSON: sent as is, unsigned, as WeChat sends a downloaded bill
 * (its FAQ: the download carries no signature headers; the merchant checks the bill's hash).
 */
public record FileBody(byte[] bytes, String contentType) {
}
