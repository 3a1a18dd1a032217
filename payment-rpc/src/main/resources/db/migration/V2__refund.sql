-- full refunds of successful payments (looklook's third_refund); one per payment
CREATE TABLE `third_refund` (
  `id`            BIGINT       NOT NULL AUTO_INCREMENT,
  `sn`            CHAR(25)     NOT NULL COMMENT 'RFD + 22 digits, WeChat out_refund_no',
  `payment_sn`    CHAR(25)     NOT NULL,
  `order_sn`      CHAR(25)     NOT NULL,
  `user_id`       BIGINT       NOT NULL,
  `refund_amount` BIGINT       NOT NULL COMMENT 'fen',
  `reason`        VARCHAR(80)  NOT NULL DEFAULT '',
  `refund_status` TINYINT      NOT NULL DEFAULT 0 COMMENT '0 processing, 1 success, -1 abnormal, 2 closed',
  `refund_id`     VARCHAR(64)  NOT NULL DEFAULT '' COMMENT 'WeChat refund_id',
  `success_time`  BIGINT       NOT NULL DEFAULT 0 COMMENT 'unix seconds',
  `create_time`   DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  `update_time`   DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  `version`       BIGINT       NOT NULL DEFAULT 0,
  PRIMARY KEY (`id`),
  UNIQUE KEY `idx_sn` (`sn`),
  UNIQUE KEY `idx_payment_sn` (`payment_sn`),
  KEY `idx_order_sn` (`order_sn`)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci COMMENT = 'third-party refunds';
