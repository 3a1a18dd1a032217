-- One row per user who ever ordered: creating an order upserts it first, which locks it, so that
-- one user's concurrent creates count their unpaid orders one after the other and the bound
-- MaxUnpaidOrders holds; creates of different users never wait for each other.
CREATE TABLE `user_order_lock` (
  `user_id`     BIGINT      NOT NULL,
  `create_time` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (`user_id`)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci COMMENT = 'per-user lock for order creation';
