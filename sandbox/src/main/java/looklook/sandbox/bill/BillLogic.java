package looklook.sandbox.bill;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import looklook.sandbox.WxError;
import looklook.sandbox.ledger.Ledger;
import looklook.sandbox.ledger.Txn;
import looklook.sandbox.wire.FileBody;

/**
 * The trade bill: {@code GET /v3/bill/tradebill} builds day D's file from the ledger and answers
 * its SHA1 and a download_url on WeChat's own host (clients reach us by rewriting the host, as for
 * every call); {@code GET /v3/billdownload/file} hands the file over. The hash is over the file
 * as built, before gzip, which is what WeChat's doc says and what the SDK's DigestBillEntity checks
 * (it digests the stream after GZIPInputStream).
 */
public final class BillLogic {
    private static final String DOWNLOAD_URL = "https://api.mch.weixin.qq.com/v3/billdownload/file?token=";
    private static final ZoneOffset CHINA = ZoneOffset.ofHours(8);
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private final Ledger ledger;
    private final BillSchedule schedule;
    private final BillFiles files;

    public BillLogic(Ledger ledger, BillSchedule schedule, BillFiles files) {
        this.ledger = ledger;
        this.schedule = schedule;
        this.files = files;
    }

    /** {@code {"hash_type","hash_value","download_url"}} for the day's bill, or WeChat's refusal. */
    public Map<String, String> tradeBill(String mchid, String billDate, String billType, String tarType, Instant now) {
        LocalDate day = date(billDate);
        BillType type = BillType.parse(billType);
        if (tarType != null && !tarType.equals("GZIP")) {
            throw WxError.param("tar_type: " + tarType + " (expected GZIP, or leave it out for a plain file)");
        }
        schedule.check(day, now);
        List<BillLine> lines = lines(mchid, day);
        if (lines.isEmpty()) {
            throw new WxError(400, "NO_STATEMENT_EXIST", "no bill for " + day + ": no payment or refund that day");
        }
        byte[] csv = TradeBillCsv.render(type, lines.stream()
                .filter(l -> l.isRefund() ? type.listsRefunds() : type.listsPayments()).toList());
        boolean gzip = tarType != null;
        String token = files.put(new BillFiles.BillFile(mchid, gzip ? gzip(csv) : csv, gzip, now.plus(BillFiles.VALID)), now);
        Map<String, String> out = new LinkedHashMap<>();
        out.put("hash_type", "SHA1");
        out.put("hash_value", sha1(csv));
        // WeChat marks a compressed file's URL the same way
        out.put("download_url", DOWNLOAD_URL + token + (gzip ? "&tartype=gzip" : ""));
        return out;
    }

    /** The file behind a download_url's token: 404 RESOURCE_NOT_EXISTS once expired or for another merchant. */
    public FileBody download(String mchid, String token, Instant now) {
        BillFiles.BillFile f = files.get(token, mchid, now).orElseThrow(() -> new WxError(404, "RESOURCE_NOT_EXISTS",
                "download token " + token + " is unknown or expired (a download_url works for "
                        + BillFiles.VALID.toMinutes() + " minutes)"));
        return new FileBody(f.bytes(), f.gzip() ? "application/x-gzip" : "text/plain; charset=utf-8");
    }

    /** Every payment and refund of the merchant on {@code day} (China time), oldest first. */
    private List<BillLine> lines(String mchid, LocalDate day) {
        Map<String, Txn> txns = ledger.transactions().stream().filter(t -> t.mchid().equals(mchid))
                .collect(Collectors.toMap(Txn::outTradeNo, Function.identity()));
        List<BillLine> lines = new ArrayList<>();
        txns.values().stream().filter(t -> on(t.successTime(), day)).map(BillLine::payment).forEach(lines::add);
        ledger.refunds().stream().filter(r -> txns.containsKey(r.outTradeNo()) && on(r.createTime(), day))
                .map(r -> BillLine.refund(txns.get(r.outTradeNo()), r)).forEach(lines::add);
        lines.sort(Comparator.comparing(BillLine::time));
        return lines;
    }

    private static boolean on(Instant t, LocalDate day) {
        return t != null && LocalDate.ofInstant(t, CHINA).equals(day);
    }

    private static LocalDate date(String billDate) {
        if (billDate == null || billDate.isBlank()) {
            throw WxError.param("bill_date is required");
        }
        if (DATE.matcher(billDate).matches()) {
            try {
                return LocalDate.parse(billDate);
            } catch (DateTimeParseException e) {
                // 2026-02-30: the message below
            }
        }
        throw WxError.param("bill_date: " + billDate + " (expected yyyy-MM-dd)");
    }

    private static String sha1(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-1", e);
        }
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("gzip in memory failed", e);
        }
        return out.toByteArray();
    }
}
