package looklook.pkg.conf;

import java.util.List;

/** go-zero's discov.EtcdConf: the etcd cluster and the key a service registers under. */
public record EtcdConf(List<String> hosts, String key) {
    public EtcdConf {
        if (hosts != null && hosts.isEmpty()) {
            throw new IllegalArgumentException("Etcd.Hosts: empty list (expected at least one host:port)");
        }
        hosts = hosts == null ? null : List.copyOf(hosts);
    }
}
