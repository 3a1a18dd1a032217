-- time_expire: the instant after which WeChat refuses to take money for a payment (the order's pay
-- deadline). A payment WeChat never heard of is closed here only once this has passed, since a
-- prepay still on its way would be refused by WeChat from then on. 0 for rows made before it.
ALTER TABLE `third_payment` ADD COLUMN `expire_time` BIGINT NOT NULL DEFAULT 0 COMMENT 'unix seconds: time_expire sent to WeChat, 0 = none';
-- the reconcile scan walks waiting payments by id with a cursor
CREATE INDEX `idx_pay_status_id` ON `third_payment` (`pay_status`, `id`);

-- A refund row is also the outbox of its WeChat request: written in the transaction that decides the
-- refund, then asked of WeChat (the same out_refund_no every time) by the refund pump until WeChat
-- accepts it, and queried until it settles, so no refund waits for a person.
ALTER TABLE `third_refund`
  ADD COLUMN `attempts`    INT          NOT NULL DEFAULT 0 COMMENT 'times the pump asked WeChat',
  ADD COLUMN `next_try_at` BIGINT       NOT NULL DEFAULT 0 COMMENT 'epoch ms: when the pump next asks WeChat about it',
  ADD COLUMN `accepted_at` BIGINT       NOT NULL DEFAULT 0 COMMENT 'epoch ms: WeChat accepted the request, 0 = not yet',
  ADD COLUMN `last_error`  VARCHAR(255) NOT NULL DEFAULT '' COMMENT 'why the last ask failed';
CREATE INDEX `idx_refund_status_next_try` ON `third_refund` (`refund_status`, `next_try_at`);
