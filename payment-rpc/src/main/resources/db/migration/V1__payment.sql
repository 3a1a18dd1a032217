-- payment: third-party payments (looklook's third_payment), every raw WeChat Pay notify for audit,
-- and the outbox of this service. Money is BIGINT fen (cents of a yuan), as in looklook.
CREATE TABLE `third_payment` (
  `id`               BIGINT       NOT NULL AUTO_INCREMENT,
  `create_time`      DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  `update_time`      DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  `del_state`        TINYINT      NOT NULL DEFAULT 0,
  `version`          BIGINT       NOT NULL DEFAULT 0 COMMENT 'bumped by every pay status change',
  `sn`               CHAR(25)     NOT NULL COMMENT 'PMT + 22 digits; out_trade_no at WeChat',
  `user_id`          BIGINT       NOT NULL COMMENT 'who pays',
  `pay_mode`         VARCHAR(20)  NOT NULL COMMENT 'WECHAT_PAY',
  `trade_type`       VARCHAR(16)  NOT NULL DEFAULT '' COMMENT 'WeChat trade_type: JSAPI, NATIVE, ...',
  `trade_state`      VARCHAR(16)  NOT NULL DEFAULT '' COMMENT 'WeChat trade_state: SUCCESS, NOTPAY, ...',
  `pay_total`        BIGINT       NOT NULL COMMENT 'fen',
  `transaction_id`   VARCHAR(64)  NOT NULL DEFAULT '' COMMENT 'WeChat transaction_id',
  `trade_state_desc` VARCHAR(255) NOT NULL DEFAULT '',
  `order_sn`         VARCHAR(25)  NOT NULL COMMENT 'the business order: HSO + 22 digits',
  `service_type`     VARCHAR(32)  NOT NULL COMMENT 'homestayOrder',
  `pay_status`       TINYINT      NOT NULL DEFAULT 0 COMMENT '-1 failed, 0 wait, 1 success, 2 refunded, 3 closed',
  `pay_time`         DATETIME     NULL COMMENT 'WeChat success_time',
  -- at most one waiting payment per order: a retried or concurrent prepay finds it instead of adding
  -- one (VARCHAR: MariaDB refuses a CHAR column in an indexed generated column, its value depending on sql_mode)
  `wait_order_sn`    VARCHAR(25) GENERATED ALWAYS AS (IF(`pay_status` = 0 AND `del_state` = 0, `order_sn`, NULL)) STORED,
  PRIMARY KEY (`id`),
  UNIQUE KEY `idx_sn` (`sn`),
  UNIQUE KEY `idx_wait_order_sn` (`wait_order_sn`),
  KEY `idx_order_sn` (`order_sn`, `id`),
  KEY `idx_pay_status_create_time` (`pay_status`, `create_time`)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci COMMENT = 'third payment';

-- Every WeChat Pay notify as it arrived (headers and raw body), and what was done about it: the
-- evidence when WeChat and we disagree. Written after the answer, never in its way.
CREATE TABLE `third_payment_notify` (
  `id`          BIGINT       NOT NULL AUTO_INCREMENT,
  `create_time` DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  `notify_id`   VARCHAR(64)  NOT NULL DEFAULT '' COMMENT 'the envelope id, when readable',
  `event_type`  VARCHAR(32)  NOT NULL DEFAULT '' COMMENT 'TRANSACTION.SUCCESS, ...',
  `payment_sn`  VARCHAR(32)  NOT NULL DEFAULT '' COMMENT 'out_trade_no, when decrypted',
  `outcome`     VARCHAR(16)  NOT NULL COMMENT 'applied, duplicate, ignored, rejected, mismatch, conflict, failed',
  `detail`      VARCHAR(255) NOT NULL DEFAULT '',
  `http_status` SMALLINT     NOT NULL COMMENT 'what we answered WeChat',
  `headers`     TEXT         NOT NULL COMMENT 'JSON object: Wechatpay-* headers and Content-Type',
  `body`        MEDIUMTEXT   NOT NULL COMMENT 'the raw body',
  PRIMARY KEY (`id`),
  KEY `idx_payment_sn` (`payment_sn`),
  KEY `idx_create_time` (`create_time`)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci COMMENT = 'raw WeChat Pay notifies';

-- pkg's transactional outbox, exactly as pkg/src/main/resources/looklook/pkg/outbox/outbox.sql:
-- the pay status events are written here in the transaction that changes the payment.
CREATE TABLE `outbox` (
  `id`           BIGINT       NOT NULL AUTO_INCREMENT,
  `event_id`     VARCHAR(64)  NOT NULL,
  `sink`         VARCHAR(8)   NOT NULL COMMENT 'kafka | job',
  `destination`  VARCHAR(128) NOT NULL COMMENT 'topic or job type',
  `msg_key`      VARCHAR(128) NOT NULL COMMENT 'record key or unique task id',
  `payload`      TEXT         NOT NULL,
  `available_at` BIGINT       NOT NULL COMMENT 'when a job should run, epoch ms',
  `created_at`   DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  `sent_at`      DATETIME(3)  NULL,
  `attempts`     INT          NOT NULL DEFAULT 0,
  `last_error`   VARCHAR(255) NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `idx_event_id` (`event_id`),
  KEY `idx_unsent` (`sent_at`, `id`)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci COMMENT = 'transactional outbox';
