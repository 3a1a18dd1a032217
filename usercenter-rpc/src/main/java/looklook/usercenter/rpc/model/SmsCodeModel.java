package looklook.usercenter.rpc.model;

import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Data access for {@code sms_mobile} and {@code sms_code}; every time is the database's clock. */
@RegisterConstructorMapper(SmsCode.class)
public interface SmsCodeModel {
    /** Creates the mobile's lock row if needed; the caller then takes it with {@link #lockMobile}. */
    @SqlUpdate("INSERT IGNORE INTO sms_mobile (mobile) VALUES (:mobile)")
    void ensureMobile(String mobile);

    @SqlQuery("SELECT mobile FROM sms_mobile WHERE mobile = :mobile FOR UPDATE")
    String lockMobile(String mobile);

    @SqlQuery("SELECT COUNT(*) FROM sms_code WHERE mobile = :mobile AND create_time > NOW(3) - INTERVAL :seconds SECOND")
    int countSentWithin(String mobile, long seconds);

    @SqlUpdate("UPDATE sms_code SET used_time = NOW(3) WHERE mobile = :mobile AND used_time IS NULL")
    void supersede(String mobile);

    @SqlUpdate("INSERT INTO sms_code (mobile, code_hash, expire_time) VALUES (:mobile, :codeHash, NOW(3) + INTERVAL :ttlSeconds SECOND)")
    void insert(String mobile, String codeHash, long ttlSeconds);

    @SqlQuery("SELECT id, mobile, code_hash, wrong_tries, (used_time IS NULL AND expire_time > NOW(3)) AS live "
            + "FROM sms_code WHERE mobile = :mobile ORDER BY id DESC LIMIT 1 FOR UPDATE")
    Optional<SmsCode> newestForUpdate(String mobile);

    @SqlUpdate("UPDATE sms_code SET used_time = NOW(3) WHERE id = :id")
    void markUsed(long id);

    /** One more wrong try; the {@code maxTries}-th burns the code. */
    @SqlUpdate("UPDATE sms_code SET used_time = IF(wrong_tries + 1 >= :maxTries, NOW(3), used_time), "
            + "wrong_tries = wrong_tries + 1 WHERE id = :id")
    void addWrongTry(long id, int maxTries);
}
