package looklook.mqueue.job.config;

/**
 * The {@code WxMini} block: the templates of looklook's two pay-success subscribe messages and
 * the mini-program page they open ({@code ?sn=<order sn>} is appended).
 *
 * @param orderPaySuccessTemplateId "order paid": sn, title, amount, stay dates
 * @param checkInTemplateId         "check-in reminder": stay dates, check-in code
 */
public record WxMiniMsgConf(String orderPaySuccessTemplateId, String checkInTemplateId, String page) {
    public WxMiniMsgConf {
        if (orderPaySuccessTemplateId != null && orderPaySuccessTemplateId.isBlank()) {
            throw new IllegalArgumentException("OrderPaySuccessTemplateId: empty (expected the template id from the mini-program console)");
        }
        if (checkInTemplateId != null && checkInTemplateId.isBlank()) {
            throw new IllegalArgumentException("CheckInTemplateId: empty (expected the template id from the mini-program console)");
        }
    }
}
