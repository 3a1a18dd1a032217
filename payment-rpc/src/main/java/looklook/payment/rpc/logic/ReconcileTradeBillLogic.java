package looklook.payment.rpc.logic;

import com.wechat.pay.java.core.exception.ServiceException;
import com.wechat.pay.java.core.exception.WechatPayException;
import com.wechat.pay.java.service.billdownload.DigestBillEntity;
import com.wechat.pay.java.service.billdownload.model.BillType;
import com.wechat.pay.java.service.billdownload.model.GetTradeBillRequest;
import com.wechat.pay.java.service.billdownload.model.TarType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import looklook.payment.rpc.model.BillModel;
import looklook.payment.rpc.model.ThirdPayment;
import looklook.payment.rpc.model.ThirdPaymentModel;
import looklook.payment.rpc.svc.ServiceContext;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.events.PayMode;
import looklook.pkg.wechat.TradeBill;
import looklook.pkg.wechat.WxTimes;
import looklook.proto.payment.ReconcileTradeBillReq;
import looklook.proto.payment.ReconcileTradeBillResp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily reconciliation against WeChat's trade bill: the file is downloaded and its hash checked,
 * every line is compared with our books ({@link BillLineCheck}, which repairs what can be repaired),
 * payments paid here that the bill does not list are noted, and every difference is recorded in
 * {@code bill_difference} with a log line, for the gauges and an operator.
 */
public final class ReconcileTradeBillLogic {
    private static final Logger log = LoggerFactory.getLogger(ReconcileTradeBillLogic.class);
    private final ServiceContext svc;

    public ReconcileTradeBillLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public ReconcileTradeBillResp reconcileTradeBill(ReconcileTradeBillReq in) {
        LocalDate date = billDate(in.getBillDate());
        if (!in.getForce() && svc.jdbi().withExtension(BillModel.class, m -> m.done(date))) {
            return ReconcileTradeBillResp.newBuilder().setSkipped(true).build();
        }
        Optional<List<TradeBill.Line>> bill = download(date);
        if (bill.isEmpty()) {
            // WeChat saw nothing that day: then neither may we
            int missing = missingAtWeChat(date, List.of());
            svc.jdbi().useExtension(BillModel.class, m -> m.saveRun(date, 0, 0, 0, missing));
            log.info("bill {}: WeChat had no payment or refund that day ({} paid here)", date, missing);
            return ReconcileTradeBillResp.newBuilder().setNoBill(true).setUnrepaired(missing).build();
        }
        List<TradeBill.Line> lines = bill.get();
        BillLineCheck check = new BillLineCheck(svc);
        int repaired = 0;
        int unrepaired = 0;
        int failed = 0;
        for (TradeBill.Line l : lines) {
            Optional<BillLineCheck.Found> f;
            try {
                f = check.check(l);
            } catch (RuntimeException e) {
                // one line our side cannot take now (the database, a race) must not stop the others; the day runs again
                log.warn("bill {}: line {} / {} not checked now: {}", date, l.outTradeNo(), l.outRefundNo(), e.toString());
                failed++;
                continue;
            }
            if (f.isPresent()) {
                record(date, f.get());
                repaired += f.get().kind().repairable() ? 1 : 0;
                unrepaired += f.get().kind().repairable() ? 0 : 1;
            }
        }
        if (failed > 0) {
            throw new BizException(ErrorCode.DB_ERROR, "bill " + date + ": " + failed + " line(s) could not be checked; "
                    + repaired + " repaired meanwhile; the day runs again");
        }
        int matched = lines.size() - repaired - unrepaired;
        unrepaired += missingAtWeChat(date, lines);
        int r = repaired;
        int u = unrepaired;
        svc.jdbi().useExtension(BillModel.class, m -> m.saveRun(date, lines.size(), matched, r, u));
        log.info("bill {}: {} line(s), {} matched, {} repaired, {} difference(s) left for a person", date, lines.size(),
                matched, repaired, unrepaired);
        return ReconcileTradeBillResp.newBuilder().setLines(lines.size()).setMatched(matched).setRepaired(repaired)
                .setUnrepaired(unrepaired).build();
    }

