-- the daily expiry job looks for paid orders by check-out date
CREATE INDEX `idx_trade_state_end` ON `homestay_order` (`trade_state`, `live_end_date`);
