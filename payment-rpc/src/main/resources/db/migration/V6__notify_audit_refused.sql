-- A notify whose signature did not verify keeps only its length, hash and a short prefix (body),
-- so that a flood of forged notifies cannot fill the audit table; rows are deleted after the
-- retention (NotifyRetentionDays), a batch at a time.
ALTER TABLE `third_payment_notify`
  ADD COLUMN `verified`    TINYINT  NOT NULL DEFAULT 1 COMMENT '1: the platform signature verified and body is whole' AFTER `http_status`,
  ADD COLUMN `body_length` INT      NOT NULL DEFAULT 0 COMMENT 'bytes of the body as it arrived' AFTER `headers`,
  ADD COLUMN `body_sha256` CHAR(64) NOT NULL DEFAULT '' COMMENT 'hex SHA-256 of the body as it arrived' AFTER `body_length`;
