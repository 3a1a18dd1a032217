package looklook.sandbox;

import java.nio.file.Path;
import looklook.sandbox.alipay.AlipayKeys;
import looklook.sandbox.crypto.SimKeys;

/**
 * {@code java -cp sandbox.jar looklook.sandbox.KeyGenMain <dir> [--env]}: creates the sandbox
 * keys (WeChat's and Alipay's) under {@code dir} if missing (reusing existing ones) so scripts can point services at them
 * before the simulator runs. With {@code --env} it prints the two secrets services take as
 * values, as {@code KEY=value} lines for {@code .mesh/env}.
 */
public final class KeyGenMain {
    private KeyGenMain() {
    }

    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2 || (args.length == 2 && !args[1].equals("--env"))) {
            System.err.println("usage: KeyGenMain <dir> [--env]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        SimKeys keys = SimKeys.loadOrCreate(dir);
        AlipayKeys.loadOrCreate(dir);
        if (args.length == 2) {
            System.out.println("LOOKLOOK_WECHAT_APIV3_KEY=" + keys.apiV3Key());
            System.out.println("LOOKLOOK_WX_MINI_SECRET=" + keys.miniAppSecret());
        } else {
            System.out.println("WeChat sandbox keys in " + dir.toAbsolutePath());
        }
    }
}
