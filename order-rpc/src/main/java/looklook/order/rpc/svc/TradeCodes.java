package looklook.order.rpc.svc;

import java.security.SecureRandom;

/** Check-in codes: 8 characters from A-Z and 0-9, unguessable (SecureRandom), as long as looklook's. */
public final class TradeCodes {
    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();
    private static final int LENGTH = 8;

    private final SecureRandom random = new SecureRandom();

    /** A new code. */
    public String next() {
        char[] code = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            code[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(code);
    }
}
