package looklook.sandbox.alipay;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Alipay's trade bill as downloaded: a zip holding {@code <pid>_<yyyyMMdd>_业务明细.csv} and
 * {@code ..._业务明细(汇总).csv}, GBK text whose {@code #} lines frame the column header, one line
 * per payment (业务类型 交易) and per refund (退款, negative amounts), and the totals.
 * Simplified: no store, operator, coupon or fee columns filled, the summary file is one line.
 */
final class AlipayBillZip {
    static final Charset GBK = Charset.forName("GBK");
    static final String HEADER = "支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,对方账户,"
            + "订单金额（元）,商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,"
            + "商家红包消费金额（元）,卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注";
    private static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final DateTimeFormatter CN_DAY = DateTimeFormatter.ofPattern("yyyy年MM月dd日");

    private AlipayBillZip() {
    }

    static byte[] build(String pid, LocalDate day, List<AlipayTradeView> paid, List<AlipayRefund> refunds,
                        Function<String, Optional<AlipayTradeView>> trade) {
        StringBuilder csv = new StringBuilder();
        csv.append("#支付宝业务明细查询\n#账号：[").append(pid).append("]\n#起始日期：[").append(CN_DAY.format(day))
                .append(" 00:00:00]   终止日期：[").append(CN_DAY.format(day.plusDays(1))).append(" 00:00:00]\n")
                .append("#-----------------------------------------业务明细列表----------------------------------------\n")
                .append(HEADER).append('\n');
        long in = 0;
        long out = 0;
        for (AlipayTradeView t : paid) {
            in += t.total();
            csv.append(line(t.tradeNo(), t.outTradeNo(), "交易", t.subject(), t.scanTime(), t.paidAt(), t.buyerLogonId(),
                    Yuan.of(t.total()), Yuan.of(t.total()), ""));
        }
        for (AlipayRefund r : refunds) {
            out += r.amount();
            AlipayTradeView t = trade.apply(r.outTradeNo()).orElseThrow();
            csv.append(line(r.tradeNo(), r.outTradeNo(), "退款", t.subject(), r.time(), r.time(), t.buyerLogonId(),
                    Yuan.of(t.total()), "-" + Yuan.of(r.amount()), r.outRequestNo()));
        }
        csv.append("#-----------------------------------------业务明细列表结束------------------------------------\n")
                .append("#交易合计：").append(paid.size()).append("笔，商家实收共").append(Yuan.of(in)).append("元\n")
                .append("#退款合计：").append(refunds.size()).append("笔，商家实收共-").append(Yuan.of(out)).append("元\n")
                .append("#导出时间：[").append(AlipayFields.time(Instant.now())).append("]\n");
        String summary = "#支付宝业务汇总查询\n#账号：[" + pid + "]\n交易笔数,退款笔数,商家实收（元）\n" + paid.size() + ","
                + refunds.size() + "," + Yuan.of(in - out) + "\n";
        String base = pid + "_" + COMPACT.format(day);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes, GBK)) {
            entry(zip, base + "_业务明细.csv", csv.toString());
            entry(zip, base + "_业务明细(汇总).csv", summary);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static String line(String tradeNo, String outTradeNo, String type, String subject, Instant created, Instant done,
                               String buyer, String ordered, String received, String requestNo) {
        return String.join(",", tradeNo + "\t", outTradeNo + "\t", type, clean(subject), AlipayFields.time(created),
                AlipayFields.time(done), "", "", "", "", buyer == null ? "" : buyer, ordered, received, "0.00", "0.00", "0.00",
                "0.00", "0.00", "", "0.00", "0.00", requestNo.isEmpty() ? "" : requestNo + "\t", "0.00", "0.00", "") + "\n";
    }

    /** A subject with a comma or newline would break the line into columns. */
    private static String clean(String s) {
        return s == null ? "" : s.replace(',', '，').replace('\n', ' ');
    }

    private static void entry(ZipOutputStream zip, String name, String text) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(text.getBytes(GBK));
        zip.closeEntry();
    }
}
