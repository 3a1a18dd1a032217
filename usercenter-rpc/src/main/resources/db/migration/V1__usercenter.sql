-- usercenter: users and the ways they authenticate (looklook's user / user_auth).
CREATE TABLE `user` (
  `id`          BIGINT       NOT NULL AUTO_INCREMENT,
  `create_time` DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  `update_time` DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  `del_state`   TINYINT      NOT NULL DEFAULT 0,
  `version`     BIGINT       NOT NULL DEFAULT 0 COMMENT 'optimistic lock',
  `mobile`      CHAR(11)     NOT NULL,
  `password`    VARCHAR(255) NOT NULL DEFAULT '' COMMENT 'bcrypt hash; empty for users who only log in through WeChat',
  `nickname`    VARCHAR(255) NOT NULL DEFAULT '',
  `sex`         TINYINT      NOT NULL DEFAULT 0 COMMENT '0 unknown/male, 1 female',
  `avatar`      VARCHAR(255) NOT NULL DEFAULT '',
  `info`        VARCHAR(255) NOT NULL DEFAULT '',
  PRIMARY KEY (`id`),
  UNIQUE KEY `idx_mobile` (`mobile`)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci COMMENT = 'user';

CREATE TABLE `user_auth` (
  `id`          BIGINT      NOT NULL AUTO_INCREMENT,
  `create_time` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  `update_time` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  `del_state`   TINYINT     NOT NULL DEFAULT 0,
  `version`     BIGINT      NOT NULL DEFAULT 0,
  `user_id`     BIGINT      NOT NULL,
  `auth_key`    VARCHAR(64) NOT NULL COMMENT 'the id on that platform: mobile for system, openid for wxMini',
  `auth_type`   VARCHAR(12) NOT NULL COMMENT 'system | wxMini',
  PRIMARY KEY (`id`),
  UNIQUE KEY `idx_type_key` (`auth_type`, `auth_key`),
  UNIQUE KEY `idx_user_id_type` (`user_id`, `auth_type`),
  CONSTRAINT `fk_user_auth_user` FOREIGN KEY (`user_id`) REFERENCES `user` (`id`)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci COMMENT = 'user auth';
