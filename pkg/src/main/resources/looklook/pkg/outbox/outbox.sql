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
