package looklook.usercenter.rpc.model;

import java.util.Optional;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Data access for {@code sms_mobile} and {@code sms_code}; every time is the database's clock. */
public interface SmsCodeModel {
    /**
     * Creates or touches the mobile's lock row, holding an exclusive lock on it until the
     * transaction ends: requests for one mobile go one at a time (an INSERT IGNORE followed by
     * SELECT FOR UPDATE would take a shared lock first, and two requests upgrading would deadlock).
     */
    @SqlUpdate("INSERT INTO sms_mobile (mobile) VALUES (:mobile) ON DUPLICATE KEY UPDATE mobile = VALUES(mobile)")
    void lockMobile(String mobile);

    @SqlQuery("SELECT COUNT(*) FROM sms_code WHERE mobile = :mobile AND create_time > NOW(3) - INTERVAL :seconds SECOND")
    int countSentWithin(String mobile, long seconds);

    @SqlUpdate("UPDATE sms_code SET used_time = NOW(3) WHERE mobile = :mobile AND used_time IS NULL")
    void supersede(String mobile);

    @SqlUpdate("INSERT INTO sms_code (mobile, code_hash, expire_time) VALUES (:mobile, :codeHash, NOW(3) + INTERVAL :ttlSeconds SECOND)")
    void insert(String mobile, String codeHash, long ttlSeconds);

    @SqlQuery("SELECT id, mobile, code_hash, wrong_tries, (used_time IS NULL AND expire_time > NOW(3)) AS live "
            + "FROM sms_code WHERE mobile = :mobile ORDER BY id DESC LIMIT 1")
    Optional<SmsCode> newest(String mobile);

    @SqlUpdate("UPDATE sms_code SET used_time = NOW(3) WHERE id = :id")
    void markUsed(long id);

    /** One more wrong try; the {@code maxTries}-th burns the code. */
    @SqlUpdate("UPDATE sms_code SET used_time = IF(wrong_tries + 1 >= :maxTries, NOW(3), used_time), "
            + "wrong_tries = wrong_tries + 1 WHERE id = :id")
    void addWrongTry(long id, int maxTries);
}
