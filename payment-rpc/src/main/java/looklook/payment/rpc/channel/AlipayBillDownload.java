package looklook.payment.rpc.channel;

import com.alipay.api.AlipayApiException;
import com.alipay.api.AlipayClient;
import com.alipay.api.domain.AlipayDataDataserviceBillDownloadurlQueryModel;
import com.alipay.api.request.AlipayDataDataserviceBillDownloadurlQueryRequest;
import com.alipay.api.response.AlipayDataDataserviceBillDownloadurlQueryResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import looklook.pkg.alipay.AlipayConf;
import looklook.pkg.alipay.AlipayTradeBill;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;

/**
 * Alipay's trade bill of a day: {@code alipay.data.dataservice.bill.downloadurl.query} through the
 * SDK, then the zip at the answered URL over HTTP. The file is untrusted input, so everything is
 * bounded: the zip's size ({@link #MAX_ZIP_BYTES}), the time to fetch it ({@link #MAX_FETCH}), the
 * detail file inflated ({@link #MAX_DETAIL_BYTES}); anything over a bound, unreadable or malformed is
 * an error and the day stays not done.
 */
final class AlipayBillDownload {
    /** A day's zip far beyond what this business makes; more is refused, not read. */
    static final int MAX_ZIP_BYTES = 16 << 20;
    /** The detail CSV inflated; a zip bomb stops here. */
    static final int MAX_DETAIL_BYTES = 64 << 20;
    /** The whole fetch; Alipay's URL lives 30 s anyway. */
    static final Duration MAX_FETCH = Duration.ofSeconds(30);

    private final AlipayClient client;
    private final AlipayConf conf;

    AlipayBillDownload(AlipayClient client, AlipayConf conf) {
        this.client = client;
        this.conf = conf;
    }

    /** The day's bill; throws a BizException when it cannot be had or believed. */
    AlipayTradeBill.Bill download(LocalDate date) {
        AlipayDataDataserviceBillDownloadurlQueryModel m = new AlipayDataDataserviceBillDownloadurlQueryModel();
        m.setBillType("trade");
        m.setBillDate(date.toString());
        AlipayDataDataserviceBillDownloadurlQueryRequest req = new AlipayDataDataserviceBillDownloadurlQueryRequest();
        req.setBizModel(m);
        AlipayDataDataserviceBillDownloadurlQueryResponse r;
        try {
            r = client.execute(req);
        } catch (AlipayApiException e) {
            throw fail(date, "no believable answer: " + e.getErrCode() + " " + e.getErrMsg(), e);
        }
        if (!r.isSuccess() || r.getBillDownloadUrl() == null) {
            // isp.bill_not_exist included: the bill is not ready yet (a day without trades is a bill without lines)
            throw fail(date, r.getCode() + " " + r.getSubCode() + " " + r.getSubMsg(), null);
        }
        byte[] zip = fetch(date, r.getBillDownloadUrl());
        try {
            return AlipayTradeBill.fromZip(zip, MAX_DETAIL_BYTES);
        } catch (IllegalArgumentException e) {
            throw fail(date, e.getMessage(), e);
        }
    }

    private byte[] fetch(LocalDate date, String url) {
        URI u;
        try {
            u = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw fail(date, "bill_download_url is not a URL", e);
        }
        // the URL comes in a signed answer; still, only https leaves the process outside the sandbox
        if (!"https".equals(u.getScheme()) && !(conf.sandbox() && "http".equals(u.getScheme()))) {
            throw fail(date, "bill_download_url scheme " + u.getScheme() + " refused", null);
        }
        long deadline = System.nanoTime() + MAX_FETCH.toNanos();
        HttpURLConnection c = null;
        try {
            c = (HttpURLConnection) u.toURL().openConnection();
            c.setConnectTimeout(Math.toIntExact(conf.timeout()));
            c.setReadTimeout(Math.toIntExact(conf.timeout()));
            c.setInstanceFollowRedirects(false);
            if (c.getResponseCode() != 200) {
                throw fail(date, "bill download answered HTTP " + c.getResponseCode(), null);
            }
            if (c.getContentLengthLong() > MAX_ZIP_BYTES) {
                throw fail(date, "bill file of " + c.getContentLengthLong() + " bytes refused (at most " + MAX_ZIP_BYTES + ")", null);
            }
            try (InputStream in = c.getInputStream()) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                byte[] buf = new byte[8192];
                for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                    if (out.size() + n > MAX_ZIP_BYTES) {
                        throw fail(date, "bill file beyond " + MAX_ZIP_BYTES + " bytes refused", null);
                    }
                    if (System.nanoTime() > deadline) {
                        throw fail(date, "bill download took longer than " + MAX_FETCH, null);
                    }
                    out.write(buf, 0, n);
                }
                return out.toByteArray();
            }
        } catch (IOException e) {
            throw fail(date, "bill download broke off: " + e.getMessage(), e);
        } finally {
            if (c != null) {
                c.disconnect();
            }
        }
    }

    private static BizException fail(LocalDate date, String why, Throwable cause) {
        return new BizException(ErrorCode.ALIPAY_ERROR, "Alipay bill " + date + ": " + why, cause);
    }

    /** The bill's lines in the check's words; every line of Alipay's bill is done (paid, or refunded). */
    static List<BillLine> lines(AlipayTradeBill.Bill b) {
        return b.lines().stream().map(l -> new BillLine(l.refund(), l.refund() ? "REFUND" : BillLine.SUCCESS, b.account(), "",
                l.tradeNo(), l.outTradeNo(), l.totalFen(), l.tradeNo(), l.outRequestNo(), l.refundFen(),
                l.refund() ? BillLine.SUCCESS : "")).toList();
    }
}