    /** WeChat payments paid here that day which the bill does not list as payments (Alipay's are in Alipay's bill). */
    private int missingAtWeChat(LocalDate date, List<TradeBill.Line> lines) {
        Set<String> billed = lines.stream().filter(l -> !l.refund()).map(TradeBill.Line::outTradeNo).collect(Collectors.toSet());
        long from = date.atStartOfDay(WxTimes.SHANGHAI).toEpochSecond();
        long to = date.plusDays(1).atStartOfDay(WxTimes.SHANGHAI).toEpochSecond();
        List<ThirdPayment> paid = svc.jdbi().withExtension(ThirdPaymentModel.class, m -> m.listPaidBetween(from, to));
        int missing = 0;
        for (ThirdPayment p : paid) {
            if (PayMode.WECHAT_PAY.code().equals(p.payMode()) && !billed.contains(p.sn())) {
                record(date, new BillLineCheck.Found(BillDifference.MISSING_AT_WECHAT, p.sn(), "paid here (transaction "
                        + p.transactionId() + ", " + p.payTotal() + " fen), not in WeChat's bill"));
                missing++;
            }
        }
        return missing;
    }

    private void record(LocalDate date, BillLineCheck.Found f) {
        String detail = f.detail().length() > 255 ? f.detail().substring(0, 255) : f.detail();
        int recorded = svc.jdbi().withExtension(BillModel.class,
                m -> m.difference(date, f.kind().name(), f.ref(), detail, f.kind().repairable()));
        if (f.kind().repairable()) {
            log.warn("bill {}: {} {}: {}", date, f.kind(), f.ref(), detail);
        } else {
            log.error("bill {}: {} {} needs a person: {}", date, f.kind(), f.ref(), detail);
        }
        if (recorded == 1) { // a forced re-run finds the same differences again: count each once
            svc.metrics().counter("bill.differences", "kind", f.kind().name()).increment();
        }
    }

    /** The bill's lines; empty when WeChat had nothing that day. */
    private Optional<List<TradeBill.Line>> download(LocalDate date) {
        GetTradeBillRequest req = new GetTradeBillRequest();
        req.setBillDate(date.toString());
        req.setBillType(BillType.ALL);
        req.setTarType(TarType.GZIP);
        try {
            DigestBillEntity file = svc.wxPay().bills().getTradeBill(req);
            // the hash is over the whole file: read it all, check it, and only then parse
            byte[] bytes;
            try (InputStream in = file.getInputStream()) {
                bytes = in.readAllBytes();
            }
            if (!file.verifyHash()) {
                throw new BizException(ErrorCode.WX_PAY_ERROR, "bill " + date + ": the file does not match WeChat's hash");
            }
            return Optional.of(TradeBill.parse(new ByteArrayInputStream(bytes)));
        } catch (ServiceException e) {
            if ("NO_STATEMENT_EXIST".equals(e.getErrorCode())) {
                return Optional.empty();
            }
            throw new BizException(ErrorCode.WX_PAY_ERROR, "bill " + date + ": " + e.getErrorCode() + " " + e.getErrorMessage(), e);
        } catch (WechatPayException | IllegalArgumentException e) {
            // an answer that does not verify (or a timeout): nothing is believed, nothing saved; the day runs again
            throw new BizException(ErrorCode.WX_PAY_ERROR, "bill " + date + ": no believable answer: " + e, e);
        } catch (IOException e) {
            throw new BizException(ErrorCode.WX_PAY_ERROR, "bill " + date + ": download broke off: " + e.getMessage(), e);
        }
    }

    private static LocalDate billDate(String s) {
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            throw BizException.badParam("billDate: " + Validate.quote(s) + " (expected YYYY-MM-DD)");
        }
    }
}
