package looklook.sandbox.faults;

/** What a notify fault does to the notifies it catches. */
public enum NotifyMode {
    /** Never sent at all, as if WeChat lost it. */
    DROP,
    /** The first attempt waits {@code delay_ms} longer. */
    DELAY,
    /** Sent {@code copies} times, each copy retried on its own. */
    DUPLICATE,
    /** The next {@code count} notifies are held and then sent newest first. */
    REORDER
}
