package looklook.mqueue.job.logic;

import looklook.pkg.wechat.TemplateKeywords;

/**
 * The keywords of looklook's two subscribe-message templates, as added in the mini program's
 * console (their ids are configuration: {@code WxMini} in etc/mqueue-job.yaml). A keyword's key names
 * its type, which decides the values WeChat accepts; etc/sandbox.yaml gives the simulator the same
 * templates.
 */
final class PaySuccessTemplates {
    /** "Order paid": order sn, homestay title, amount paid, check-in and check-out dates. */
    static final TemplateKeywords ORDER_PAID = TemplateKeywords.of("character_string6", "thing1", "amount2", "date4", "date5");
    /** "Check-in reminder": check-in and check-out dates, check-in code, a short note. */
    static final TemplateKeywords CHECK_IN = TemplateKeywords.of("date2", "date3", "character_string4", "thing1");

    private PaySuccessTemplates() {
    }
}
