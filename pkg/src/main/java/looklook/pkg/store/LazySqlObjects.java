package looklook.pkg.store;

import static java.util.Objects.requireNonNull;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.extension.ConfigCustomizerFactory;
import org.jdbi.v3.core.extension.ExtensionFactory;
import org.jdbi.v3.core.extension.ExtensionHandlerCustomizer;
import org.jdbi.v3.core.extension.ExtensionHandlerFactory;
import org.jdbi.v3.core.extension.ExtensionMetadata;
import org.jdbi.v3.core.extension.ExtensionMetadata.ExtensionHandlerInvoker;
import org.jdbi.v3.core.extension.Extensions;
import org.jdbi.v3.core.extension.HandleSupplier;

/**
 * Attaches the given SqlObject types as Jdbi's SqlObject support does, except that a method's invoker
 * is made when the method is first called on the attached object, not for every method at attach.
 *
 * <p>Why: Jdbi 3.49 attaches eagerly. For each method of the interface it copies the configuration and
 * "warms" the method (finds its row mapper and its argument binders), on every attach, and a logic
 * attaches a model per call to use one or two of its methods (ThirdPaymentModel has 14). Profiled under
 * the purchase load, that was 10-12% of each rpc process's CPU. Jdbi's generator ({@code jdbi3-generator})
 * would not help: its classes make the same invokers in their constructor. The statements, their
 * configuration, mappers and binders are Jdbi's own (the metadata comes from its SqlObject factory);
 * only when each method's invoker is made changes.
 *
 * <p>An attached object is confined to its handle's thread, as a handle is; the invokers are kept in a
 * concurrent map all the same, so that sharing one by mistake costs a duplicate invoker, not a corrupt map.
 */
final class LazySqlObjects implements ExtensionFactory {
    private final ExtensionFactory sqlObjects;
    private final Set<Class<?>> types;

    /**
     * @param sqlObjects Jdbi's SqlObject factory as registered (it supplies the handlers of each method)
     * @param types      the interfaces attached lazily; any other type is left to Jdbi's factories
     */
    LazySqlObjects(ExtensionFactory sqlObjects, Collection<Class<?>> types) {
        this.sqlObjects = requireNonNull(sqlObjects, "sqlObjects");
        this.types = Set.copyOf(types);
    }

    @Override
    public boolean accepts(Class<?> extensionType) {
        return types.contains(extensionType);
    }

    @Override
    public Set<FactoryFlag> getFactoryFlags() {
        // we make the proxy ourselves: Jdbi's would make every invoker up front
        return Set.of(FactoryFlag.DONT_USE_PROXY);
    }

    @Override
    public Collection<ExtensionHandlerFactory> getExtensionHandlerFactories(ConfigRegistry config) {
        return sqlObjects.getExtensionHandlerFactories(config);
    }

    @Override
    public Collection<ExtensionHandlerCustomizer> getExtensionHandlerCustomizers(ConfigRegistry config) {
        return sqlObjects.getExtensionHandlerCustomizers(config);
    }

    @Override
    public Collection<ConfigCustomizerFactory> getConfigCustomizerFactories(ConfigRegistry config) {
        return sqlObjects.getConfigCustomizerFactories(config);
    }

    @Override
    public void buildExtensionMetadata(ExtensionMetadata.Builder builder) {
        sqlObjects.buildExtensionMetadata(builder);
    }

    @Override
    public <E> E attach(Class<E> extensionType, HandleSupplier handleSupplier) {
        ConfigRegistry config = handleSupplier.getConfig();
        Extensions extensions = config.get(Extensions.class);
        extensions.onCreateProxy();
        ExtensionMetadata metadata = extensions.findMetadata(extensionType, this);
        ConfigRegistry instanceConfig = metadata.createInstanceConfiguration(config);
        Map<Method, ExtensionHandlerInvoker> invokers = new ConcurrentHashMap<>();
        return extensionType.cast(Proxy.newProxyInstance(extensionType.getClassLoader(), new Class<?>[] {extensionType}, (p, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return objectMethod(extensionType, p, method, args);
            }
            return invokers.computeIfAbsent(method,
                    m -> metadata.createExtensionHandlerInvoker(p, m, handleSupplier, instanceConfig)).invoke(args);
        }));
    }

    private static Object objectMethod(Class<?> type, Object proxy, Method method, Object[] args) {
        return switch (method.getName()) {
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            case "toString" -> "lazy Jdbi SqlObject " + type.getName() + "@" + Integer.toHexString(System.identityHashCode(proxy));
            default -> throw new UnsupportedOperationException(method.toString());
        };
    }
}
