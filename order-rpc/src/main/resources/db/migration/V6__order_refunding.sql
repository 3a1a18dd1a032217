-- trade_state 5 (refunding): the guest cancelled, the refund is on its way; refund_amount: the fen
-- that went back when the order turned refunded (3), kept on the order for the guest to see.
ALTER TABLE `homestay_order`
  MODIFY COLUMN `trade_state` TINYINT NOT NULL DEFAULT 0
    COMMENT '-1 cancelled, 0 wait pay, 1 paid/unused, 2 used, 3 refunded, 4 expired, 5 refunding',
  ADD COLUMN `refund_amount` BIGINT NOT NULL DEFAULT 0 COMMENT 'fen given back when the order turned refunded';
