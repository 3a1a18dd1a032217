package looklook.pkg.conf;

import java.util.List;

/**
 * go-zero's discov.EtcdConf: the etcd cluster, the key a service registers under, and the account
 * ({@code User}/{@code Pass}) when the cluster has auth enabled. An empty User means no auth.
 */
public record EtcdConf(List<String> hosts, String key, @OptionalKey String user, @OptionalKey String pass) {
    public EtcdConf {
        if (hosts != null && hosts.isEmpty()) {
            throw new IllegalArgumentException("Etcd.Hosts: empty list (expected at least one host:port)");
        }
        hosts = hosts == null ? null : List.copyOf(hosts);
        user = user == null ? "" : user.trim();
        pass = pass == null ? "" : pass;
        if (!user.isEmpty() && pass.isEmpty()) {
            throw new IllegalArgumentException("Etcd.Pass: empty (expected the password of User " + user + ")");
        }
    }

    /** Without an account: the cluster's account registered for {@code hosts}, if any, is used. */
    public EtcdConf(List<String> hosts, String key) {
        this(hosts, key, null, null);
    }

    /** True when this config names an account. */
    public boolean hasAccount() {
        return !user.isEmpty();
    }

    @Override
    public String toString() {
        return "EtcdConf[hosts=" + hosts + ", key=" + key + ", user=" + user + ", pass=" + (pass.isEmpty() ? "" : "***") + "]";
    }
}
