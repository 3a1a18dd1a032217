package looklook.payment.api.logic;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Map;

/**
 * A code_url as the QR image a PC page shows: a {@code data:image/png;base64,...} URL, so the page
 * needs no QR library and no request of its own for the picture.
 */
public final class QrCodes {
    /** Pixels a side: large enough for a phone to read from a screen across a desk. */
    static final int SIZE = 240;
    private static final String PREFIX = "data:image/png;base64,";

    private QrCodes() {
    }

    /** The PNG data URL of {@code text} (medium error correction, the quiet zone the spec asks for). */
    public static String pngDataUrl(String text) {
        try {
            BitMatrix m = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, SIZE, SIZE,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 4,
                            EncodeHintType.CHARACTER_SET, "UTF-8"));
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            MatrixToImageWriter.writeToStream(m, "PNG", png);
            return PREFIX + Base64.getEncoder().encodeToString(png.toByteArray());
        } catch (WriterException e) {
            // only text longer than a QR code holds (thousands of characters); a code_url is short
            throw new IllegalArgumentException("cannot draw a QR code of " + text.length() + " characters", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
    }
}
