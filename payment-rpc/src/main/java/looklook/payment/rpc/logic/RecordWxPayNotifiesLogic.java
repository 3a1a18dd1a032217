package looklook.payment.rpc.logic;

import java.util.ArrayList;
import java.util.List;
import looklook.payment.rpc.model.WxPayNotify;
import looklook.payment.rpc.model.WxPayNotifyModel;
import looklook.payment.rpc.svc.ServiceContext;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.proto.payment.RecordWxPayNotifiesReq;
import looklook.proto.payment.RecordWxPayNotifiesResp;
import org.jdbi.v3.core.JdbiException;

/**
 * Keeps a batch of raw WeChat Pay notifies for audit in one statement: payment-api gathers those that
 * arrive within a moment of each other, so a busy minute costs payment-rpc and the database one call
 * and one commit per batch instead of one per notify. Each entry is checked as {@link RecordWxPayNotifyLogic}
 * checks one, before anything is written.
 */
public final class RecordWxPayNotifiesLogic {
    /** The most entries one call may carry (payment-api sends at most this many). */
    static final int MAX_NOTIFIES = 100;
    private final ServiceContext svc;

    public RecordWxPayNotifiesLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public RecordWxPayNotifiesResp recordWxPayNotifies(RecordWxPayNotifiesReq in) {
        int n = in.getNotifiesCount();
        if (n < 1 || n > MAX_NOTIFIES) {
            throw BizException.badParam("notifies: " + n + " entries (expected 1.." + MAX_NOTIFIES + ")");
        }
        List<WxPayNotify> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            rows.add(RecordWxPayNotifyLogic.row(in.getNotifies(i), "notifies[" + i + "]."));
        }
        try {
            svc.jdbi().useExtension(WxPayNotifyModel.class, m -> {
                if (n == 1) {
                    // the statement the connection keeps prepared; a batch's multi-row rewrite is prepared and
                    // closed on each call (three messages to the server for a quiet minute's single notify)
                    m.insert(rows.get(0));
                } else {
                    m.insertAll(rows);
                }
            });
            return RecordWxPayNotifiesResp.newBuilder().setRecorded(n).build();
        } catch (JdbiException e) {
            throw new BizException(ErrorCode.DB_ERROR, "record " + n + " notifies: " + e.getMessage(), e);
        }
    }
}
