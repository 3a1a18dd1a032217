-- The outbox relay leases rows with one short UPDATE and publishes with no lock held (a broker
-- outage must not hold row locks), backs a failed row off until claimed_until, and gives up on a
-- row refused max times while the broker took others (dead_at), as pkg's outbox.sql now reads.
ALTER TABLE `outbox`
  ADD COLUMN `claim_token`   VARCHAR(36) NULL COMMENT 'the relay round holding the row',
  ADD COLUMN `claimed_until` BIGINT      NOT NULL DEFAULT 0 COMMENT 'epoch ms: leased or backed off until then',
  ADD COLUMN `own_failures`  INT         NOT NULL DEFAULT 0 COMMENT 'refusals while the broker was up',
  ADD COLUMN `dead_at`       DATETIME(3) NULL COMMENT 'given up: an operator looks at it';
CREATE INDEX `idx_claim` ON `outbox` (`claim_token`);
CREATE INDEX `idx_claimable` ON `outbox` (`sent_at`, `dead_at`, `claimed_until`);
