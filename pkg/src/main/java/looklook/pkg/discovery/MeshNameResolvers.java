package looklook.pkg.discovery;

import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import io.grpc.NameResolverRegistry;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The two target schemes of go-zero's zrpc: {@code etcd://h1:2379,h2:2379/<key>} (discovery) and
 * {@code direct:///h1:2004,h2:2004} (fixed endpoints).
 */
public final class MeshNameResolvers {
    private static boolean installed;

    private MeshNameResolvers() {
    }

    /** Registers both schemes in gRPC's default registry, once per JVM. */
    public static synchronized void install() {
        if (!installed) {
            NameResolverRegistry.getDefaultRegistry().register(new Provider("etcd", MeshNameResolvers::etcd));
            NameResolverRegistry.getDefaultRegistry().register(new Provider("direct", MeshNameResolvers::direct));
            installed = true;
        }
    }

    /** The channel target for a service registered under {@code key} in the etcd cluster {@code hosts}. */
    public static String etcdTarget(List<String> hosts, String key) {
        return "etcd://" + String.join(",", hosts) + "/" + key;
    }

    /** The channel target for fixed endpoints. */
    public static String directTarget(List<String> endpoints) {
        return "direct:///" + String.join(",", endpoints);
    }

    private static NameResolver etcd(URI target, NameResolver.Args args) {
        List<String> hosts = Arrays.asList(target.getAuthority().split(","));
        return new EtcdNameResolver(EtcdClients.get(hosts), target.getPath().substring(1), args);
    }

    private static NameResolver direct(URI target, NameResolver.Args args) {
        List<EquivalentAddressGroup> groups = Arrays.stream(target.getPath().substring(1).split(","))
                .map(hp -> new EquivalentAddressGroup(HostPorts.parse(hp)))
                .toList();
        return new NameResolver() {
            @Override
            public String getServiceAuthority() {
                return "direct";
            }

            @Override
            public void start(Listener2 listener) {
                listener.onResult(ResolutionResult.newBuilder().setAddresses(groups).build());
            }

            @Override
            public void shutdown() {
                // nothing is watched
            }
        };
    }

    private static final class Provider extends NameResolverProvider {
        private final String scheme;
        private final BiFunction<URI, NameResolver.Args, NameResolver> factory;

        Provider(String scheme, BiFunction<URI, NameResolver.Args, NameResolver> factory) {
            this.scheme = scheme;
            this.factory = factory;
        }

        @Override
        public NameResolver newNameResolver(URI target, NameResolver.Args args) {
            return scheme.equals(target.getScheme()) ? factory.apply(target, args) : null;
        }

        @Override
        public String getDefaultScheme() {
            return scheme;
        }

        @Override
        protected boolean isAvailable() {
            return true;
        }

        @Override
        protected int priority() {
            return 5;
        }

        @Override
        public Collection<Class<? extends SocketAddress>> getProducedSocketAddressTypes() {
            return List.of(InetSocketAddress.class);
        }
    }
}
