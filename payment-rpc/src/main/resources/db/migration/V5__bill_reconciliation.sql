-- The daily reconciliation against WeChat's trade bill: one row per bill date reconciled, and every
-- difference found, repaired or not, so an operator sees what WeChat and we disagreed about.
CREATE TABLE `bill_reconciliation` (
  `bill_date`   DATE        NOT NULL COMMENT 'Asia/Shanghai',
  `lines`       INT         NOT NULL,
  `matched`     INT         NOT NULL,
  `repaired`    INT         NOT NULL,
  `unrepaired`  INT         NOT NULL,
  `finished_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  PRIMARY KEY (`bill_date`)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci COMMENT = 'trade bills reconciled';

CREATE TABLE `bill_difference` (
  `id`          BIGINT       NOT NULL AUTO_INCREMENT,
  `bill_date`   DATE         NOT NULL,
  `kind`        VARCHAR(32)  NOT NULL COMMENT 'see ReconcileTradeBillLogic.Kind',
  `ref`         VARCHAR(64)  NOT NULL COMMENT 'out_trade_no or out_refund_no',
  `detail`      VARCHAR(255) NOT NULL,
  `repaired`    TINYINT      NOT NULL,
  `create_time` DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (`id`),
  UNIQUE KEY `idx_date_kind_ref` (`bill_date`, `kind`, `ref`)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci COMMENT = 'differences between WeChat''s bill and our books';

-- the reconciliation lists the payments paid on a day
CREATE INDEX `idx_pay_status_pay_time` ON `third_payment` (`pay_status`, `pay_time`);
