package looklook.sandbox.notify;

import java.util.Map;
import java.util.OptionalLong;

/**
 * How one provider's notifies travel: the headers of an attempt, what answer counts as taken, and
 * the wait before each retry. WeChat's is the default ({@link NotifyMessage#wire()} null);
 * Alipay's posts a signed form and wants the body {@code success}.
 */
public interface NotifyWire {
    /** The headers of one attempt (a probe's signature never verifies, where the provider signs headers). */
    Map<String, String> headers(String body, boolean probe);

    /** True when the merchant's answer stops the retries. */
    boolean accepted(int status, String body);

    /** The wait in ms before retry {@code retry} (1-based), scaled; empty after the last. */
    OptionalLong retryWaitMs(int retry, double timeFactor);
}
