package looklook.sandbox.alipay;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import looklook.sandbox.WxError;
import looklook.sandbox.bill.BillSchedule;
import looklook.sandbox.crypto.Nonces;

/**
 * {@code alipay.data.dataservice.bill.downloadurl.query} for {@code bill_type=trade}: a
 * {@code bill_download_url} on the sandbox, valid 30 seconds (Alipay's doc), serving the day's
 * trade bill as a zip of CSV ({@link AlipayBillZip}). A day's bill is ready as WeChat's is
 * ({@code BillsReadyAt}, shared): before that, or for a day in the future or older than the
 * kept months, {@code isp.bill_not_exist}.
 */
public final class AlipayBills {
    private static final Duration URL_LIFE = Duration.ofSeconds(30);
    private static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("yyyyMMdd");

    private record Issued(LocalDate day, Instant until) {
    }

    private final AlipayBook book;
    private final BillSchedule schedule;
    private final String sellerId;
    private final Supplier<String> baseUrl;
    private final Map<String, Issued> tokens = new ConcurrentHashMap<>();

    public AlipayBills(AlipayBook book, BillSchedule schedule, String sellerId, Supplier<String> baseUrl) {
        this.book = book;
        this.schedule = schedule;
        this.sellerId = sellerId;
        this.baseUrl = baseUrl;
    }

    /** Registers the download route (Alipay's path, on the sandbox's port). */
    public void register(Javalin app) {
        app.get("/downloadBillFile.resource", this::download);
    }

    Map<String, Object> downloadUrl(String billType, String billDate, Instant now) {
        if (!"trade".equals(billType)) {
            throw AlipayError.invalid("isv.invalid-arguments", "bill_type: " + billType + " (the sandbox serves trade)");
        }
        LocalDate day;
        try {
            day = LocalDate.parse(String.valueOf(billDate));
        } catch (DateTimeParseException e) {
            throw AlipayError.invalid("isv.invalid-arguments", "bill_date: " + billDate + " (expected yyyy-MM-dd)");
        }
        try {
            schedule.check(day, now);
        } catch (WxError e) {
            throw AlipayError.business("isp.bill_not_exist", "账单不存在: " + e.getMessage());
        }
        String token = Nonces.alnum(32);
        tokens.put(token, new Issued(day, now.plus(URL_LIFE)));
        String name = sellerId + "_" + COMPACT.format(day) + ".csv.zip";
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("bill_download_url", baseUrl.get() + "/downloadBillFile.resource?bizType=trade&userId=" + sellerId
                + "&fileType=csv.zip&bizDates=" + COMPACT.format(day) + "&downloadFileName=" + name
                + "&timestamp=" + now.toEpochMilli() + "&token=" + token);
        return out;
    }

    private void download(Context ctx) {
        Issued issued = tokens.get(String.valueOf(ctx.queryParam("token")));
        if (issued == null || Instant.now().isAfter(issued.until())) {
            ctx.status(404).contentType("text/plain; charset=utf-8").result("bill link unknown or expired (links live 30 s)");
            return;
        }
        byte[] zip = AlipayBillZip.build(sellerId, issued.day(), book.paidOn(issued.day()), book.refundedOn(issued.day()),
                book::view);
        ctx.header("Content-Disposition", "attachment; filename=" + sellerId + "_" + COMPACT.format(issued.day()) + ".csv.zip");
        ctx.contentType("application/zip").result(zip);
    }
}
