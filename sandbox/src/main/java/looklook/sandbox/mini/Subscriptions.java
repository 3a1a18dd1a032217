package looklook.sandbox.mini;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * One-time subscriptions: each acceptance of a template in {@code wx.requestSubscribeMessage} lets
 * the app send that user one message of that template, at any later time; acceptances add up, and
 * a sent message spends one ("订阅1次可下发1次", WeChat's subscribe-message overview).
 */
public final class Subscriptions {
    private record Key(String openid, String templateId) {
    }

    private final Map<Key, Integer> remaining = new HashMap<>();

    /** The user accepted each of {@code templateIds} once more. */
    public synchronized void accept(String openid, Collection<String> templateIds) {
        for (String id : templateIds) {
            remaining.merge(new Key(openid, id), 1, Integer::sum);
        }
    }

    /** Spends one acceptance of {@code templateId} by {@code openid}; false when none is left. */
    public synchronized boolean spend(String openid, String templateId) {
        Key k = new Key(openid, templateId);
        Integer n = remaining.get(k);
        if (n == null) {
            return false;
        }
        if (n == 1) {
            remaining.remove(k);
        } else {
            remaining.put(k, n - 1);
        }
        return true;
    }

    /** Acceptances of {@code templateId} by {@code openid} not yet spent. */
    public synchronized int remaining(String openid, String templateId) {
        return remaining.getOrDefault(new Key(openid, templateId), 0);
    }
}
