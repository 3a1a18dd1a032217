package looklook.payment.rpc.channel;

import com.wechat.pay.java.core.exception.ServiceException;
import com.wechat.pay.java.core.exception.WechatPayException;
import com.wechat.pay.java.service.billdownload.DigestBillEntity;
import com.wechat.pay.java.service.billdownload.model.BillType;
import com.wechat.pay.java.service.billdownload.model.GetTradeBillRequest;
import com.wechat.pay.java.service.billdownload.model.TarType;
import com.wechat.pay.java.service.payments.model.Transaction;
import com.wechat.pay.java.service.payments.model.TransactionAmount;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.wechat.TradeBill;
import looklook.pkg.wechat.WxPayClients;

/** WeChat's trade bill (bill_type ALL, gzip) through the SDK: downloaded, its hash checked, then parsed. */
final class WeChatTradeBill {
    private WeChatTradeBill() {
    }

    /** The bill's lines; empty when WeChat had nothing that day (NO_STATEMENT_EXIST). */
    static Optional<List<BillLine>> download(WxPayClients wxPay, LocalDate date) {
        GetTradeBillRequest req = new GetTradeBillRequest();
        req.setBillDate(date.toString());
        req.setBillType(BillType.ALL);
        req.setTarType(TarType.GZIP);
        try {
            DigestBillEntity file = wxPay.bills().getTradeBill(req);
            // the hash is over the whole file: read it all, check it, and only then parse
            byte[] bytes;
            try (InputStream in = file.getInputStream()) {
                bytes = in.readAllBytes();
            }
            if (!file.verifyHash()) {
                throw new BizException(ErrorCode.WX_PAY_ERROR, "bill " + date + ": the file does not match WeChat's hash");
            }
            return Optional.of(TradeBill.parse(new ByteArrayInputStream(bytes)).stream().map(WeChatTradeBill::line).toList());
        } catch (ServiceException e) {
            if ("NO_STATEMENT_EXIST".equals(e.getErrorCode())) {
                return Optional.empty();
            }
            throw new BizException(ErrorCode.WX_PAY_ERROR, "bill " + date + ": " + e.getErrorCode() + " " + e.getErrorMessage(), e);
        } catch (WechatPayException | IllegalArgumentException e) {
            // an answer that does not verify (or a timeout): nothing is believed, nothing saved; the day runs again
            throw new BizException(ErrorCode.WX_PAY_ERROR, "bill " + date + ": no believable answer: " + e, e);
        } catch (IOException e) {
            throw new BizException(ErrorCode.WX_PAY_ERROR, "bill " + date + ": download broke off: " + e.getMessage(), e);
        }
    }

    private static BillLine line(TradeBill.Line l) {
        return new BillLine(l.refund(), l.tradeState(), l.mchid(), l.appid(), l.transactionId(), l.outTradeNo(), l.totalFen(),
                l.refundId(), l.outRefundNo(), l.refundFen(), l.refundStatus());
    }

    /** A payment line as the Transaction a query would have answered, so the notify's checks apply unchanged. */
    static Transaction transaction(BillLine l) {
        Transaction t = new Transaction();
        t.setAppid(l.app());
        t.setMchid(l.merchant());
        t.setOutTradeNo(l.outTradeNo());
        t.setTransactionId(l.transactionId());
        t.setTradeState(Transaction.TradeStateEnum.SUCCESS);
        TransactionAmount a = new TransactionAmount();
        a.setTotal(Math.toIntExact(l.totalFen()));
        a.setCurrency("CNY");
        t.setAmount(a);
        return t;
    }
}
