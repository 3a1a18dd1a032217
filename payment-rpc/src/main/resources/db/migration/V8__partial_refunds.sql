-- Partial and repeated refunds: many refunds per payment (the unique key per payment goes), each
-- under the caller's idempotency key (unique per payment); a refund WeChat CLOSED is followed by a new
-- one (retry_of), keyed <key>#<n>. kind: cancel (the guest's cancellation under the policy: moves the
-- order to refunding first, the payment to refunded when it succeeds), full (all that is left: the
-- payment to refunded), partial (a compensation: payment and order stay). order_held: a cancel's
-- order was moved to refunding, so WeChat may be asked. refund_status 3: voided, never asked of
-- WeChat (the order was checked in or expired first).
ALTER TABLE `third_refund`
  DROP INDEX `idx_payment_sn`,
  ADD KEY `idx_payment_sn` (`payment_sn`),
  MODIFY COLUMN `refund_status` TINYINT NOT NULL DEFAULT 0
    COMMENT '0 processing, 1 success, -1 abnormal, 2 closed, 3 voided (never asked of WeChat)',
  ADD COLUMN `kind`       VARCHAR(16) NOT NULL DEFAULT 'full' COMMENT 'cancel, full or partial',
  ADD COLUMN `idem_key`   VARCHAR(72) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL DEFAULT 'full'
    COMMENT 'the caller''s idempotency key (case counts), #n for the n-th try after CLOSED',
  ADD COLUMN `retry_of`   CHAR(25)    NOT NULL DEFAULT '' COMMENT 'the CLOSED refund this one takes the place of',
  ADD COLUMN `order_held` TINYINT     NOT NULL DEFAULT 1 COMMENT 'cancel: the order is refunding, WeChat may be asked',
  ADD COLUMN `abnormal_applied` TINYINT NOT NULL DEFAULT 0 COMMENT 'an ABNORMAL refund applied for: WeChat pays it out, a late ABNORMAL report is stale',
  ADD UNIQUE KEY `idx_payment_idem_key` (`payment_sn`, `idem_key`),
  ADD KEY `idx_refund_id` (`refund_id`),
  ADD KEY `idx_retry_of` (`retry_of`);

-- one whole refund per payment was the rule before: a CLOSED one of then must not stand for the
-- payment's whole refund now (its key would answer every later one)
UPDATE `third_refund` SET `idem_key` = CONCAT('legacy:', `sn`) WHERE `refund_status` = 2;

-- the earliest moment (epoch ms) the payment's next refund may be asked of WeChat: one minute after
-- the previous one, WeChat's rule; taken under the row's lock when a refund is booked
ALTER TABLE `third_payment`
  ADD COLUMN `refund_slot_at` BIGINT NOT NULL DEFAULT 0 COMMENT 'epoch ms: when the next refund may be asked of WeChat';
