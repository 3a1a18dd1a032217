package looklook.usercenter.rpc.model;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Data access for {@code user_session} and {@code refresh_token}. */
public interface SessionModel {
    @SqlUpdate("INSERT INTO user_session (session_id, user_id) VALUES (:sessionId, :userId)")
    void insertSession(String sessionId, long userId);

    @SqlQuery("SELECT user_id FROM user_session WHERE session_id = :sessionId")
    Optional<Long> ownerOf(String sessionId);

    /** Ends a session once; returns 1 when this call ended it. */
    @SqlUpdate("UPDATE user_session SET revoke_time = NOW(3), revoke_reason = :reason "
            + "WHERE session_id = :sessionId AND revoke_time IS NULL")
    int revokeSession(String sessionId, String reason);

    @SqlQuery("SELECT session_id FROM user_session WHERE user_id = :userId AND revoke_time IS NULL FOR UPDATE")
    List<String> liveSessionsForUpdate(long userId);

    @SqlUpdate("INSERT INTO refresh_token (token_hash, session_id, expire_time) "
            + "VALUES (:tokenHash, :sessionId, NOW(3) + INTERVAL :ttlSeconds SECOND)")
    void insertRefreshToken(String tokenHash, String sessionId, long ttlSeconds);

    @SqlQuery("SELECT t.session_id, s.user_id, t.used_time IS NOT NULL AS used, t.expire_time <= NOW(3) AS expired, "
            + "s.revoke_time IS NOT NULL AS revoked FROM refresh_token t JOIN user_session s ON s.session_id = t.session_id "
            + "WHERE t.token_hash = :tokenHash FOR UPDATE")
    Optional<RefreshToken> findRefreshTokenForUpdate(String tokenHash);

    @SqlQuery("SELECT t.session_id, s.user_id, t.used_time IS NOT NULL AS used, t.expire_time <= NOW(3) AS expired, "
            + "s.revoke_time IS NOT NULL AS revoked FROM refresh_token t JOIN user_session s ON s.session_id = t.session_id "
            + "WHERE t.token_hash = :tokenHash")
    Optional<RefreshToken> findRefreshToken(String tokenHash);

    @SqlUpdate("UPDATE refresh_token SET used_time = NOW(3) WHERE token_hash = :tokenHash AND used_time IS NULL")
    int markRefreshTokenUsed(String tokenHash);
}
