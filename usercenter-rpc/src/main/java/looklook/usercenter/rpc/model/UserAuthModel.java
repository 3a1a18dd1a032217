package looklook.usercenter.rpc.model;

import java.util.Optional;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Data access for {@code user_auth}. */
public interface UserAuthModel {
    String COLUMNS = "id, user_id, auth_type, auth_key";

    @SqlUpdate("INSERT INTO user_auth (user_id, auth_type, auth_key) VALUES (:userId, :authType, :authKey)")
    @GetGeneratedKeys("id")
    long insert(long userId, String authType, String authKey);

    @SqlQuery("SELECT " + COLUMNS + " FROM user_auth WHERE auth_type = :authType AND auth_key = :authKey AND del_state = 0")
    Optional<UserAuth> findOneByAuthTypeAuthKey(String authType, String authKey);

    @SqlQuery("SELECT " + COLUMNS + " FROM user_auth WHERE user_id = :userId AND auth_type = :authType AND del_state = 0")
    Optional<UserAuth> findOneByUserIdAuthType(long userId, String authType);
}
