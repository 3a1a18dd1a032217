package looklook.demo;

/** What the demo did, gathered step by step and printed as one screen at the end. */
final class Summary {
    private String user = "-";
    private String paidSn = "-";
    private long paidFen;
    private int messages;
    private String closedSn = "-";
    private String closedPaymentSn = "-";
    private long closedAfterMillis;
    private String refundSn = "-";
    private long refundFen;
    private String quote = "-";
    private String checkIn = "-";

    void user(long id, String mobile, String openid) {
        user = id + " (mobile " + mobile + ", WeChat openid " + openid + ")";
    }

    void paid(String orderSn, long fen) {
        paidSn = orderSn;
        paidFen = fen;
    }

    void messages(int delivered) {
        messages = delivered;
    }

    void closed(String orderSn, String paymentSn, long afterMillis) {
        closedSn = orderSn;
        closedPaymentSn = paymentSn;
        closedAfterMillis = afterMillis;
    }

    void refund(String sn, long fen) {
        refundSn = sn;
        refundFen = fen;
    }

    void quote(long refundable, long fee, String rule) {
        quote = OrderSteps.yuan(refundable) + " back, fee " + OrderSteps.yuan(fee) + " (\"" + rule + "\")";
    }

    void checkIn(String what) {
        checkIn = what;
    }

    void print(int steps, long totalMillis) {
        String rule = "-".repeat(72);
        System.out.println();
        System.out.println(rule);
        System.out.println("summary");
        System.out.println("  user          " + user);
        System.out.println("  paid order    " + paidSn + ", " + OrderSteps.yuan(paidFen) + ", "
                + messages + " subscribe messages delivered");
        System.out.println("  closed order  " + closedSn + " (payment " + closedPaymentSn + " closed at WeChat), closed "
                + seconds(closedAfterMillis) + " after it was placed");
        System.out.println("  refund quote  " + quote);
        System.out.println("  refund        " + refundSn + ", " + OrderSteps.yuan(refundFen) + " back to the payer");
        System.out.println("  check-in      " + checkIn);
        System.out.println("  steps         " + steps + " in " + seconds(totalMillis));
        System.out.println(rule);
    }

    /** "21.4 s" without floating point. */
    static String seconds(long millis) {
        return String.format("%d.%d s", millis / 1000, millis % 1000 / 100);
    }
}
