-- When a provider first accepted a prepay of the payment, recorded by payment-api before it hands the
-- code (JSAPI paySign, Native code_url, Alipay qr_code) to the user: only someone who received a code
-- can pay it. A waiting payment without it was never handed out, so a channel switch (and the close
-- job) may give it up here without asking its provider, which may be down.
-- Rows waiting now count as prepaid (their create time): whether their code went out is unknown.
-- NULL on a finished row says nothing (it finished before this was kept, or was never prepaid).
ALTER TABLE `third_payment`
  ADD COLUMN `prepaid_at` DATETIME(3) NULL COMMENT 'first prepay a provider accepted and payment-api may hand out; NULL: none';
UPDATE `third_payment` SET `prepaid_at` = `create_time`, `update_time` = `update_time`
  WHERE `pay_status` = 0 AND `prepaid_at` IS NULL;
