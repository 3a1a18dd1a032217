package looklook.e2e;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A user at a PC: Debian's headless Chromium driven through its chromedriver, both named by path so
 * that Selenium Manager never looks for a browser on the network, with flags that keep Chromium off
 * the network too (this machine's network is closed, and a Chromium waiting on it hangs). Reads the
 * page by its element ids, as the page's script writes them.
 */
final class CheckoutBrowser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String PNG_DATA_URL = "data:image/png;base64,";

    private final ChromeDriver driver;
    private final WebDriverWait wait;

    private CheckoutBrowser(ChromeDriver driver) {
        this.driver = driver;
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    }

    /**
     * Opens a fresh browser profile under {@code dir}. Without the packages this fails, naming them;
     * {@code -Dlooklook.browser=skip} (what ./mesh passes when it cannot install them) skips instead.
     */
    static CheckoutBrowser open(Path dir) throws Exception {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present && "skip".equals(System.getProperty("looklook.browser"))) {
            Assumptions.abort("no " + CHROMIUM + " or " + CHROMEDRIVER + ": apt-get install -y chromium chromium-driver");
        }
        if (!present) {
            throw new IllegalStateException("the browser test needs " + CHROMIUM + " and " + CHROMEDRIVER
                    + ": apt-get install -y chromium chromium-driver (./mesh test installs them as root)");
        }
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        o.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1100,1300",
                "--user-data-dir=" + Files.createDirectories(dir.resolve("profile")));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().withLogFile(dir.resolve("chromedriver.log").toFile()).build();
        return new CheckoutBrowser(new ChromeDriver(service, o));
    }

    void open(String url) {
        driver.get(url);
    }

    void signIn(String mobile, String password) {
        type("mobile", mobile);
        type("password", password);
        driver.findElement(By.id("signin-btn")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#home-list .book-btn")));
    }

    /** Books the first home listed for the page's default stay, paying with {@code channel} (wechat, alipay). */
    void book(String channel) {
        driver.findElement(By.cssSelector("#home-list .book-btn")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("pay-btn")));
        payWith(channel);
    }

    /** Chooses {@code channel} on the booking form and presses "Book and pay" (the same order again once booked). */
    void payWith(String channel) {
        driver.findElement(By.cssSelector("input[name=channel][value=" + channel + "]")).click();
        driver.findElement(By.id("pay-btn")).click();
    }

    /** The booking form's message once one shows (an API's refusal). */
    String bookingMessage() {
        return wait.until(d -> {
            String t = d.findElement(By.id("book-msg")).getText();
            return t.isEmpty() ? null : t;
        });
    }

    /** Waits for the QR code; the code its image holds, decoded from the PNG the page shows. */
    String scanQrImage() throws Exception {
        WebElement img = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("qr")));
        String src = img.getAttribute("src");
        if (src == null || !src.startsWith(PNG_DATA_URL)) {
            throw new AssertionError("the QR image is not a PNG data URL: " + src);
        }
        var image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(src.substring(PNG_DATA_URL.length()))));
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image)))).getText();
    }

    String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    /** Waits until section {@code id} shows (paid, closed), within {@code timeout}. */
    void waitForSection(String id, Duration timeout) {
        new WebDriverWait(driver, timeout).until(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
    }

    boolean visible(String id) {
        return driver.findElement(By.id(id)).isDisplayed();
    }

    /** The page as shown now, as a PNG file at {@code file}. */
    void screenshot(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        File shot = driver.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    WebDriver driver() {
        return driver;
    }

    private void type(String id, String text) {
        WebElement e = driver.findElement(By.id(id));
        e.clear();
        e.sendKeys(text);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
