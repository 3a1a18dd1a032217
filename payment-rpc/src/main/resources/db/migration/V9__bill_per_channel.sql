-- One reconciliation run per bill date and channel: WeChat's and Alipay's bills are each done (or
-- not) on their own, so a day whose Alipay bill failed runs again without redoing WeChat's.
ALTER TABLE `bill_reconciliation`
  ADD COLUMN `channel` VARCHAR(16) NOT NULL DEFAULT 'WECHAT_PAY' COMMENT 'pay_mode of the bill' AFTER `bill_date`,
  DROP PRIMARY KEY,
  ADD PRIMARY KEY (`bill_date`, `channel`);
