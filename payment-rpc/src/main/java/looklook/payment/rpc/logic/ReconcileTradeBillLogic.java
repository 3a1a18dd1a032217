package looklook.payment.rpc.logic;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import looklook.payment.rpc.channel.BillLine;
import looklook.payment.rpc.channel.PayChannel;
import looklook.payment.rpc.model.BillModel;
import looklook.payment.rpc.model.ThirdPayment;
import looklook.payment.rpc.model.ThirdPaymentModel;
import looklook.payment.rpc.svc.ServiceContext;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.wechat.WxTimes;
import looklook.proto.payment.ReconcileTradeBillReq;
import looklook.proto.payment.ReconcileTradeBillResp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily reconciliation against every configured channel's trade bill (WeChat's, and Alipay's when
 * configured), each run and recorded on its own: the channel downloads and believes its bill
 * ({@link PayChannel#tradeBill}), every line is compared with our books ({@link BillLineCheck}, which
 * repairs what can be repaired), the channel's payments paid here that the bill does not list are
 * noted, and every difference is recorded in {@code bill_difference} with a log line. The answer sums
 * the channels; a channel that failed fails the call after the others ran, and its day runs again.
 */
public final class ReconcileTradeBillLogic {
    private static final Logger log = LoggerFactory.getLogger(ReconcileTradeBillLogic.class);
    private final ServiceContext svc;

    /** One channel's outcome for the day. */
    private record Run(boolean skipped, boolean nothing, int lines, int matched, int repaired, int unrepaired) {
    }

    public ReconcileTradeBillLogic(ServiceContext svc) {
        this.svc = svc;
    }

    public ReconcileTradeBillResp reconcileTradeBill(ReconcileTradeBillReq in) {
        LocalDate date = billDate(in.getBillDate());
        List<Run> runs = new ArrayList<>();
        RuntimeException failure = null;
        for (PayChannel c : svc.channels().all()) {
            try {
                runs.add(reconcile(c, date, in.getForce()));
            } catch (RuntimeException e) {
                log.warn("bill {} of {}: not done, runs again: {}", date, c.mode().code(), e.toString());
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        List<Run> ran = runs.stream().filter(r -> !r.skipped()).toList();
        return ReconcileTradeBillResp.newBuilder().setSkipped(ran.isEmpty())
                .setNoBill(!ran.isEmpty() && ran.stream().allMatch(Run::nothing))
                .setLines(ran.stream().mapToInt(Run::lines).sum()).setMatched(ran.stream().mapToInt(Run::matched).sum())
                .setRepaired(ran.stream().mapToInt(Run::repaired).sum())
                .setUnrepaired(ran.stream().mapToInt(Run::unrepaired).sum()).build();
    }

    private Run reconcile(PayChannel channel, LocalDate date, boolean force) {
        String name = channel.mode().code();
        if (!force && svc.jdbi().withExtension(BillModel.class, m -> m.done(date, name))) {
            return new Run(true, false, 0, 0, 0, 0);
        }
        Optional<List<BillLine>> bill = channel.tradeBill(date);
        List<BillLine> lines = bill.orElse(List.of());
        BillLineCheck check = new BillLineCheck(svc, channel);
        int repaired = 0;
        int unrepaired = 0;
        int failed = 0;
        for (BillLine l : lines) {
            Optional<BillLineCheck.Found> f;
            try {
                f = check.check(l);
            } catch (RuntimeException e) {
                // one line our side cannot take now (the database, a race) must not stop the others; the day runs again
                log.warn("bill {} of {}: line {} / {} not checked now: {}", date, name, l.outTradeNo(), l.outRefundNo(), e.toString());
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
            throw new BizException(ErrorCode.DB_ERROR, "bill " + date + " of " + name + ": " + failed
                    + " line(s) could not be checked; " + repaired + " repaired meanwhile; the day runs again");
        }
        int matched = lines.size() - repaired - unrepaired;
        unrepaired += missingAtProvider(channel, date, lines);
        int r = repaired;
        int u = unrepaired;
        svc.jdbi().useExtension(BillModel.class, m -> m.saveRun(date, name, lines.size(), matched, r, u));
        log.info("bill {} of {}: {} line(s){}, {} matched, {} repaired, {} difference(s) left for a person", date, name,
                lines.size(), bill.isEmpty() ? " (no bill: nothing that day)" : "", matched, repaired, unrepaired);
        return new Run(false, lines.isEmpty(), lines.size(), matched, repaired, unrepaired);
    }

    /** The channel's payments paid here that day which its bill does not list as payments. */
    private int missingAtProvider(PayChannel channel, LocalDate date, List<BillLine> lines) {
        Set<String> billed = lines.stream().filter(l -> !l.refund()).map(BillLine::outTradeNo).collect(Collectors.toSet());
        long from = date.atStartOfDay(WxTimes.SHANGHAI).toEpochSecond();
        long to = date.plusDays(1).atStartOfDay(WxTimes.SHANGHAI).toEpochSecond();
        List<ThirdPayment> paid = svc.jdbi().withExtension(ThirdPaymentModel.class, m -> m.listPaidBetween(from, to));
        int missing = 0;
        for (ThirdPayment p : paid) {
            if (channel.mode().code().equals(p.payMode()) && !billed.contains(p.sn())) {
                record(date, new BillLineCheck.Found(BillDifference.missingAt(channel.mode()), p.sn(), "paid here (transaction "
                        + p.transactionId() + ", " + p.payTotal() + " fen), not in " + channel.mode().code() + "'s bill"));
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

    private static LocalDate billDate(String s) {
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            throw BizException.badParam("billDate: " + Validate.quote(s) + " (expected YYYY-MM-DD)");
        }
    }
}
