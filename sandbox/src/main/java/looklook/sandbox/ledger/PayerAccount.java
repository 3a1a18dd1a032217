package looklook.sandbox.ledger;

/**
 * The state of a payer's account as refunds meet it: OK; CARD_CLOSED, the card or account the
 * payment came from was closed, so refunds are accepted and settle ABNORMAL; DEREGISTERED, the
 * WeChat account itself was closed, so refund requests are refused with 403 USER_ACCOUNT_ABNORMAL.
 */
public enum PayerAccount {
    OK, CARD_CLOSED, DEREGISTERED
}
