package looklook.pkg.alipay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

class AlipayTradeBillTest {
    private static final String CSV = "#支付宝业务明细查询\n#账号：[2088000000000001]\n"
            + "支付宝交易号,商户订单号,业务类型,商品名称,订单金额（元）,商家实收（元）,退款批次号/请求号,备注\n"
            + "2026120722001\t,PMT1\t,交易,房，一晚,12.34,12.34,,\n"
            + "2026120722001\t,PMT1\t,退款,房,12.34,-2.00,RF1\t,\n"
            + "#交易合计：1笔\n";

    @Test
    void gbkZip_isReadByColumnName() throws IOException {
        AlipayTradeBill.Bill b = AlipayTradeBill.fromZip(zip(CSV.getBytes(Charset.forName("GBK"))), 1 << 20);
        assertEquals("2088000000000001", b.account());
        assertEquals(List.of(new AlipayTradeBill.Line(false, "2026120722001", "PMT1", 1234, 0, ""),
                new AlipayTradeBill.Line(true, "2026120722001", "PMT1", 1234, 200, "RF1")), b.lines());
    }

    @Test
    void utf8_isReadToo() {
        assertEquals(2, AlipayTradeBill.parse(CSV.getBytes(StandardCharsets.UTF_8)).lines().size());
    }

    @Test
    void refused_garbageAShiftedLineABadAmountAndABomb() throws IOException {
        assertThrows(IllegalArgumentException.class, () -> AlipayTradeBill.fromZip("not a zip".getBytes(), 1 << 20));
        assertThrows(IllegalArgumentException.class, () -> AlipayTradeBill.parse(CSV.replace(",,\n", ",\n").getBytes(StandardCharsets.UTF_8)));
        assertThrows(IllegalArgumentException.class, () -> AlipayTradeBill.parse(CSV.replace("12.34,12.34", "1.234,1.234")
                .getBytes(StandardCharsets.UTF_8)));
        byte[] bomb = zip(new byte[5 << 20]);
        assertTrue(bomb.length < 100_000);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AlipayTradeBill.fromZip(bomb, 1 << 20));
        assertTrue(e.getMessage().contains("inflates beyond"), e.getMessage());
    }

    private static byte[] zip(byte[] detail) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out, Charset.forName("GBK"))) {
            z.putNextEntry(new ZipEntry("2088000000000001_20261207_业务明细.csv"));
            z.write(detail);
            z.closeEntry();
        }
        return out.toByteArray();
    }
}
