package looklook.payment.api.logic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The QR image payment-api hands a PC page decodes back to exactly the code it was drawn from. */
class QrCodesTest {
    private static final String PREFIX = "data:image/png;base64,";

    @ParameterizedTest
    @ValueSource(strings = {"weixin://wxpay/bizpayurl?pr=AbC1234", "https://qr.alipay.com/bax01234567890abcdefghij",
            "weixin://wxpay/bizpayurl?pr=x&y=\u4e2d\u6587"})
    void dataUrl_isAPngThatDecodesToTheCode(String code) throws Exception {
        String url = QrCodes.pngDataUrl(code);

        assertThat(url).startsWith(PREFIX);
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(url.substring(PREFIX.length()))));
        assertThat(png.getWidth()).isEqualTo(QrCodes.SIZE);
        assertThat(decode(png)).isEqualTo(code);
    }

    @Test
    void textNoQrCodeHolds_isRefused() {
        assertThatThrownBy(() -> QrCodes.pngDataUrl("x".repeat(8000))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("8000 characters");
    }

    static String decode(BufferedImage image) throws Exception {
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image)))).getText();
    }
}
