-- Accounts: a mobile is proven before it is trusted; SMS codes; refresh-token sessions.

-- 1 when the holder of the mobile proved it (an SMS code, or WeChat's verified phone). Accounts
-- registered with a password before SMS codes existed never did; an account with no password was
-- created by a WeChat login with WeChat's verified phone.
ALTER TABLE `user`
  ADD COLUMN `mobile_verified` TINYINT NOT NULL DEFAULT 0 COMMENT '1: the mobile was proven by SMS or WeChat' AFTER `mobile`;
UPDATE `user` SET `mobile_verified` = 1 WHERE `password` = '';

-- One row per mobile that ever asked for a code: sendSmsCode locks it, so the per-mobile limits are
-- decided one request at a time.
CREATE TABLE `sms_mobile` (
  `mobile`      CHAR(11)    NOT NULL,
  `create_time` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (`mobile`)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci COMMENT = 'sms code lock per mobile';

-- Codes sent; only the newest of a mobile counts. code_hash is HMAC-SHA256 keyed by a server secret:
-- a plain hash of six digits is reversed by trying a million.
CREATE TABLE `sms_code` (
  `id`          BIGINT      NOT NULL AUTO_INCREMENT,
  `create_time` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  `mobile`      CHAR(11)    NOT NULL,
  `code_hash`   CHAR(64)    NOT NULL,
  `expire_time` DATETIME(3) NOT NULL,
  `wrong_tries` INT         NOT NULL DEFAULT 0,
  `used_time`   DATETIME(3) NULL COMMENT 'set when the code was used or burned by wrong tries',
  PRIMARY KEY (`id`),
  KEY `idx_mobile_create` (`mobile`, `create_time`)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci COMMENT = 'sms code';

-- A session: what one login started; its access tokens carry session_id as `sid`, its refresh
-- tokens form one family (a replayed one revokes the whole session).
CREATE TABLE `user_session` (
  `session_id`  VARCHAR(64) NOT NULL,
  `create_time` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  `user_id`     BIGINT      NOT NULL,
  `revoke_time` DATETIME(3) NULL,
  `revoke_reason` VARCHAR(16) NOT NULL DEFAULT '' COMMENT 'logout | reset | reuse',
  PRIMARY KEY (`session_id`),
  KEY `idx_user` (`user_id`, `revoke_time`),
  CONSTRAINT `fk_user_session_user` FOREIGN KEY (`user_id`) REFERENCES `user` (`id`)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci COMMENT = 'login session';

-- Refresh tokens, by SHA-256 of the token (the token is 256 random bits, so a plain hash is enough).
CREATE TABLE `refresh_token` (
  `token_hash`  CHAR(64)    NOT NULL,
  `create_time` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  `session_id`  VARCHAR(64) NOT NULL,
  `expire_time` DATETIME(3) NOT NULL,
  `used_time`   DATETIME(3) NULL COMMENT 'set when rotated: presenting it again is a replay',
  PRIMARY KEY (`token_hash`),
  KEY `idx_session` (`session_id`),
  CONSTRAINT `fk_refresh_token_session` FOREIGN KEY (`session_id`) REFERENCES `user_session` (`session_id`)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci COMMENT = 'refresh token';
