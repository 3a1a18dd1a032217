-- The end of an order's pay window, stored with the order: the prepay sends it to WeChat as
-- time_expire (WeChat refuses the money after it), the close job is due then, and the repair tick
-- finds orders still waiting long after it. Orders created before this column get the close delay
-- that was then in force (1800 s).
ALTER TABLE `homestay_order` ADD COLUMN `pay_deadline` BIGINT NOT NULL DEFAULT 0 COMMENT 'unix seconds: end of the pay window';
UPDATE `homestay_order` SET `pay_deadline` = UNIX_TIMESTAMP(`create_time`) + 1800 WHERE `pay_deadline` = 0;
CREATE INDEX `idx_trade_state_pay_deadline` ON `homestay_order` (`trade_state`, `pay_deadline`, `id`);
