-- What every prepay of a payment sends WeChat, fixed at the payment's creation: WeChat refuses a
-- repeated prepay of one out_trade_no whose fields changed ("201 商户订单号重复"), so an order title
-- edited, or a notify URL reconfigured, between a user's two tries must not reach the retry.
-- '' for rows made before this: filled from their next prepay (what their first one sent then).
ALTER TABLE `third_payment`
  ADD COLUMN `description` VARCHAR(127) NOT NULL DEFAULT '' COMMENT 'prepay description, at most 127 UTF-8 bytes',
  ADD COLUMN `notify_url`  VARCHAR(256) NOT NULL DEFAULT '' COMMENT 'prepay notify_url';
