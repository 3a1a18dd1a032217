package looklook.pkg.ops;

/** One dependency the process needs to do its work; {@link #check()} throws when it does not answer. */
@FunctionalInterface
public interface HealthCheck {
    void check() throws Exception;
}
