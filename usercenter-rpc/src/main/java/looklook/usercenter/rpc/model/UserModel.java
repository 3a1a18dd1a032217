package looklook.usercenter.rpc.model;

import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Data access for {@code user}. */
public interface UserModel {
    String COLUMNS = "id, mobile, mobile_verified, password, nickname, sex, avatar, info";

    @SqlUpdate("INSERT INTO user (mobile, mobile_verified, password, nickname, sex, avatar, info) "
            + "VALUES (:mobile, :mobileVerified, :password, :nickname, :sex, :avatar, :info)")
    @GetGeneratedKeys("id")
    long insert(@BindMethods User user);

    @SqlQuery("SELECT " + COLUMNS + " FROM user WHERE id = :id AND del_state = 0")
    Optional<User> findOne(long id);

    @SqlQuery("SELECT " + COLUMNS + " FROM user WHERE mobile = :mobile AND del_state = 0")
    Optional<User> findOneByMobile(String mobile);

    @SqlQuery("SELECT " + COLUMNS + " FROM user WHERE mobile = :mobile AND del_state = 0 FOR UPDATE")
    Optional<User> findOneByMobileForUpdate(String mobile);

    /** A new password set by the mobile's proven holder, who thereby proved the mobile too. */
    @SqlUpdate("UPDATE user SET password = :hash, mobile_verified = 1, version = version + 1 WHERE id = :id")
    int updatePasswordProven(long id, String hash);
}
